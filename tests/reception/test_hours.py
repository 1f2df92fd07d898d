"""The outside-hours default: opening ranges, closed days, closures and public holidays."""

import datetime as dt

import pytest

from relais.reception.hours import is_outside_hours
from relais.territory.models import Closure
from tests.reception.conftest import TUESDAY, at


@pytest.mark.parametrize(
    ("day", "hour", "minute", "outside"),
    [
        (TUESDAY, 8, 30, False),  # opening time
        (TUESDAY, 11, 59, False),
        (TUESDAY, 12, 0, True),  # closing time: the range is half-open
        (TUESDAY, 12, 45, True),  # lunch break
        (TUESDAY, 16, 0, False),
        (TUESDAY, 18, 0, True),
        (TUESDAY, 7, 0, True),
        (dt.date(2025, 3, 15), 10, 0, True),  # Saturday: no opening that day
        (dt.date(2025, 3, 16), 10, 0, True),  # Sunday
        (dt.date(2025, 7, 14), 10, 0, True),  # Monday, Fête nationale
    ],
)
def test_it_says_whether_a_moment_is_outside_the_sites_opening_hours(
    site_a, day, hour, minute, outside
):
    assert is_outside_hours(site_a, at(day, hour, minute)) is outside


def test_a_closure_makes_the_whole_day_outside_hours(site_a):
    assert is_outside_hours(site_a, at(TUESDAY, 10)) is False
    Closure.objects.create(
        site=site_a,
        start_date=TUESDAY - dt.timedelta(days=1),
        end_date=TUESDAY,
        reason="Formation de l'équipe",
    )

    assert is_outside_hours(site_a, at(TUESDAY, 10)) is True
    assert is_outside_hours(site_a, at(TUESDAY + dt.timedelta(days=1), 10)) is False


def test_a_site_without_opening_hours_is_always_outside_them(site_b):
    assert is_outside_hours(site_b, at(TUESDAY, 10)) is True


def test_whit_monday_can_be_a_working_day(site_a, settings):
    whit_monday = at(dt.date(2025, 6, 9), 10)
    settings.RELAIS_WHIT_MONDAY_OFF = True
    assert is_outside_hours(site_a, whit_monday) is True
    settings.RELAIS_WHIT_MONDAY_OFF = False
    assert is_outside_hours(site_a, whit_monday) is False


def test_it_reads_the_local_time_of_paris_not_utc(site_a):
    # 16:30 in Paris (summer time) is 14:30 UTC; 17:30 in Paris is 15:30 UTC.
    utc = dt.UTC
    assert is_outside_hours(site_a, dt.datetime(2025, 6, 10, 14, 30, tzinfo=utc)) is False
    assert is_outside_hours(site_a, dt.datetime(2025, 6, 10, 15, 30, tzinfo=utc)) is True
