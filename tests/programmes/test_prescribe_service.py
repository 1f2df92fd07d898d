"""Sending a prescription: consent, eligibility and derogation, duplicates, who is told."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.core.models import Notification
from relais.people.models import Consent, Event
from relais.programmes.models import Prescription
from relais.programmes.services import ProgrammeError
from relais.programmes.services import prescriptions as services
from tests.programmes.helpers import consent, make_programme, make_session

pytestmark = pytest.mark.django_db


def send(world, person, programme, **extra):
    return services.prescribe(
        user=world.user("social_worker_a"),
        person=person,
        programme=programme,
        objective="Reprendre confiance",
        **extra,
    )


def test_without_consent_nothing_is_sent(world, programme):
    with pytest.raises(ProgrammeError, match="n'a pas donné son accord"):
        send(world, world.person_a, programme)
    assert not Prescription.objects.exists()


def test_a_withdrawn_consent_wins_over_an_older_yes(world, programme):
    consent(world.person_a, True)
    consent(world.person_a, False)
    with pytest.raises(ProgrammeError, match="accord"):
        send(world, world.person_a, programme)


def test_consent_recorded_with_the_prescription(world, programme):
    prescription = send(world, world.person_a, programme, consent_now=True)
    assert prescription.pk
    recorded = Consent.objects.get(person=world.person_a)
    assert (recorded.purpose, recorded.given) == (Consent.Purpose.PRESCRIPTION, True)


def test_an_ineligible_person_needs_a_written_derogation(world, consented):
    young = make_programme(world.partner, name="TAPAJ", min_age=16, max_age=25)
    with pytest.raises(ProgrammeError, match="écrivez le motif de la dérogation") as error:
        send(world, consented, young, derogation_reason="   ")
    assert "l'action accueille les 16–25 ans" in str(error.value)
    assert not Prescription.objects.exists()
    prescription = send(world, consented, young, derogation_reason="Situation de rue avérée")
    assert prescription.eligible is False
    assert prescription.derogation_reason == "Situation de rue avérée"
    assert prescription.eligibility[0]["state"] == "failed"


def test_an_eligible_prescription_keeps_its_explanation_not_a_derogation(world, consented):
    programme = make_programme(world.partner, min_age=18)
    prescription = send(world, consented, programme, derogation_reason="inutile")
    assert prescription.eligible and prescription.derogation_reason == ""
    event = Event.objects.get(person=consented, kind=Event.Kind.PROGRAMME)
    assert event.summary.startswith(f"Prescription vers « {programme.name} » (éligible : ")


def test_the_area_comes_from_communes_and_sectors(world, consented):
    by_sector = make_programme(world.partner, code="secteur")
    by_sector.sectors.add(world.mds_b.sectors.get())
    with pytest.raises(ProgrammeError, match="hors du territoire"):
        send(world, consented, by_sector)
    by_sector.sectors.add(world.mds_a.sectors.get())
    assert send(world, consented, by_sector).eligible


def test_one_open_prescription_per_person_and_programme(world, programme, consented):
    first = send(world, consented, programme)
    with pytest.raises(ProgrammeError, match="déjà en cours"):
        send(world, consented, programme)
    services.refuse(user=world.user("operator"), prescription=first, reason="declined")
    assert send(world, consented, programme).pk != first.pk


def test_a_closed_programme_or_a_past_session_is_refused(world, programme, consented):
    programme.is_active = False
    programme.save()
    with pytest.raises(ProgrammeError, match="n'accepte pas"):
        send(world, consented, programme)
    dated = make_programme(world.partner, capacity_model="intake", intake_mode="dated", places=None)
    past = make_session(dated, timezone.localdate() - dt.timedelta(days=100), 5, days=30)
    with pytest.raises(ProgrammeError, match="session"):
        send(world, consented, dated, session=past)


def test_the_operator_and_the_referent_are_told_without_the_persons_name(world, consented):
    programme = make_programme(world.partner)
    consented.referent = world.user("employment_agent_a")
    consented.save()
    send(world, consented, programme)
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {world.user("operator").email, world.user("employment_agent_a").email}
    for body in Notification.objects.values_list("body", flat=True):
        assert consented.birth_name not in body and consented.first_names not in body
        assert "/offre/" in body


def test_the_change_is_audited(world, programme, consented):
    prescription = send(world, consented, programme)
    record = ChangeRecord.objects.get(object_id=str(prescription.pk))
    assert record.changes["status"] == ["", "sent"]
    assert record.user == world.user("social_worker_a")
