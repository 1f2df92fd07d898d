"""The legal clocks at their boundary dates."""

import datetime as dt

from relais.rsa.deadlines import Clock, contract_due, orientation_due


def test_orientation_is_due_six_weeks_after_the_entry_information():
    entered = dt.date(2026, 11, 24)
    assert orientation_due(entered) == dt.date(2027, 1, 5)
    assert (orientation_due(entered) - entered).days == 42


def test_the_orientation_clock_is_on_time_on_day_42_and_late_on_day_43():
    due = orientation_due(dt.date(2026, 1, 1))
    on_time = Clock(due=due, today=dt.date(2026, 1, 1) + dt.timedelta(days=42))
    late = Clock(due=due, today=dt.date(2026, 1, 1) + dt.timedelta(days=43))
    assert (on_time.overdue, on_time.days_left, on_time.label) == (
        False,
        0,
        "dernier jour aujourd'hui",
    )
    assert (late.overdue, late.days_left, late.label) == (True, -1, "dépassé de 1 jour")


def test_the_contract_is_due_one_calendar_month_after_the_notification():
    assert contract_due(dt.date(2026, 3, 15)) == dt.date(2026, 4, 15)
    # A month from 31 January ends on the last day of February, not in March.
    assert contract_due(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert contract_due(dt.date(2028, 1, 31)) == dt.date(2028, 2, 29)


def test_the_clock_counts_the_days_left_in_french():
    clock = Clock(due=dt.date(2026, 12, 10), today=dt.date(2026, 12, 1))
    assert clock.label == "9 jours restants"
    assert Clock(due=dt.date(2026, 12, 2), today=dt.date(2026, 12, 1)).label == "1 jour restant"
    assert Clock(due=dt.date(2026, 12, 1), today=dt.date(2026, 12, 4)).label == "dépassé de 3 jours"
