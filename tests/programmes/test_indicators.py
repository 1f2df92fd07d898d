"""The insertion offer's figures on hand-computed datasets: each figure exact, the period's
first and last days included (local days, not UTC ones), another programme never counted.

Rows are written directly with explicit dates: the services stamp "now", the figures read
the past. The period is March 2026 throughout.
"""

import datetime as dt

import pytest
from django.utils import timezone

from relais.core.indicators import Period, Scope
from relais.programmes import indicators as figures
from relais.programmes.models import (
    Prescription,
    Status,
    TargetUnit,
)
from tests.factories import OrganisationFactory, PersonFactory
from tests.programmes.helpers import make_programme

pytestmark = pytest.mark.django_db

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment of a local (Paris) day."""
    return dt.datetime.combine(day, dt.time(hour, minute), timezone.get_current_timezone())


TIMESTAMPS = ("sent", "answered", "waitlisted", "accepted", "refused", "withdrawn")


def add(world, programme, *, person=None, **fields) -> Prescription:
    """A prescription with explicit dates: sent/answered/waitlisted/accepted/refused/withdrawn
    take a date (10:00 local) or a datetime; entered_on/ended_on a date."""
    values = {"status": Status.SENT, "sent": d(1, 5)}
    values.update(fields)
    for name in TIMESTAMPS:
        value = values.pop(name, None)
        if isinstance(value, dt.datetime) or value is None:
            values[f"{name}_at"] = value
        else:
            values[f"{name}_at"] = at(value)
    if values["status"] == Status.REFUSED:
        values.setdefault("refusal_reason", "declined")
    prescription = Prescription.objects.create(
        departement=programme.departement,
        programme=programme,
        person=person or PersonFactory(commune=world.commune_a),
        prescriber=world.user("social_worker_a"),
        prescriber_organisation=world.mds_a,
        objective="Remobilisation",
        eligible=True,
        **values,
    )
    return prescription


def make_plaine(world):
    """Run by the world's partner (the operator persona): 5 places, 20 persons a year."""
    return make_programme(
        world.partner,
        code="plaine",
        name="PLAINE Emploi",
        places=5,
        yearly_target=20,
        target_unit=TargetUnit.PERSONS,
    )


def make_other():
    """Another operator's programme: its rows must never reach PLAINE's figures."""
    return make_programme(
        OrganisationFactory(name="EPICE 82", kind="association"), code="tapaj", name="TAPAJ 82"
    )


@pytest.fixture
def plaine(world):
    return make_plaine(world)


@pytest.fixture
def other(world):
    return make_other()


def figure(name, programme, period=MARCH, scope=None, programmes=None):
    scope = scope or Scope(programme.departement_id)
    return figures.BY_NAME[name].compute(period, scope, programmes)[programme.code]


def test_it_registers_nine_figures_with_a_definition_and_the_action_sheets():
    assert figures.NAMES == [
        "prescriptions_sent",
        "acceptance_rate",
        "entry_delay_days",
        "waiting_list_length",
        "mean_wait_days",
        "occupancy",
        "outcomes",
        "positive_exit_rate",
        "yearly_target",
    ]
    for indicator in figures.PROGRAMME_INDICATORS:
        assert indicator.code.startswith("programmes.") and indicator.group == "programmes"
        assert len(indicator.definition) > 100 and indicator.unit
    assert figures.BY_NAME["occupancy"].action_sheets == ("7.1", "8.1", "8.2", "8.3", "8.4", "8.6")
    assert "900" in figures.BY_NAME["yearly_target"].target


def test_prescriptions_sent_count_the_local_days_of_the_period(world, plaine, other):
    tz_edge = [
        at(d(2, 28), 23, 30),  # out: still February in Paris (though March 1 is near)
        at(d(3, 1), 0, 10),  # in: 23:10 UTC on February 28
        at(d(3, 31), 23, 50),  # in: the last day, late
        at(d(4, 1), 0, 5),  # out: 22:05 UTC on March 31
        at(d(4, 1), 1, 30),  # out
    ]
    for moment in tz_edge:
        add(world, plaine, sent=moment)
    add(world, plaine, sent=d(3, 15), status=Status.WITHDRAWN, withdrawn=d(3, 16))
    add(world, other, sent=d(3, 10))
    assert figure("prescriptions_sent", plaine) == 3
    assert figure("prescriptions_sent", other) == 1


def test_the_scope_and_the_programmes_argument_choose_the_programmes(world, plaine, other):
    add(world, plaine, sent=d(3, 2))
    compute = figures.BY_NAME["prescriptions_sent"].compute
    departement = plaine.departement_id
    assert compute(MARCH, Scope(departement)) == {"plaine": 1, "tapaj": 0}
    assert compute(MARCH, Scope(departement, organisation_id=world.partner.pk)) == {"plaine": 1}
    assert compute(MARCH, Scope(departement), [other.pk]) == {"tapaj": 0}
    # Both filters at once: the operator's programmes among those asked for.
    assert compute(MARCH, Scope(departement, organisation_id=world.partner.pk), [other.pk]) == {}


