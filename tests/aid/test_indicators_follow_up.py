"""The situation 6 months after the payment: the persons paid in the period, their last
payment, the check date, the pathway's outcomes read through people.facts, the unknown and
the not yet measurable."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.aid import indicators as figures
from relais.core.indicators import Period
from relais.rsa.facts import pathway_outcomes
from relais.rsa.models import Exit
from tests.aid.test_indicators import add_payments, build_march, compute, d, paid
from tests.factories import PersonFactory
from tests.rsa.contract_helpers import make_support
from tests.rsa.pathway_helpers import enter_duties

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(world):
    return build_march(world)


def test_the_situation_6_months_after_the_last_payment_of_the_period(world, march):
    add_payments(world, march)
    # Paid in March: P1 (job, in), P3 (job too late: other), P4 (training, in),
    # P5 (latest: income, other), P6 (unknown). A1 is P1's last payment.
    assert compute("activity_after_6_months", world) == {
        "persons": 5,
        "pending": 0,
        "unknown": 1,
        "count": 4,
        "numerator": 2,
        "value": 0.5,
    }


def test_a_payment_whose_check_date_is_to_come_is_counted_apart(world, licence, fund):
    today = timezone.localdate()
    person = PersonFactory(commune=world.commune_a)
    Exit.objects.create(person=person, on=today, reason="durable_job")
    recent = (today - dt.timedelta(days=10)).isoformat()
    paid(world, licence, person, recent, recent)
    period = Period(today - dt.timedelta(days=30), today)
    assert compute("activity_after_6_months", world, period=period) == {
        "persons": 1,
        "pending": 1,
        "unknown": 0,
        "count": 0,
        "numerator": 0,
        "value": None,
    }


def test_on_the_same_day_a_job_outweighs_another_outcome(world, licence, fund):
    person = PersonFactory(commune=world.commune_a)
    Exit.objects.create(person=person, on=d("2025-05-02"), reason="short_job")
    Exit.objects.create(person=person, on=d("2025-05-02"), reason="other")
    application = paid(world, licence, person, "2025-03-10", "2025-03-10")
    assert figures.situation(application, d("2026-01-01")) == figures.IN_ACTIVITY
    # Measured the day before its check date: not yet.
    assert figures.situation(application, d("2025-09-09")) == figures.PENDING


def test_the_check_date_is_6_months_later_or_the_last_day_of_a_shorter_month():
    assert figures.months_after(d("2025-03-31"), 6) == d("2025-09-30")
    assert figures.months_after(d("2025-08-31"), 6) == d("2026-02-28")
    assert figures.months_after(d("2023-08-29"), 6) == d("2024-02-29")
    assert figures.months_after(d("2025-07-15"), 6) == d("2026-01-15")


def test_the_pathway_fact_knows_a_beneficiary_without_any_outcome(world):
    person = PersonFactory(commune=world.commune_a)
    assert pathway_outcomes(person.pk) is None
    enter_duties(person, d("2024-06-03"))
    assert pathway_outcomes(person.pk) == []
    Exit.objects.create(person=person, on=d("2025-01-05"), reason="moved")
    make_support(world, person, starts_on=d("2024-07-01"), ends_on=d("2024-12-01"), outcome="job")
    assert [
        (o["on"], o["source"], o["code"], o["in_activity"]) for o in pathway_outcomes(person.pk)
    ] == [
        (d("2024-12-01"), "joint_support", "job", True),
        (d("2025-01-05"), "rsa_exit", "moved", False),
    ]
