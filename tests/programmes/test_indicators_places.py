"""The insertion offer's figures on hand-computed datasets (continued): occupancy, outcomes,
the yearly targets. March 2026 throughout, as in test_indicators.py."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.core.indicators import Period, Scope
from relais.programmes import indicators as figures
from relais.programmes.models import (
    CapacityModel,
    LanguageAssessment,
    Prescription,
    ProgrammeCoach,
    Status,
    TargetUnit,
)
from tests.factories import MembershipFactory, PersonFactory
from tests.programmes.helpers import make_coach, make_programme, make_session
from tests.programmes.test_indicators import add, at, d, figure, make_other, make_plaine

pytestmark = pytest.mark.django_db


@pytest.fixture
def plaine(world):
    return make_plaine(world)


@pytest.fixture
def other(world):
    return make_other()


def test_occupancy_of_a_continuous_programme_on_the_last_evening(world, plaine, other):
    holding = {"status": Status.ACCEPTED}
    add(world, plaine, accepted=d(3, 1), **holding)  # held
    add(world, plaine, accepted=at(d(3, 31), 23, 0), **holding)  # held
    add(world, plaine, accepted=d(4, 1), **holding)  # not yet
    ended = {"status": Status.ENDED, "accepted": d(2, 1), "entered_on": d(2, 2), "outcome": "moved"}
    add(world, plaine, ended_on=d(3, 31), **ended)  # left on the last day: freed
    add(world, plaine, ended_on=d(4, 1), **ended)  # still there on March 31
    add(world, plaine, status=Status.ENTERED, accepted=d(2, 1), entered_on=d(2, 2))  # held
    withdrawn = {"status": Status.WITHDRAWN, "accepted": d(3, 1)}
    add(world, plaine, withdrawn=d(3, 31), **withdrawn)  # freed
    add(world, plaine, withdrawn=d(4, 2), **withdrawn)  # held on March 31
    add(world, other, accepted=d(3, 1), **holding)
    assert figure("occupancy", plaine) == {"held": 5, "capacity": 5, "value": 1.0}
    plaine.places = 8
    plaine.save()
    assert figure("occupancy", plaine) == {"held": 5, "capacity": 8, "value": 0.625}
    assert figure("occupancy", other) == {"held": 1, "capacity": 2, "value": 0.5}


def test_occupancy_counts_coaches_portfolios_and_the_sessions_not_over(world):
    coaching = make_programme(
        world.partner, code="coaching", capacity_model=CapacityModel.PORTFOLIO, portfolio_size=3
    )
    make_coach(coaching)
    make_coach(coaching)
    retired = MembershipFactory(organisation=world.partner, role="operator").user
    ProgrammeCoach.objects.create(programme=coaching, user=retired, is_active=False)
    for _ in range(3):
        add(world, coaching, status=Status.ACCEPTED, accepted=d(3, 2))
    assert figure("occupancy", coaching) == {"held": 3, "capacity": 6, "value": 0.5}

    fle = make_programme(
        world.partner, code="fle", capacity_model=CapacityModel.INTAKE, places=None
    )
    make_session(fle, d(3, 1), places=10, days=60)  # runs on March 31
    make_session(fle, d(1, 1), places=8, days=88)  # over on March 30
    add(world, fle, status=Status.ACCEPTED, accepted=d(3, 2))
    assert figure("occupancy", fle) == {"held": 1, "capacity": 10, "value": 0.1}

    empty = make_programme(
        world.partner, code="vide", capacity_model=CapacityModel.PORTFOLIO, portfolio_size=30
    )
    assert figure("occupancy", empty) == {"held": 0, "capacity": 0, "value": None}


def ended(world, programme, ended_on, outcome):
    return add(
        world,
        programme,
        status=Status.ENDED,
        accepted=d(1, 5),
        entered_on=d(1, 6),
        ended_on=ended_on,
        outcome=outcome,
    )


def test_outcomes_and_positive_exit_rate_of_those_who_ended_in_the_period(world, plaine, other):
    ended(world, plaine, d(3, 1), "durable_job")
    ended(world, plaine, d(3, 10), "short_job")
    ended(world, plaine, d(3, 15), "dropped_out")
    ended(world, plaine, d(3, 20), "dropped_out")
    ended(world, plaine, d(3, 31), "training")
    ended(world, plaine, d(2, 28), "durable_job")  # before
    ended(world, plaine, d(4, 1), "moved")  # after
    ended(world, other, d(3, 5), "durable_job")
    value = figure("outcomes", plaine)
    assert value["count"] == 5
    assert value["by_outcome"] == {
        "durable_job": 1,
        "short_job": 1,
        "training": 1,
        "other_programme": 0,
        "completed": 0,
        "dropped_out": 2,
        "moved": 0,
        "other": 0,
    }
    assert figure("positive_exit_rate", plaine) == {"count": 5, "numerator": 3, "value": 0.6}
    assert figure("positive_exit_rate", other) == {"count": 1, "numerator": 1, "value": 1.0}


def test_plaine_persons_in_the_year_to_date_against_20(world, plaine, other):
    def stay(entered_on, ended_on=None, person=None):
        status = Status.ENDED if ended_on else Status.ENTERED
        fields = {"ended_on": ended_on, "outcome": "completed"} if ended_on else {}
        return add(
            world,
            plaine,
            person=person,
            status=status,
            accepted=entered_on,
            entered_on=entered_on,
            **fields,
        )

    stay(d(11, 1, 2025), d(1, 1))  # still there on January 1: counted
    stay(d(10, 1, 2025), d(12, 31, 2025))  # gone before the year: not counted
    stay(d(3, 31))  # entered on the period's last day: counted
    stay(d(4, 1))  # after the period's end: not counted
    twice = PersonFactory(commune=world.commune_a)
    stay(d(1, 10), d(2, 1), person=twice)
    stay(d(3, 1), person=twice)  # the same person twice: counted once
    stay(d(2, 1))  # counted
    add(world, plaine, status=Status.ACCEPTED, accepted=d(2, 1))  # never entered
    add(world, other, status=Status.ENTERED, accepted=d(2, 1), entered_on=d(2, 1))
    assert figure("yearly_target", plaine) == {
        "year": 2026,
        "from": "2026-01-01",
        "unit": "persons",
        "target": 20,
        "count": 4,
        "value": 0.2,
    }
    assert figure("yearly_target", other) is None  # no target on its sheet


def test_cibc_assessments_in_the_year_to_date_against_900(world, other):
    cibc = make_programme(
        world.partner,
        code="cibc",
        name="Plateforme linguistique",
        kind="language_platform",
        action_sheet="8.3",
        yearly_target=900,
        target_unit=TargetUnit.ASSESSMENTS,
    )
    first = add(world, cibc, status=Status.ENTERED, accepted=d(1, 2), entered_on=d(1, 2))
    second = add(world, cibc, status=Status.ENTERED, accepted=d(1, 2), entered_on=d(1, 2))
    elsewhere = add(world, other, status=Status.ENTERED, accepted=d(1, 2), entered_on=d(1, 2))
    days = [
        (first, "initial", d(12, 31, 2025)),  # last year
        (first, "initial", d(1, 1)),
        (first, "final", d(3, 31)),  # the period's last day
        (second, "initial", d(2, 15)),
        (second, "final", d(4, 1)),  # after the period
        (elsewhere, "initial", d(2, 15)),  # another programme's
    ]
    for prescription, kind, day in days:
        LanguageAssessment.objects.create(
            prescription=prescription,
            kind=kind,
            assessed_on=day,
            assessor=world.user("operator"),
            oral_comprehension="A1",
            oral_expression="A1",
            written_comprehension="A0",
            written_expression="A0",
        )
    value = figure("yearly_target", cibc)
    assert (value["count"], value["target"], value["unit"]) == (3, 900, "assessments")
    assert value["value"] == pytest.approx(3 / 900)
    # Over 2025 only the December assessment counts.
    last_year = Period(d(1, 1, 2025), d(12, 31, 2025))
    assert figure("yearly_target", cibc, period=last_year)["count"] == 1


def test_a_session_over_no_longer_holds_places_in_the_occupancy(world):
    """Persons whose exit was not recorded in a finished session do not fill today's places."""
    today = timezone.localdate()
    dated = make_programme(world.partner, capacity_model="intake", intake_mode="dated", places=None)
    over = make_session(dated, today - dt.timedelta(days=100), 2, days=30)
    make_session(dated, today + dt.timedelta(days=10), 4)
    for _ in range(2):
        Prescription.objects.create(
            departement=dated.departement,
            programme=dated,
            person=PersonFactory(commune=world.commune_a),
            session=over,
            prescriber=world.user("social_worker_a"),
            prescriber_organisation=world.mds_a,
            objective="x",
            eligible=True,
            status=Status.ENTERED,
            sent_at=timezone.now() - dt.timedelta(days=120),
            accepted_at=timezone.now() - dt.timedelta(days=110),
            entered_on=today - dt.timedelta(days=100),
        )
    value = figures.occupancy(
        Period(today - dt.timedelta(days=30), today), Scope(dated.departement_id)
    )
    assert value[dated.code]["held"] == 0