def test_acceptance_rate_counts_first_answers_of_the_period_accepted_at_some_point(
    world, plaine, other
):
    add(world, plaine, status=Status.ACCEPTED, answered=d(3, 1), accepted=d(3, 1))
    add(world, plaine, status=Status.REFUSED, answered=d(3, 5))
    # Waitlisted in March, offered a place in April: accepted at some point.
    add(
        world,
        plaine,
        status=Status.ACCEPTED,
        answered=d(3, 10),
        waitlisted=d(3, 10),
        accepted=d(4, 20),
    )
    add(world, plaine, status=Status.WAITLISTED, answered=d(3, 31), waitlisted=d(3, 31))
    add(world, plaine, status=Status.ACCEPTED, answered=d(2, 28), accepted=d(2, 28))  # before
    add(world, plaine, status=Status.REFUSED, answered=d(4, 1))  # after
    add(world, plaine, status=Status.WITHDRAWN, sent=d(3, 3), withdrawn=d(3, 4))  # no answer
    add(world, other, status=Status.REFUSED, answered=d(3, 5))
    assert figure("acceptance_rate", plaine) == {"count": 4, "numerator": 2, "value": 0.5}
    assert figure("acceptance_rate", other) == {"count": 1, "numerator": 0, "value": 0.0}


def test_acceptance_rate_without_answers_has_no_value(world, plaine):
    assert figure("acceptance_rate", plaine) == {"count": 0, "numerator": 0, "value": None}


def entered(world, programme, sent, entered_on):
    return add(
        world,
        programme,
        status=Status.ENTERED,
        sent=sent,
        accepted=sent,
        entered_on=entered_on,
    )


def test_entry_delay_median_and_90th_percentile_by_nearest_rank(world, plaine, other):
    # Ten entries in March, delays 3, 7, 7, 10, 12, 15, 20, 30, 45 and 60 days.
    entered(world, plaine, d(2, 26), d(3, 1))  # 3, on the first day
    entered(world, plaine, d(3, 10), d(3, 17))  # 7
    entered(world, plaine, d(3, 3), d(3, 10))  # 7
    entered(world, plaine, at(d(3, 8), 0, 30), d(3, 20))  # 12 local days (13 from the UTC day)
    for delay, entry in ((10, d(3, 20)), (15, d(3, 25)), (20, d(3, 25))):
        entered(world, plaine, entry - dt.timedelta(days=delay), entry)
    entered(world, plaine, d(2, 28), d(3, 30))  # 30
    entered(world, plaine, d(2, 13), d(3, 30))  # 45
    entered(world, plaine, d(1, 30), d(3, 31))  # 60, on the last day
    entered(world, plaine, d(2, 27), d(2, 28))  # entered in February: out
    entered(world, plaine, d(1, 1), d(4, 1))  # entered in April: out
    entered(world, other, d(3, 1), d(3, 2))
    # Nearest rank: the 5th of 10 for the median, the 9th for the 90th percentile.
    assert figure("entry_delay_days", plaine) == {"count": 10, "median": 12, "p90": 45}
    assert figure("entry_delay_days", other) == {"count": 1, "median": 1, "p90": 1}


def test_entry_delay_without_entries_has_no_value(world, plaine):
    assert figure("entry_delay_days", plaine) == {"count": 0, "median": None, "p90": None}


def test_waiting_list_length_at_the_end_of_the_period(world, plaine, other):
    waiting = {"status": Status.WAITLISTED}
    add(world, plaine, waitlisted=d(1, 31), **waiting)  # 59 days by March 31
    add(world, plaine, waitlisted=at(d(3, 31), 23, 0), **waiting)  # 0 days, the last evening
    add(world, plaine, status=Status.ACCEPTED, waitlisted=d(3, 1), accepted=d(4, 2))  # 30
    add(world, plaine, status=Status.ACCEPTED, waitlisted=d(2, 1), accepted=d(3, 31))  # left
    add(world, plaine, status=Status.WITHDRAWN, waitlisted=d(2, 1), withdrawn=d(4, 5))  # 58
    add(world, plaine, status=Status.WITHDRAWN, waitlisted=d(2, 1), withdrawn=d(3, 20))  # left
    # Refused after waitlisting: the last change dates the refusal.
    add(world, plaine, status=Status.REFUSED, waitlisted=d(2, 1), refused=d(3, 15))  # left
    add(world, plaine, status=Status.REFUSED, waitlisted=d(2, 1), refused=d(4, 10))  # 58
    add(world, plaine, waitlisted=d(4, 1), **waiting)  # after the period
    add(world, other, waitlisted=d(2, 1), **waiting)
    assert figure("waiting_list_length", plaine) == {
        "count": 5,
        "mean_days_so_far": (59 + 0 + 30 + 58 + 58) / 5,
    }
    assert figure("waiting_list_length", other)["count"] == 1


def test_waiting_list_empty_has_no_mean(world, plaine):
    assert figure("waiting_list_length", plaine) == {"count": 0, "mean_days_so_far": None}


def test_mean_wait_counts_those_given_a_place_from_the_list_in_the_period(world, plaine, other):
    accepted = {"status": Status.ACCEPTED}
    add(world, plaine, waitlisted=d(2, 1), accepted=d(3, 1), **accepted)  # 28, first day
    add(world, plaine, waitlisted=d(3, 10), accepted=at(d(3, 31), 23, 30), **accepted)  # 21
    # Local days: 5 days in Paris (4 in UTC: 22:30 on the 20th to 23:15 on the 24th).
    add(world, plaine, waitlisted=at(d(3, 20), 23, 30), accepted=at(d(3, 25), 0, 15), **accepted)
    add(world, plaine, accepted=d(3, 5), **accepted)  # never waited
    add(world, plaine, waitlisted=d(2, 1), accepted=d(2, 28), **accepted)  # before
    add(world, plaine, waitlisted=d(3, 1), accepted=d(4, 1), **accepted)  # after
    add(world, plaine, status=Status.WAITLISTED, waitlisted=d(1, 2))  # still waiting
    add(world, other, waitlisted=d(3, 1), accepted=d(3, 2), **accepted)
    assert figure("mean_wait_days", plaine) == {"count": 3, "mean": 18.0}
    assert figure("mean_wait_days", other) == {"count": 1, "mean": 1.0}
