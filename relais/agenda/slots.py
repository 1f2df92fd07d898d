"""Materialising free slots from openings, absences, site closures and public holidays.

The desired slots of an agenda over [today, today + horizon] are computed, compared with the
slots already in the database, and only the difference is written: a change of opening or a
new absence rewrites the slots it touches, never the booked ones.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from relais.agenda.models import Agenda, Opening, Slot


@dataclass(frozen=True)
class WantedSlot:
    start: dt.datetime
    end: dt.datetime
    opening: Opening

    def modes(self) -> dict:
        return {
            name: getattr(self.opening, name)
            for name in ("in_person", "phone", "video", "home_visit")
        }


@dataclass
class MaterialiseReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept_booked: int = 0


@lru_cache(maxsize=32)
def public_holidays(year: int, whit_monday_off: bool) -> frozenset[dt.date]:
    days = set(holidays.France(years=year))
    if not whit_monday_off:
        days.discard(easter(year) + dt.timedelta(days=50))  # Whit Monday: Easter + 50 days
    return frozenset(days)


def is_public_holiday(day: dt.date) -> bool:
    return day in public_holidays(day.year, settings.RELAIS_WHIT_MONDAY_OFF)


def wanted_slots(agenda: Agenda, first_day: dt.date, last_day: dt.date) -> list[WantedSlot]:
    tz = ZoneInfo(settings.TIME_ZONE)
    openings: dict[int, list[Opening]] = {}
    for opening in agenda.openings.all():
        openings.setdefault(opening.weekday, []).append(opening)
    closures = [
        (closure.start_date, closure.end_date)
        for closure in agenda.site.closures.filter(
            end_date__gte=first_day, start_date__lte=last_day
        )
    ]
    absences = [
        (absence.start, absence.end)
        for absence in agenda.absences.filter(
            end__gt=dt.datetime.combine(first_day, dt.time.min, tz),
            start__lt=dt.datetime.combine(last_day, dt.time.max, tz),
        )
    ]
    result = []
    day = first_day
    while day <= last_day:
        if not is_public_holiday(day) and not any(a <= day <= b for a, b in closures):
            for opening in openings.get(day.weekday(), []):
                if opening.valid_from <= day and (
                    opening.valid_until is None or day <= opening.valid_until
                ):
                    result.extend(_slots_of(opening, day, tz, absences))
        day += dt.timedelta(days=1)
    return result


def _slots_of(opening: Opening, day: dt.date, tz, absences) -> list[WantedSlot]:
    # Wall-clock times in the site's zone: 9:00 stays 9:00 across the DST change.
    length = dt.timedelta(minutes=opening.slot_minutes)
    start = dt.datetime.combine(day, opening.start_time, tz)
    close = dt.datetime.combine(day, opening.end_time, tz)
    slots = []
    while start + length <= close:
        end = start + length
        if not any(a_start < end and start < a_end for a_start, a_end in absences):
            slots.append(WantedSlot(start, end, opening))
        start = end
    return slots


@transaction.atomic
def materialise(agenda: Agenda, *, today: dt.date | None = None) -> MaterialiseReport:
    """Bring the agenda's free slots in step with its openings over the rolling horizon."""
    today = today or timezone.localdate()
    last_day = today + dt.timedelta(days=settings.RELAIS_AGENDA_HORIZON_DAYS)
    tz = ZoneInfo(settings.TIME_ZONE)
    # Lock the agenda: two materialisations of one agenda must not interleave.
    Agenda.objects.select_for_update().filter(pk=agenda.pk).first()
    wanted = {slot.start: slot for slot in wanted_slots(agenda, today, last_day)}
    existing = {
        slot.start: slot
        for slot in Slot.objects.filter(
            agenda=agenda,
            start__gte=dt.datetime.combine(today, dt.time.min, tz),
            start__lte=dt.datetime.combine(last_day, dt.time.max, tz),
        )
    }
    report = MaterialiseReport()
    obsolete, changed = [], []
    for start, slot in existing.items():
        if slot.is_booked:
            report.kept_booked += 1
            continue
        want = wanted.get(start)
        if want is None:
            obsolete.append(slot.pk)
        elif _differs(slot, want):
            slot.end, slot.opening = want.end, want.opening
            for name, value in want.modes().items():
                setattr(slot, name, value)
            changed.append(slot)
    Slot.objects.filter(pk__in=obsolete).delete()
    Slot.objects.bulk_update(
        changed, ["end", "opening", "in_person", "phone", "video", "home_visit"], batch_size=1000
    )
    new = [
        Slot(agenda=agenda, opening=w.opening, start=w.start, end=w.end, **w.modes())
        for start, w in wanted.items()
        if start not in existing
    ]
    Slot.objects.bulk_create(new, batch_size=1000)
    report.created, report.updated, report.deleted = len(new), len(changed), len(obsolete)
    return report


def _differs(slot: Slot, want: WantedSlot) -> bool:
    return (
        slot.end != want.end
        or slot.opening_id != want.opening.pk
        or any(getattr(slot, name) != value for name, value in want.modes().items())
    )
