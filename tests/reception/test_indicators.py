"""Reception figures on a small log whose answers are counted by hand."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import Role
from relais.agenda.services import book, change_status
from relais.core.indicators import Period, Scope
from relais.reception import indicators
from relais.reception.models import (
    Channel,
    Interpreting,
    InterpretingSession,
    Motive,
    VisitMotive,
)
from relais.reception.services import record_visit
from tests.factories import MembershipFactory
from tests.reception.conftest import TUESDAY, at

YEAR = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def log(world, visit_data, site_b):
    """MDS A: 4 visits; MDS B: 1 visit. Counted by hand in each test below."""
    agent_a, agent_b = world.user("reception_a"), world.user("reception_b_for_test")
    record_visit(user=agent_a, data=visit_data(is_first_contact=True))  # housing + budget
    record_visit(user=agent_a, data=visit_data(channel=Channel.PHONE, motives=[Motive.HOUSING]))
    record_visit(
        user=agent_a,
        data=visit_data(
            occurred_at=at(TUESDAY, 18),
            motives=[Motive.FOOD_AID],
            interpreting=Interpreting.PROFESSIONAL_PHONE,
            interpreting_language="ar",
            interpreting_duration=20,
        ),
    )
    record_visit(
        user=agent_a,
        data=visit_data(
            motives=[Motive.FAMILY],
            interpreting=Interpreting.RELATIVE,
            interpreting_language="tr",
            interpreting_duration=10,
            is_first_contact=True,
        ),
    )
    record_visit(user=agent_b, data=visit_data(site=site_b, channel=Channel.PHONE))
    return world


@pytest.fixture
def agent_b(world):
    membership = MembershipFactory(organisation=world.mds_b, role=Role.RECEPTION_OFFICER)
    membership.user.membership = membership
    world.users["reception_b_for_test"] = membership.user
    return membership.user


def scope(world, organisation=None):
    return Scope(world.mds_a.departement_id, organisation.pk if organisation else None)


def value(rows, label):
    return next(row["value"] for row in rows if row["label"] == label)


def test_visits_by_channel(agent_b, log):
    mds_a = indicators.visits_by_channel(YEAR, scope(log, log.mds_a))
    assert value(mds_a, "Sur place, sans rendez-vous") == 3
    assert value(mds_a, "Téléphone") == 1
    departement = indicators.visits_by_channel(YEAR, scope(log))
    assert value(departement, "Téléphone") == 2


def test_a_visit_counts_once_for_each_of_its_motives(agent_b, log):
    rows = indicators.visits_by_motive(YEAR, scope(log, log.mds_a))
    assert value(rows, "Logement") == 2
    assert value(rows, "Budget") == 1
    assert value(rows, "Aide alimentaire") == 1


def test_first_contacts_and_their_share(agent_b, log):
    assert indicators.first_contacts(YEAR, scope(log, log.mds_a)) == {
        "nombre": 2,
        "part des passages": 0.5,
    }


def test_share_outside_opening_hours(agent_b, log):
    # Only the 18:00 visit is outside MDS A's hours (8:30–12:00, 13:30–17:00).
    assert indicators.outside_hours_share(YEAR, scope(log, log.mds_a)) == pytest.approx(1 / 4)


def test_interpreting_counts_professionals_only(agent_b, log):
    figures = indicators.interpreting(YEAR, scope(log, log.mds_a))
    assert figures["séances"] == 1
    assert figures["langue : Arabe"] == 1
    assert not any("Turc" in key for key in figures)


def test_an_empty_period_says_so_rather_than_zero_percent(world):
    empty = Period(dt.date(2020, 1, 1), dt.date(2020, 1, 31))
    assert indicators.outside_hours_share(empty, scope(world)) is None
    assert indicators.first_contacts(empty, scope(world))["part des passages"] is None


def test_an_appointments_interpreting_session_is_counted_once_recorded(
    world, agenda_a, motive, as_user
):
    slot = agenda_a.slots.filter(start__gte=timezone.now()).order_by("start").first()
    appointment = book(
        user=world.user("reception_a"),
        slot_id=slot.pk,
        person=world.person_a,
        motive=motive,
        mode="in_person",
        requested_at=timezone.localdate(),
        interpreter_language="Arabe",
    )
    client = as_user(world.user("reception_a"))
    url = reverse(
        "reception:appointment_interpreting", kwargs={"appointment_uuid": appointment.uuid}
    )
    assert client.get(url).context["form"].initial["language"] == "ar"
    data = {"language": "ar", "mode": "phone", "duration_minutes": 25}
    refused = client.post(url, data)  # still planned: not yet held
    assert "honoré" in refused.content.decode()
    assert not InterpretingSession.objects.exists()
    change_status(user=world.user("reception_a"), appointment=appointment, status="seen")
    assert client.post(url, data).status_code == 302
    session = InterpretingSession.objects.get()
    assert (session.appointment, session.duration_minutes) == (appointment, 25)
    period = Period(
        timezone.localdate() - dt.timedelta(days=1), timezone.localdate() + dt.timedelta(days=400)
    )
    assert indicators.interpreting(period, scope(world, world.mds_a))["séances"] == 1


def test_a_visits_motives_carry_its_time_and_place_for_the_counts(agent_b, log):
    for row in VisitMotive.objects.select_related("visit"):
        assert (row.occurred_at, row.organisation_id, row.site_id) == (
            row.visit.occurred_at,
            row.visit.organisation_id,
            row.visit.site_id,
        )
    assert VisitMotive.objects.count() == 7  # 2 + 1 + 1 + 1 at MDS A, 2 at MDS B
