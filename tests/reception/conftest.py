"""Shared setup of the reception tests: MDS A's site open on weekdays, a valid visit."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.reception.models import Channel, Interpreting, Motive, Outcome
from relais.territory.models import OpeningHours, Site

# A Tuesday of an ordinary week (no public holiday), in the past.
TUESDAY = dt.date(2025, 3, 11)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def site_a(world):
    """Monday to Friday, 8:30–12:00 and 13:30–17:00."""
    site = Site.objects.get(organisation=world.mds_a)
    for weekday in range(5):
        for opens, closes in ((dt.time(8, 30), dt.time(12)), (dt.time(13, 30), dt.time(17))):
            OpeningHours.objects.create(
                site=site, weekday=weekday, opens_at=opens, closes_at=closes
            )
    return site


@pytest.fixture
def site_b(world):
    return Site.objects.get(organisation=world.mds_b)


@pytest.fixture
def visit_data(site_a):
    """A valid anonymous visit at MDS A; each test changes one thing."""

    def make(**changes) -> dict:
        data = {
            "site": site_a,
            "occurred_at": at(TUESDAY, 10),
            "channel": Channel.WALK_IN,
            "motives": [Motive.HOUSING, Motive.BUDGET],
            "outcome": Outcome.INFORMATION_GIVEN,
            "interpreting": Interpreting.NONE,
        }
        data.update(changes)
        return data

    return make
