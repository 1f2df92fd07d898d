"""Absent at the orientation appointment: the file goes on the EP's list (action sheet 4.1)."""

import uuid

import pytest
from django.utils import timezone

from relais.agenda import services as agenda
from relais.agenda.slots import materialise
from relais.rsa.models import Convocation, EpCase
from relais.rsa.services import ep
from tests.agenda.fixtures import add_opening, make_agenda
from tests.factories import SiteFactory


def book(world, agenda_, motive, person=None):
    slot = (
        agenda_.slots.filter(is_booked=False, start__gte=timezone.now()).order_by("start").first()
    )
    return agenda.book(
        user=world.user("reception_a"),
        slot_id=slot.pk,
        person=person or world.person_a,
        motive=motive,
        mode="in_person",
        requested_at=timezone.localdate(),
    )


def convene(world, appointment, purpose=Convocation.Purpose.ORIENTATION):
    return Convocation.objects.create(
        person=appointment.person,
        purpose=purpose,
        appointment=appointment,
        batch=uuid.uuid4(),
        organisation=world.mds_a,
        created_by=world.user("reception_a"),
    )


def test_a_no_show_at_the_orientation_appointment_lists_the_file(world, agenda_a, motive):
    appointment = book(world, agenda_a, motive)
    convene(world, appointment)
    agenda.change_status(
        user=world.user("employment_agent_a"), appointment=appointment, status="no_show"
    )
    case = EpCase.objects.get(person=world.person_a)
    day = timezone.localtime(appointment.start).strftime("%d/%m/%Y")
    assert (case.theme, case.mds, case.status) == ("orientation_absence", world.mds_a, "listed")
    assert case.source_summary == f"Absent·e au rendez-vous d'orientation du {day}"
    assert case.listed_by == world.user("employment_agent_a")
    assert world.person_a.events.filter(
        summary="Inscrit·e à l'ordre du jour de l'équipe pluridisciplinaire : absence à l'entretien d'orientation"
    ).exists()


@pytest.mark.parametrize("status", ["seen", "excused", "cancelled"])
def test_other_outcomes_list_nothing(world, agenda_a, motive, status):
    appointment = book(world, agenda_a, motive)
    convene(world, appointment)
    agenda.change_status(user=world.user("reception_a"), appointment=appointment, status=status)
    assert not EpCase.objects.exists()


def test_a_missed_appointment_without_convocation_lists_nothing(world, agenda_a, motive):
    appointment = book(world, agenda_a, motive)
    agenda.change_status(user=world.user("reception_a"), appointment=appointment, status="no_show")
    assert not EpCase.objects.exists()


def test_a_missed_appointment_convened_for_another_purpose_lists_nothing(world, agenda_a, motive):
    appointment = book(world, agenda_a, motive)
    convene(world, appointment, purpose=Convocation.Purpose.EP)
    agenda.change_status(user=world.user("reception_a"), appointment=appointment, status="no_show")
    assert not EpCase.objects.exists()


def test_a_second_absence_finds_the_file_already_listed(world, agenda_a, motive):
    for _ in range(2):
        appointment = book(world, agenda_a, motive)
        convene(world, appointment)
        agenda.change_status(
            user=world.user("reception_a"), appointment=appointment, status="no_show"
        )
    assert EpCase.objects.filter(person=world.person_a).count() == 1


def test_held_outside_an_mds_the_file_goes_to_the_mds_of_the_persons_sector(world, motive):
    SiteFactory(organisation=world.partner, commune=world.commune_a, name="Antenne partenaire")
    agenda_ = make_agenda(world, organisation=world.partner)
    for weekday in range(5):
        add_opening(agenda_, [motive], weekday=weekday)
    materialise(agenda_)
    appointment = book(world, agenda_, motive, person=world.person_b)  # lives in MDS B's sector
    convene(world, appointment)
    agenda.change_status(user=world.user("operator"), appointment=appointment, status="no_show")
    assert EpCase.objects.get(person=world.person_b).mds == world.mds_b


def test_the_listing_rolls_back_with_the_status_change(world, agenda_a, motive, monkeypatch):
    appointment = book(world, agenda_a, motive)
    convene(world, appointment)

    def broken(**kwargs):
        raise ep.EpError("panne")

    monkeypatch.setattr("relais.rsa.receivers.list_case", broken)
    with pytest.raises(ep.EpError):
        agenda.change_status(
            user=world.user("reception_a"), appointment=appointment, status="no_show"
        )
    appointment.refresh_from_db()
    assert appointment.status == "planned"
