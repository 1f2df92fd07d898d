"""Each figure on a small dataset whose answer is computed by hand."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from relais.agenda import indicators
from relais.agenda.models import Appointment
from relais.core.indicators import Period, Scope, percentile_from_histogram

PARIS = ZoneInfo("Europe/Paris")
TODAY = dt.date(2027, 6, 30)
YEAR = Period(dt.date(2027, 1, 1), dt.date(2027, 6, 30))


def appointment(world, motive, *, held_on, delay, status="seen", organisation=None):
    organisation = organisation or world.mds_a
    start = dt.datetime.combine(held_on, dt.time(23, 30), PARIS)  # late: the UTC day differs
    return Appointment.objects.create(
        person=world.person_a,
        motive=motive,
        organisation=organisation,
        site=organisation.sites.first(),
        start=start,
        end=start + dt.timedelta(minutes=30),
        requested_at=held_on - dt.timedelta(days=delay),
        status=status,
    )


@pytest.fixture
def scope_a(world):
    return Scope(world.mds_a.departement_id, organisation_id=world.mds_a.pk)


def test_nearest_rank_percentiles():
    histogram = {2: 1, 5: 2, 10: 1, 20: 1, 40: 1, 60: 1}  # 7 values: 2 5 5 10 20 40 60
    assert percentile_from_histogram(histogram, 0.5) == 10
    assert percentile_from_histogram(histogram, 0.9) == 60
    assert percentile_from_histogram({}, 0.5) is None


def test_delay_median_and_90th_percentile_count_held_appointments_only(world, motive, scope_a):
    for delay in (2, 5, 5, 10, 20, 40, 60):
        appointment(world, motive, held_on=dt.date(2027, 3, 10), delay=delay)
    appointment(world, motive, held_on=dt.date(2027, 3, 10), delay=1, status="no_show")
    appointment(world, motive, held_on=dt.date(2027, 3, 10), delay=3, organisation=world.mds_b)
    assert indicators.delay_percentiles(YEAR, scope_a) == {"count": 7, "median": 10, "p90": 60}
    departement = Scope(world.mds_a.departement_id)
    assert indicators.delay_percentiles(YEAR, departement)["count"] == 8


def test_held_within_counts_only_requests_older_than_the_threshold(world, motive, scope_a):
    # Requested 60 days before TODAY: held after 10 days, after 20 days, after 40 days.
    for delay in (10, 20, 40):
        appointment(world, motive, held_on=TODAY - dt.timedelta(days=60 - delay), delay=delay)
    # Requested 20 days ago, held after 5 days: old enough for 15, too recent for 30 and 45.
    appointment(world, motive, held_on=TODAY - dt.timedelta(days=15), delay=5)
    # Requested 50 days ago and still planned: counts as not held within any threshold.
    appointment(world, motive, held_on=TODAY + dt.timedelta(days=3), delay=53, status="planned")
    shares = indicators.held_within(YEAR, scope_a, today=TODAY)
    assert shares[15] == pytest.approx(2 / 5)  # 10 d and 5 d held ≤ 15, out of 5 requests
    assert shares[30] == pytest.approx(2 / 4)  # 10 d, 20 d out of the 4 requests ≥ 30 d old
    assert shares[45] == pytest.approx(3 / 4)  # 10, 20, 40 out of the same 4


def test_no_show_rate_leaves_cancellations_out(world, motive, scope_a):
    for status, count in (("seen", 7), ("no_show", 2), ("excused", 1), ("cancelled", 5)):
        for _ in range(count):
            appointment(world, motive, held_on=dt.date(2027, 2, 1), delay=3, status=status)
    assert indicators.no_show_rate(YEAR, scope_a) == pytest.approx(2 / 10)


def test_third_next_available_slot_per_site(world, agenda_a, scope_a):
    free = list(agenda_a.slots.filter(is_booked=False).order_by("start")[:3])
    [row] = indicators.third_next_available(YEAR, scope_a, now=free[0].start)
    assert row["site"] == agenda_a.site
    assert row["start"] == free[2].start
