"""Each RSA indicator on a small dataset whose answer is computed by hand in the test.

Boundaries: the period's first and last day, an orientation on day 42 vs 43, a contract on
day 30 vs 31, an exit exactly 3 months before the closure.
"""

import datetime as dt

import pytest

from relais.core.indicators import Period
from relais.rsa import indicators
from tests.factories import PersonFactory
from tests.rsa.indicator_helpers import (
    contract,
    duties,
    entry,
    exit_,
    orient,
    right_state,
    rsa_file,
    scope_of,
)

D = dt.date
MARCH = Period(D(2026, 3, 1), D(2026, 3, 31))


@pytest.fixture
def in_a(world):
    return lambda: PersonFactory(commune=world.commune_a)


@pytest.fixture
def in_b(world):
    return lambda: PersonFactory(commune=world.commune_b)


def test_orientation_delay_on_day_42_counts_within_and_day_43_does_not(world, in_a, in_b):
    # Stored entry, decided on the period's first day: 13 days of January + 28 + 1 = 42.
    p1 = in_a()
    orient(p1, D(2026, 3, 1), entered=D(2026, 1, 18))
    # No stored entry: the latest entry on or before the decision (17 January) → 43 days.
    p2 = in_a()
    entry(p2, D(2025, 6, 1))
    entry(p2, D(2026, 1, 17))
    orient(p2, D(2026, 3, 1))
    # Decided on the period's last day; the entry after the decision is ignored → 10 days.
    p3 = in_a()
    entry(p3, D(2026, 3, 21))
    entry(p3, D(2026, 4, 2))
    orient(p3, D(2026, 3, 31))
    # Left out: decided the day before / after the period, a reorientation, no known entry.
    outside = in_a()
    orient(outside, D(2026, 2, 28), entered=D(2026, 2, 1))
    orient(outside, D(2026, 4, 1), entered=D(2026, 2, 1))
    reoriented = in_a()
    orient(reoriented, D(2026, 3, 10), entered=D(2026, 3, 1), reorientation=True)
    unknown = in_a()
    entry(unknown, D(2026, 4, 15))
    orient(unknown, D(2026, 3, 15))
    # In MDS B's sector: only in the département's figure (5 days).
    orient(in_b(), D(2026, 3, 6), entered=D(2026, 3, 1))

    figure = indicators.orientation_delay_days(MARCH, scope_of(world.mds_a))
    # Delays 42, 43, 10: mean 95 / 3; nearest-rank median of (10, 42, 43) is 42; 2 of 3 ≤ 42.
    assert figure["count"] == 3
    assert figure["mean"] == pytest.approx(95 / 3)
    assert figure["median"] == 42
    assert figure["share_within_42_days"] == pytest.approx(2 / 3)

    whole = indicators.orientation_delay_days(MARCH, scope_of(departement_id=p1.departement_id))
    # Delays 5, 10, 42, 43: mean 25, median rank 2 → 10, 3 of 4 ≤ 42.
    assert whole == {"count": 4, "mean": 25, "median": 10, "share_within_42_days": 0.75}


