"""Capacity models, the waiting list's order and promotion, and the estimated entry dates."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.core.models import Notification
from relais.programmes.models import Prescription, Status
from relais.programmes.queries import waitlist as queries
from relais.programmes.services import ProgrammeError
from relais.programmes.services import prescriptions as services
from tests.programmes.helpers import consented_person, make_coach, make_programme, make_session

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def persons(world):
    return [consented_person(world.commune_a, birth_name=f"PERS{i}") for i in range(6)]


def send(world, person, programme, user="social_worker_a"):
    return services.prescribe(
        user=world.user(user), person=person, programme=programme, objective="Objectif"
    )


def accept(world, prescription, **extra):
    return services.accept(user=world.user("operator"), prescription=prescription, **extra)


def test_continuous_places_then_the_waiting_list_in_order(world, programme, persons):
    answers = [accept(world, send(world, p, programme)) for p in persons[:4]]
    assert [a.status for a in answers] == [
        Status.ACCEPTED,
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    assert [queries.position(a) for a in answers] == [None, None, 1, 2]
    assert [row["prescription"] for row in queries.waiting_list(programme, TODAY)] == answers[2:]


def test_a_freed_place_goes_to_the_first_in_line_and_their_prescriber_is_told(
    world, programme, persons
):
    first, second, third, fourth = (
        accept(world, send(world, p, programme, user=u))
        for p, u in zip(
            persons,
            ["social_worker_a", "social_worker_a", "employment_agent_a", "manager_a"],
            strict=False,
        )
    )
    Notification.objects.all().delete()
    services.withdraw(user=world.user("social_worker_a"), prescription=first, reason="Autre projet")
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Status.ACCEPTED and fourth.status == Status.WAITLISTED
    assert queries.position(fourth) == 1
    told = Notification.objects.filter(recipient=world.user("employment_agent_a").email)
    assert told.get().subject == "Place proposée"
    # Ending in the action frees a place too.
    services.enter(
        user=world.user("operator"), prescription=second, entered_on=timezone.localdate()
    )
    services.end(
        user=world.user("operator"),
        prescription=second,
        ended_on=timezone.localdate(),
        outcome="training",
    )
    fourth.refresh_from_db()
    assert fourth.status == Status.ACCEPTED


def test_a_waitlisted_person_cannot_be_accepted_while_full(world, programme, persons):
    for p in persons[:2]:
        accept(world, send(world, p, programme))
    waiting = accept(world, send(world, persons[2], programme))
    with pytest.raises(ProgrammeError, match="reste en liste d'attente"):
        accept(world, waiting)


def test_a_refusal_frees_nothing_because_it_held_nothing(world, programme, persons):
    for p in persons[:2]:
        accept(world, send(world, p, programme))
    waiting = accept(world, send(world, persons[2], programme))
    pending = send(world, persons[3], programme)
    services.refuse(user=world.user("operator"), prescription=pending, reason="unreachable")
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_dated_intakes_fill_session_by_session(world, persons):
    dated = make_programme(world.partner, capacity_model="intake", intake_mode="dated", places=None)
    today = timezone.localdate()
    soon = make_session(dated, today + dt.timedelta(days=10), 1)
    later = make_session(dated, today + dt.timedelta(days=40), 1)
    make_session(dated, today - dt.timedelta(days=200), 5, days=30)  # over: never offered
    answers = [accept(world, send(world, p, dated)) for p in persons[:3]]
    assert [a.session for a in answers[:2]] == [soon, later]
    assert answers[2].status == Status.WAITLISTED
    # No session planned beyond: one like the last, a usual duration (90 days) after it.
    assert queries.estimate_for(answers[2], today) == today + dt.timedelta(days=130)


def test_a_session_under_way_is_never_offered(world, persons):
    dated = make_programme(world.partner, capacity_model="intake", intake_mode="dated", places=None)
    today = timezone.localdate()
    make_session(dated, today - dt.timedelta(days=5), 10)  # started: its places are not offered
    waiting = accept(world, send(world, persons[0], dated))
    assert waiting.status == Status.WAITLISTED
    assert queries.estimate_for(waiting, today) is None  # nothing planned to come
    coming = make_session(dated, today + dt.timedelta(days=3), 1)
    services.promote_waiting(user=world.user("operator"), programme=dated)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.session) == (Status.ACCEPTED, coming)


def test_an_asked_session_that_is_full_waitlists(world, persons):
    dated = make_programme(world.partner, capacity_model="intake", intake_mode="dated", places=None)
    today = timezone.localdate()
    soon = make_session(dated, today + dt.timedelta(days=10), 1)
    make_session(dated, today + dt.timedelta(days=40), 1)
    accept(world, send(world, persons[0], dated), session=soon)
    assert accept(world, send(world, persons[1], dated), session=soon).status == Status.WAITLISTED


def test_coaches_portfolio(world, persons):
    coaching = make_programme(
        world.partner, capacity_model="portfolio", portfolio_size=2, places=None
    )
    anna = make_coach(coaching, first_name="Anna")
    basile = make_coach(coaching, first_name="Basile")
    answers = [accept(world, send(world, p, coaching)) for p in persons[:5]]
    assert [a.status for a in answers].count(Status.ACCEPTED) == 4
    loads = Prescription.objects.filter(status=Status.ACCEPTED).values_list("coach", flat=True)
    assert sorted(loads) == sorted([anna.pk, anna.pk, basile.pk, basile.pk])
    assert answers[4].status == Status.WAITLISTED


def test_a_full_coach_asked_by_name_waitlists(world, persons):
    coaching = make_programme(
        world.partner, capacity_model="portfolio", portfolio_size=1, places=None
    )
    anna = make_coach(coaching)
    make_coach(coaching)
    accept(world, send(world, persons[0], coaching), coach_id=anna.pk)
    second = accept(world, send(world, persons[1], coaching), coach_id=anna.pk)
    assert second.status == Status.WAITLISTED


def _held(programme, persons, world, entered_days_ago):
    for person, days in zip(persons, entered_days_ago, strict=False):
        p = accept(world, send(world, person, programme))
        Prescription.objects.filter(pk=p.pk).update(
            status=Status.ENTERED, entered_on=TODAY - dt.timedelta(days=days)
        )


def test_estimated_entries_follow_places_and_usual_duration(world, persons):
    programme = make_programme(world.partner, places=2, usual_duration_days=90)
    # Two places held, entered 80 and 30 days ago: they free in 10 and 60 days.
    _held(programme, persons[:2], world, [80, 30])
    estimates = queries.estimated_entries(programme, 4, TODAY)
    day = dt.timedelta(days=1)
    assert estimates == [TODAY + 10 * day, TODAY + 60 * day, TODAY + 100 * day, TODAY + 150 * day]


def test_an_overdue_holder_frees_today_at_the_latest(world, persons):
    programme = make_programme(world.partner, places=1, usual_duration_days=90)
    _held(programme, persons[:1], world, [200])
    assert queries.estimated_entries(programme, 1, TODAY) == [TODAY]
