"""Materialised slots: openings, absences, closures, public holidays, the DST change."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from relais.agenda.models import Absence, Slot
from relais.agenda.slots import materialise, wanted_slots
from relais.territory.models import Closure
from tests.agenda.fixtures import add_opening, make_agenda

PARIS = ZoneInfo("Europe/Paris")


def starts(slots) -> list[dt.datetime]:
    return [slot.start.astimezone(PARIS) for slot in slots]


def test_an_opening_gives_its_slots_on_its_weekday_only(world, motive):
    agenda = make_agenda(world)
    add_opening(agenda, [motive], weekday=1, start=dt.time(9), end=dt.time(10, 30), minutes=30)
    monday = dt.date(2027, 1, 4)
    got = starts(wanted_slots(agenda, monday, monday + dt.timedelta(days=6)))
    assert got == [
        dt.datetime(2027, 1, 5, 9, 0, tzinfo=PARIS),
        dt.datetime(2027, 1, 5, 9, 30, tzinfo=PARIS),
        dt.datetime(2027, 1, 5, 10, 0, tzinfo=PARIS),
    ]


def test_a_slot_that_would_overrun_the_closing_time_is_not_offered(world, motive):
    agenda = make_agenda(world)
    add_opening(agenda, [motive], weekday=1, start=dt.time(9), end=dt.time(10, 10), minutes=30)
    got = wanted_slots(agenda, dt.date(2027, 1, 5), dt.date(2027, 1, 5))
    assert [s.end.astimezone(PARIS).time() for s in got] == [dt.time(9, 30), dt.time(10, 0)]


def test_public_holidays_have_no_slots(world, motive):
    agenda = make_agenda(world)
    add_opening(agenda, [motive], weekday=2)  # Wednesday 14 July 2027
    got = wanted_slots(agenda, dt.date(2027, 7, 7), dt.date(2027, 7, 21))
    days = {s.start.astimezone(PARIS).date() for s in got}
    assert days == {dt.date(2027, 7, 7), dt.date(2027, 7, 21)}


@pytest.mark.parametrize(("whit_monday_off", "expected"), [(True, 0), (False, 6)])
def test_whit_monday_is_a_local_choice(world, motive, settings, whit_monday_off, expected):
    settings.RELAIS_WHIT_MONDAY_OFF = whit_monday_off
    agenda = make_agenda(world)
    add_opening(agenda, [motive], weekday=0)
    whit_monday = dt.date(2027, 5, 17)
    assert len(wanted_slots(agenda, whit_monday, whit_monday)) == expected


def test_a_site_closure_and_an_absence_remove_their_slots(world, motive):
    agenda = make_agenda(world)
    add_opening(agenda, [motive], weekday=0)
    Closure.objects.create(
        site=agenda.site,
        start_date=dt.date(2027, 1, 4),
        end_date=dt.date(2027, 1, 4),
        reason="Travaux",
    )
    Absence.objects.create(
        agenda=agenda,
        start=dt.datetime(2027, 1, 11, 10, 0, tzinfo=PARIS),
        end=dt.datetime(2027, 1, 11, 11, 0, tzinfo=PARIS),
    )
    got = starts(wanted_slots(agenda, dt.date(2027, 1, 4), dt.date(2027, 1, 11)))
    assert [s.time() for s in got] == [dt.time(9), dt.time(9, 30), dt.time(11), dt.time(11, 30)]
    assert {s.date() for s in got} == {dt.date(2027, 1, 11)}


def test_wall_clock_times_hold_across_the_change_to_summer_time(world, motive):
    agenda = make_agenda(world)
    add_opening(agenda, [motive], weekday=6, start=dt.time(9), end=dt.time(9, 30))  # Sundays
    got = wanted_slots(agenda, dt.date(2027, 3, 21), dt.date(2027, 3, 28))
    utc = [s.start.astimezone(dt.UTC) for s in got]
    # 9:00 in Paris is 08:00 UTC in winter, 07:00 UTC after the last Sunday of March.
    assert [(u.day, u.hour) for u in utc] == [(21, 8), (28, 7)]


def test_materialise_writes_only_the_difference_and_keeps_booked_slots(world, motive):
    agenda = make_agenda(world)
    opening = add_opening(agenda, [motive], weekday=timezone.localdate().weekday())
    first = materialise(agenda)
    assert first.created > 0
    again = materialise(agenda)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)

    booked = Slot.objects.filter(agenda=agenda).order_by("start").last()
    booked.is_booked = True
    booked.save()
    opening.delete()  # also cascades; recreate a shorter opening to see the diff
    add_opening(agenda, [motive], weekday=timezone.localdate().weekday(), end=dt.time(10))
    report = materialise(agenda)
    assert report.created > 0
    assert not Slot.objects.filter(
        agenda=agenda, start__time__gte=dt.time(10, 0), is_booked=False
    ).exists()


def test_materialise_covers_the_rolling_horizon(world, motive, settings):
    settings.RELAIS_AGENDA_HORIZON_DAYS = 14
    agenda = make_agenda(world)
    for weekday in range(7):
        add_opening(agenda, [motive], weekday=weekday, start=dt.time(9), end=dt.time(9, 30))
    materialise(agenda, today=dt.date(2027, 1, 4))
    days = {s.start.astimezone(PARIS).date() for s in Slot.objects.filter(agenda=agenda)}
    assert min(days) == dt.date(2027, 1, 4)
    assert max(days) == dt.date(2027, 1, 18)