def test_orientation_to_first_contract_counts_the_first_contract_since_the_orientation(world, in_a):
    q1 = in_a()  # 20 Feb → 1 March (first day): 9 days; its second contract is not a first.
    orient(q1, D(2026, 2, 20))
    contract(q1, D(2026, 3, 1))
    contract(q1, D(2026, 3, 15))
    q2 = in_a()  # 10 → 31 March (last day): 21 days.
    orient(q2, D(2026, 3, 10))
    contract(q2, D(2026, 3, 31))
    q3 = in_a()  # The first contract was signed in January: the March one is a second.
    orient(q3, D(2026, 1, 1))
    contract(q3, D(2026, 1, 20))
    contract(q3, D(2026, 3, 5))
    q4 = in_a()  # Signed after a reorientation: left out.
    orient(q4, D(2025, 12, 1))
    orient(q4, D(2026, 2, 1), reorientation=True)
    contract(q4, D(2026, 3, 3))
    contract(in_a(), D(2026, 3, 5))  # No orientation: left out.
    q6 = in_a()  # A draft does not count; signed the day after the period: left out.
    orient(q6, D(2026, 3, 2))
    contract(q6, None, starts_on=D(2026, 3, 3), status="draft")
    contract(q6, D(2026, 4, 1))
    q7 = in_a()  # A 2025 contract under an older orientation; new one signed the same day: 0.
    orient(q7, D(2025, 5, 1))
    contract(q7, D(2025, 6, 1))
    orient(q7, D(2026, 3, 1))
    contract(q7, D(2026, 3, 1))
    q9 = in_a()  # Two contracts signed the same day: one first contract, 37 days.
    orient(q9, D(2026, 2, 1))
    contract(q9, D(2026, 3, 10))
    contract(q9, D(2026, 3, 10))

    figure = indicators.orientation_to_contract_days(MARCH, scope_of(world.mds_a))
    # 9, 21, 0, 37: mean 67 / 4 = 16.75; nearest-rank median of (0, 9, 21, 37) is 9.
    assert figure == {"count": 4, "mean": 16.75, "median": 9}


def test_contract_within_30_days_on_day_30_counts_and_day_31_does_not(world, in_a, in_b):
    quarter = Period(D(2026, 1, 1), D(2026, 3, 31))  # decisions up to 1 March (31 − 30 days)
    r1 = in_a()  # Decided on the first day, contract on day 30.
    orient(r1, D(2026, 1, 1))
    contract(r1, D(2026, 1, 31))
    r2 = in_a()  # Contract on day 31.
    orient(r2, D(2026, 1, 10))
    contract(r2, D(2026, 2, 10))
    r3 = in_a()  # Decided on the last eligible day, signed the same day.
    orient(r3, D(2026, 3, 1), track="social")
    contract(r3, D(2026, 3, 1))
    r4 = in_a()  # Decided 29 days before the end: too recent to be judged.
    orient(r4, D(2026, 3, 2), track="social")
    r5 = in_a()  # No contract.
    orient(r5, D(2026, 2, 1), track="socio_professional")
    r6 = in_a()  # Decided the day before the period.
    orient(r6, D(2025, 12, 31))
    contract(r6, D(2026, 1, 5))
    r7 = in_a()  # A reorientation.
    orient(r7, D(2026, 2, 1), track="social", reorientation=True)
    contract(r7, D(2026, 2, 3))
    r8 = in_a()  # Only a contract signed before the decision, and a draft after it.
    contract(r8, D(2026, 1, 25))
    orient(r8, D(2026, 2, 1))
    contract(r8, None, starts_on=D(2026, 2, 5), status="draft")
    b = in_b()
    orient(b, D(2026, 1, 5))
    contract(b, D(2026, 1, 6))

    figure = indicators.contract_within_30_days_rate(quarter, scope_of(world.mds_a))
    # Professional: r1 yes, r2 no, r8 no → 1/3; social: r3 → 1/1; socio-pro: r5 → 0/1.
    assert figure["count"] == 5
    assert figure["numerator"] == 2
    assert figure["value"] == pytest.approx(2 / 5)
    assert figure["by_track"] == {
        "professional": {"count": 3, "numerator": 1, "value": pytest.approx(1 / 3)},
        "socio_professional": {"count": 1, "numerator": 0, "value": 0},
        "social": {"count": 1, "numerator": 1, "value": 1},
    }


