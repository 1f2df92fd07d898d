"""Convening the week's new entrants in one action."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from relais.agenda.models import Appointment
from relais.core.models import Notification
from relais.people.services import record_consent
from relais.rsa.models import Convocation
from relais.rsa.services.convocation import MINIMUM_NOTICE, convene
from tests.factories import PersonFactory
from tests.rsa.pathway_helpers import enter_duties


@pytest.fixture
def entrants(world):
    today = timezone.localdate()
    first = PersonFactory(commune=world.commune_a, phone="0601020304", email="")
    second = PersonFactory(commune=world.commune_a, phone="0605060708", email="")
    for person in (first, second):
        enter_duties(person, today - dt.timedelta(days=2))
    return first, second


def test_each_person_gets_an_orientation_slot_in_an_ade_agenda_of_their_sector(
    world, ade_agenda, entrants
):
    report = convene(user=world.user("reception_a"), persons=list(entrants))
    assert report.not_convened == []
    appointments = [c.appointment for c in report.convened]
    assert {a.person for a in appointments} == set(entrants)
    assert {a.agenda for a in appointments} == {ade_agenda}
    assert {a.motive.code for a in appointments} == {"orientation_rsa"}
    assert len({a.slot_id for a in appointments}) == 2, "two persons, two different slots"
    earliest = timezone.localdate() + MINIMUM_NOTICE
    assert all(timezone.localtime(a.start).date() >= earliest for a in appointments)
    assert len({c.batch for c in report.convened}) == 1


def test_a_text_goes_only_to_those_who_agreed_to_texts(world, ade_agenda, entrants):
    agreed, silent = entrants
    record_consent(user=world.user("reception_a"), person=agreed, purpose="sms", given=True)
    report = convene(user=world.user("reception_a"), persons=[agreed, silent])
    sent = {c.person: c.sent_by_sms for c in report.convened}
    assert sent == {agreed: True, silent: False}
    texts = Notification.objects.filter(kind="rsa_convocation", channel="sms")
    assert list(texts.values_list("recipient", flat=True)) == [agreed.phone]


def test_a_person_outside_every_sector_is_reported_not_convened(world, ade_agenda):
    elsewhere = PersonFactory(commune=None)
    enter_duties(elsewhere, timezone.localdate())
    report = convene(user=world.user("reception_a"), persons=[elsewhere])
    assert report.convened == []
    assert report.not_convened == [
        (elsewhere, "commune hors des secteurs des MDS : convoquez manuellement")
    ]
    assert not Appointment.objects.filter(person=elsewhere).exists()


def test_no_free_slot_is_reported_and_nothing_is_booked(world, orientation_motive, entrants):
    report = convene(user=world.user("reception_a"), persons=[entrants[0]])
    assert report.convened == []
    assert "plus de créneau libre" in report.not_convened[0][1]
    assert not Convocation.objects.exists()


def test_a_person_already_convened_is_not_convened_twice(world, ade_agenda, entrants):
    convene(user=world.user("reception_a"), persons=[entrants[0]])
    report = convene(user=world.user("reception_a"), persons=[entrants[0]])
    assert report.convened == []
    assert "déjà convoqué" in report.not_convened[0][1]
    assert Appointment.objects.filter(person=entrants[0]).count() == 1


def test_the_screen_convenes_and_offers_one_pdf_with_the_mandatory_mentions(
    world, ade_agenda, entrants, as_user
):
    client = as_user(world.user("reception_a"))
    response = client.post(
        "/rsa/primo-entrants/convoquer/", {"personnes": [str(p.uuid) for p in entrants]}
    )
    assert response.status_code == 200
    assert "2 personnes convoquées" in response.content.decode()
    batch = Convocation.objects.first().batch
    pdf = client.get(f"/rsa/convocations/{batch}/courriers.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert len(reader.pages) == 2, "one letter per person"
    for mention in ("droits et devoirs", "Si vous ne venez pas", "équipe pluridisciplinaire"):
        assert mention in text
    assert entrants[0].birth_name.upper() in text


def test_another_mds_cannot_download_the_letters(world, ade_agenda, entrants, as_user):
    report = convene(user=world.user("reception_a"), persons=list(entrants))
    response = as_user(world.user("manager_b")).get(
        f"/rsa/convocations/{report.batch}/courriers.pdf"
    )
    assert response.status_code == 404
