"""Whether a moment falls outside a site's usual opening hours (sheet 2.1: the capacity to
receive outside them is one of the figures the département must report).

Outside = a public holiday, a day within one of the site's closures, or a time outside every
opening range of that weekday.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays
from dateutil.easter import easter
from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=32)
def public_holidays(year: int, whit_monday_off: bool) -> frozenset[dt.date]:
    days = frozenset(holidays.France(years=year))
    # Whit Monday is worked in some départements (the "journée de solidarité"). Compared by
    # date: the package names holidays in English unless asked otherwise.
    whit_monday = easter(year) + dt.timedelta(days=50)
    return days if whit_monday_off else days - {whit_monday}


def is_public_holiday(day: dt.date) -> bool:
    return day in public_holidays(day.year, getattr(settings, "RELAIS_WHIT_MONDAY_OFF", True))


@dataclass(frozen=True)
class SiteHours:
    """A site's opening ranges and closures, read once and asked many times (the demo asks
    for a year of visits)."""

    ranges: dict[int, tuple[tuple[dt.time, dt.time], ...]]  # weekday → (opens, closes)
    closures: tuple[tuple[dt.date, dt.date], ...]

    @classmethod
    def of(cls, site) -> "SiteHours":
        ranges: dict[int, list] = {}
        for weekday, opens, closes in site.opening_hours.values_list(
            "weekday", "opens_at", "closes_at"
        ):
            ranges.setdefault(weekday, []).append((opens, closes))
        closures = tuple(site.closures.values_list("start_date", "end_date"))
        return cls({day: tuple(r) for day, r in ranges.items()}, closures)

    def is_closed_on(self, day: dt.date) -> bool:
        return (
            not self.ranges.get(day.weekday())
            or is_public_holiday(day)
            or any(start <= day <= end for start, end in self.closures)
        )

    def is_outside(self, moment: dt.datetime) -> bool:
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        day, time = local.date(), local.time()
        if self.is_closed_on(day):
            return True
        return not any(opens <= time < closes for opens, closes in self.ranges[day.weekday()])


def is_outside_hours(site, moment: dt.datetime) -> bool:
    return SiteHours.of(site).is_outside(moment)