def test_contractualisation_at_the_end_of_the_period(world, in_a, in_b):
    half = Period(D(2026, 1, 1), D(2026, 6, 30))

    def subject(track=None):
        person = in_a()
        entry(person, D(2026, 1, 10))
        if track:
            orient(person, D(2026, 2, 1), track=track)
        return person

    contract(subject("professional"), D(2026, 2, 15))  # in force: yes
    contract(subject("professional"), D(2026, 1, 1), ends_on=D(2026, 6, 30))  # ends last day: yes
    contract(subject("professional"), D(2026, 1, 1), ends_on=D(2026, 6, 29))  # ended the day before
    contract(subject("social"), D(2026, 6, 20), starts_on=D(2026, 7, 1))  # starts after the end
    contract(subject("social"), D(2026, 7, 2), starts_on=D(2026, 6, 1))  # signed after the end
    s6 = subject("social")  # Reoriented to professional; the contract ended on the last day.
    orient(s6, D(2026, 5, 1), track="professional", reorientation=True)
    contract(s6, D(2026, 2, 10), status="ended", ended_on=D(2026, 6, 30))
    s7 = subject()  # No orientation; the contract ended after the period: in force then.
    contract(s7, D(2026, 3, 1), status="ended", ended_on=D(2026, 7, 10))
    contract(subject(), D(2026, 3, 1), status="draft")  # A draft is not a contract in force.
    s8 = subject("professional")  # No longer subject to duties at the end.
    duties(s8, D(2026, 6, 1), subject=False)
    contract(s8, D(2026, 3, 1))
    s9 = in_a()  # Subject only after the period.
    duties(s9, D(2026, 1, 1), subject=False)
    duties(s9, D(2026, 7, 1), subject=True)
    s12 = subject("professional")  # Two changes on the last day: the later one says no.
    duties(s12, D(2026, 6, 30), subject=True)
    duties(s12, D(2026, 6, 30), subject=False)
    b = in_b()
    entry(b, D(2026, 1, 10))
    contract(b, D(2026, 2, 1))

    figure = indicators.contractualisation_rate(half, scope_of(world.mds_a))
    # Professional: yes, yes, no, no (s6) → 2/4; social: no, no → 0/2; none: s7 yes, draft no.
    assert (figure["count"], figure["numerator"]) == (8, 3)
    assert figure["value"] == pytest.approx(3 / 8)
    assert figure["by_track"]["professional"] == {"count": 4, "numerator": 2, "value": 0.5}
    assert figure["by_track"]["social"] == {"count": 2, "numerator": 0, "value": 0}
    assert figure["by_track"]["socio_professional"] == {
        "count": 0,
        "numerator": 0,
        "value": None,
    }
    assert figure["by_track"]["none"] == {"count": 2, "numerator": 1, "value": 0.5}


def test_positive_exits_among_the_exits_of_the_period(world, in_a, in_b):
    for on, reason in [
        (D(2026, 3, 1), "durable_job"),  # first day
        (D(2026, 3, 31), "short_job"),  # last day
        (D(2026, 3, 15), "training"),
        (D(2026, 3, 10), "income"),
        (D(2026, 3, 20), "moved"),
        (D(2026, 2, 28), "durable_job"),  # the day before
        (D(2026, 4, 1), "other"),  # the day after
    ]:
        exit_(in_a(), on, reason)
    exit_(in_b(), D(2026, 3, 5), "death")

    figure = indicators.positive_exit_rate(MARCH, scope_of(world.mds_a))
    assert (figure["count"], figure["numerator"]) == (5, 3)
    assert figure["value"] == pytest.approx(3 / 5)
    assert figure["by_reason"]["durable_job"] == 1
    assert figure["by_reason"]["death"] == 0
    whole = indicators.positive_exit_rate(
        MARCH, scope_of(departement_id=world.mds_a.departement_id)
    )
    assert (whole["count"], whole["numerator"]) == (6, 3)


def test_rsa_exit_by_work_or_training_among_closed_rights(world, in_a, in_b):
    quarter = Period(D(2026, 4, 1), D(2026, 6, 30))
    t1, t2, child = in_a(), in_a(), in_a()
    f1 = rsa_file((t1, "DEM"), (t2, "CJT"), (child, "ENF"))
    right_state(f1, D(2026, 4, 1))  # closed on the first day
    exit_(t1, D(2026, 1, 1), "durable_job")  # exactly 3 months before: counts
    exit_(t2, D(2025, 12, 31), "short_job")  # one day earlier: no exit found
    exit_(child, D(2026, 4, 2), "training")  # children are not counted
    t4 = in_a()
    f2 = rsa_file((t4, "RDO"))
    right_state(f2, D(2026, 6, 30), state="6")  # closed on the last day
    exit_(t4, D(2026, 5, 1), "training")
    exit_(t4, D(2026, 6, 15), "income")  # the latest exit gives the reason
    right_state(rsa_file((in_a(), "DEM")), D(2026, 7, 1))  # closed after the period
    right_state(rsa_file((in_a(), "DEM")), D(2026, 5, 1), state="3")  # suspended, not closed
    right_state(rsa_file((in_a(), "DEM")), D(2026, 3, 31))  # closed before the period
    t7 = in_a()
    f5 = rsa_file((t7, "DEM"))
    right_state(f5, D(2026, 5, 10))
    right_state(f5, D(2026, 6, 20))  # closed twice: one person, the first closure's window
    exit_(t7, D(2026, 2, 10), "training")
    t10, t11 = in_a(), in_a()
    right_state(rsa_file((t10, "DEM")), D(2026, 5, 1))
    exit_(t10, D(2026, 6, 30), "durable_job")  # after the closure, within the period
    right_state(rsa_file((t11, "DEM")), D(2026, 5, 1))
    exit_(t11, D(2026, 7, 1), "short_job")  # after the period: no exit found
    b = in_b()
    right_state(rsa_file((b, "DEM")), D(2026, 5, 1))
    exit_(b, D(2026, 5, 1), "durable_job")

    figure = indicators.rsa_exit_by_work_or_training_rate(quarter, scope_of(world.mds_a))
    # t1 yes, t2 none, t4 no, t7 yes, t10 yes, t11 none → 3 of 6, 2 without an exit.
    assert figure == {"count": 6, "numerator": 3, "value": 0.5, "without_exit": 2}


def test_every_figure_is_empty_but_defined_without_data(world):
    scope = scope_of(world.mds_a)
    assert indicators.orientation_delay_days(MARCH, scope) == {
        "count": 0,
        "mean": None,
        "median": None,
        "share_within_42_days": None,
    }
    assert indicators.contract_within_30_days_rate(MARCH, scope)["value"] is None
    assert indicators.rsa_exit_by_work_or_training_rate(MARCH, scope)["count"] == 0


def test_a_period_shorter_than_30_days_judges_no_orientation(world, in_a):
    person = in_a()
    orient(person, D(2026, 3, 1))
    contract(person, D(2026, 3, 2))
    short = Period(D(2026, 3, 1), D(2026, 3, 30))
    assert indicators.contract_within_30_days_rate(short, scope_of(world.mds_a))["count"] == 0


def test_the_six_indicators_are_registered_with_their_definitions():
    from relais.core.indicators import indicators as registered

    codes = [indicator.code for indicator in registered(group="rsa")]
    assert sorted(codes) == sorted(f"rsa.{name}" for name in indicators.NAMES)
    assert len(codes) == 6
    delay = indicators.BY_NAME["orientation_delay_days"]
    assert delay.action_sheets == ("4.1", "5.2")
    assert "42" in delay.target
    assert indicators.BY_NAME["orientation_to_contract_days"].target == "14 jours au plus"


def test_the_drill_down_lists_exactly_the_lines_each_figure_counts(world, in_a):
    from relais.rsa.queries.indicators import scoped_persons

    half = Period(D(2026, 1, 1), D(2026, 6, 30))
    for offset in (0, 30, 50):
        person = in_a()
        entry(person, D(2026, 1, 5))
        orient(person, D(2026, 1, 10) + dt.timedelta(days=offset), track="social")
        contract(person, D(2026, 2, 20) + dt.timedelta(days=offset))
        exit_(person, D(2026, 5, 1), "training" if offset else "moved")
        right_state(rsa_file((person, "DEM")), D(2026, 5, 20))
    scope = scope_of(world.mds_a)
    for name in indicators.NAMES:
        value = indicators.BY_NAME[name].compute(half, scope)
        lines = indicators.LINES[name](half, scoped_persons(scope))
        rows = lines.rows(list(lines.items))
        assert len(rows) == value["count"] == 3, name
        if "numerator" in value:
            flag = {
                "contract_within_30_days_rate": "within",
                "contractualisation_rate": "has_contract",
            }
            counted = sum(1 for row in rows if row[flag.get(name, "positive")])
            assert counted == value["numerator"], name
