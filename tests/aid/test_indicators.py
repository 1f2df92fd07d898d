"""The FARE82 figures on a hand-computed month (March 2025): each number, the period's first
and last instants in Paris time, an MDS's scope, and the situation 6 months after payment."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

import relais.aid.indicators  # noqa: F401 — registers the figures (until AidConfig.ready does)
from relais.aid import indicators as figures
from relais.aid.models import AidApplication, AidFund, Status
from relais.core.indicators import Period, Scope, get
from relais.rsa.models import Exit
from tests.aid.helpers import make_category, make_fund
from tests.factories import PersonFactory
from tests.rsa.contract_helpers import make_support
from tests.rsa.pathway_helpers import enter_duties

pytestmark = pytest.mark.django_db

MARCH = Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
_refs = itertools.count(1)


def at(day: str, time: str = "10:00") -> dt.datetime:
    """A Paris wall-clock instant."""
    naive = dt.datetime.fromisoformat(f"{day}T{time}")
    return timezone.make_aware(naive, timezone.get_current_timezone())


def d(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def add(world, category, status, requested="900", granted=None, **fields):
    """An application written straight to the table, with the dates and status given."""
    values = {
        "departement": world.mds_a.departement,
        "fund": fields.pop("fund", None) or category_fund(category),
        "person": fields.pop("person", None) or PersonFactory(commune=world.commune_a),
        "applicant": world.user("employment_agent_a"),
        "applicant_organisation": world.mds_a,
        "category": category,
        "amount_requested": Decimal(requested),
        "amount_granted": Decimal(granted) if granted else None,
        "purpose": "job",
        "employer_or_body": "Boulangerie du Quercy",
        "activity_starts_on": d("2025-03-01"),
        "contract_kind": "cdd",
        "why_not_employer": "Petite entreprise.",
        "payee_kind": "supplier",
        "payee_name": "Auto-école du Pont",
        "iban_encrypted": "chiffré",
        "iban_last4": "0189",
        "status": status,
    }
    if status == Status.REFUSED:
        values["refusal_reason"] = "other"
    if fields.get("paid_on"):
        values["payment_reference"] = f"M-{next(_refs)}"
    values.update(fields)
    return AidApplication.objects.create(**values)


def category_fund(category):
    return AidFund.objects.filter(departement_id=category.departement_id).order_by("-year").first()


def paid(world, category, person, paid_on, activity, granted="500"):
    """A payment of the period decided in February: it weighs only on the 6-month figure."""
    return add(
        world,
        category,
        Status.PAID,
        granted=granted,
        person=person,
        submitted_at=at("2025-02-03"),
        decided_at=at("2025-02-05"),
        paid_on=d(paid_on),
        activity_starts_on=d(activity),
    )


def build_march(world) -> dict:
    """March 2025, hand-counted (see each test). MDS A's team made all but A8 (MDS B)."""
    make_fund(world, year=2025)
    licence = make_category(world)
    repair = make_category(world, "vehicle_repair", "1500", "2000")
    make_category(world, "meals", "300", "600")
    p1 = PersonFactory(commune=world.commune_a)
    a1 = add(
        world,
        licence,
        Status.PAID,
        granted="800",
        person=p1,
        submitted_at=at("2025-03-03"),
        decided_at=at("2025-03-10"),
        paid_on=d("2025-03-20"),
        activity_starts_on=d("2025-03-15"),
    )
    add(
        world,
        licence,
        Status.APPROVED,
        requested="1100",
        granted="1000.01",
        submitted_at=at("2025-03-05"),
        decided_at=at("2025-03-25"),
    )
    add(world, repair, Status.REFUSED, submitted_at=at("2025-02-20"), decided_at=at("2025-03-04"))
    # Submitted at 00:30 on 1 March in Paris: still 28 February in UTC.
    add(world, repair, Status.SUBMITTED, submitted_at=at("2025-03-01", "00:30"))
    # 00:10 on 1 April in Paris: still 31 March in UTC — out of the period.
    add(world, licence, Status.SUBMITTED, submitted_at=at("2025-04-01", "00:10"))
    # Approved at 00:05 on 1 March (Paris), submitted the evening before: 1 day. Cancelled since.
    add(
        world,
        repair,
        Status.CANCELLED,
        requested="500",
        granted="450.50",
        submitted_at=at("2025-02-28", "23:50"),
        decided_at=at("2025-03-01", "00:05"),
        cancelled_at=at("2025-03-05"),
    )
    add(
        world,
        licence,
        Status.APPROVED,
        granted="700",
        submitted_at=at("2025-03-10"),
        decided_at=at("2025-04-01", "00:05"),
    )
    add(
        world,
        repair,
        Status.REFUSED,
        applicant_organisation=world.mds_b,
        applicant=world.user("social_worker_b"),
        submitted_at=at("2025-03-12"),
        decided_at=at("2025-03-14"),
    )
    add(world, licence, Status.DRAFT)
    add(world, repair, Status.UNDER_REVIEW, submitted_at=at("2025-03-31", "23:30"))
    return {"licence": licence, "repair": repair, "p1": p1, "a1": a1}


def add_payments(world, data) -> None:
    """The persons paid in March and what the pathway records of them (see the 6-month test)."""
    licence, p1 = data["licence"], data["p1"]
    # P1, paid twice in March: the last payment (20/03, activity from 15/03) decides:
    # window 15/03 → 20/09, a durable job on 15/09 is in it (not in the 02/03 payment's).
    paid(world, licence, p1, "2025-03-02", "2025-01-10")
    Exit.objects.create(person=p1, on=d("2025-09-15"), reason="durable_job")
    # P3, paid on 31/03: measured on 30/09; a job on 01/10 is too late; known (in the RSA).
    p3 = PersonFactory(commune=world.commune_a)
    enter_duties(p3, d("2024-06-03"))
    paid(world, licence, p3, "2025-03-31", "2025-04-15")
    Exit.objects.create(person=p3, on=d("2025-10-01"), reason="durable_job")
    # P4: activity from 01/02 (before the payment): a training exit on 10/02 counts.
    p4 = PersonFactory(commune=world.commune_a)
    paid(world, licence, p4, "2025-03-05", "2025-02-01")
    Exit.objects.create(person=p4, on=d("2025-02-10"), reason="training")
    Exit.objects.create(person=p4, on=d("2025-01-01"), reason="moved")
    # P5: a joint support ended on a job, then an exit for resources: the latest decides.
    p5 = PersonFactory(commune=world.commune_a)
    paid(world, licence, p5, "2025-03-10", "2025-03-20")
    make_support(world, p5, starts_on=d("2024-10-01"), ends_on=d("2025-05-01"), outcome="job")
    Exit.objects.create(person=p5, on=d("2025-08-01"), reason="income")
    # P6: nothing in the pathway — unknown.
    paid(world, licence, PersonFactory(commune=world.commune_a), "2025-03-12", "2025-03-12")
    # Paid the day before and the day after the period.
    paid(world, licence, PersonFactory(commune=world.commune_a), "2025-02-28", "2025-02-01")
    paid(world, licence, PersonFactory(commune=world.commune_a), "2025-04-01", "2025-04-01")


@pytest.fixture
def march(world):
    return build_march(world)


def compute(name, world, organisation=None, period=MARCH):
    scope = Scope(world.mds_a.departement_id, organisation_id=organisation)
    return get(f"aid.{name}").compute(period, scope)


def test_applications_submitted_in_the_period_in_paris_time(world, march):
    # A1, A2, A7 (licence); 01/03 00:30, A8 (MDS B), 31/03 23:30 (repair). Not: the one
    # submitted in February, the one at 00:10 on 1 April, the draft.
    assert compute("applications", world) == {
        "count": 6,
        "by_category": {"driving_licence": 3, "meals": 0, "vehicle_repair": 3},
    }


def test_the_approval_rate_counts_decisions_of_the_period_even_when_cancelled_since(world, march):
    # Decided in March: A1 (paid), A2 (approved), the approval of 01/03 00:05 cancelled since,
    # two refusals. Not: the approval of 1 April 00:05.
    value = compute("approval_rate", world)
    assert (value["count"], value["numerator"], value["value"]) == (5, 3, 0.6)
    assert value["by_category"]["driving_licence"] == {"count": 2, "numerator": 2, "value": 1.0}
    assert value["by_category"]["vehicle_repair"]["count"] == 3
    assert value["by_category"]["vehicle_repair"]["numerator"] == 1
    assert value["by_category"]["meals"] == {"count": 0, "numerator": 0, "value": None}


def test_amounts_count_the_approvals_that_still_stand_and_round_the_mean(world, march):
    # 800 (paid) + 1 000,01 (approved) = 1 800,01 over 2: 900,005 → 900,01. The 450,50 approval
    # was cancelled: its money went back to the envelope.
    value = compute("amounts_granted", world)
    assert (value["count"], value["total"], value["mean"]) == (
        2,
        Decimal("1800.01"),
        Decimal("900.01"),
    )
    assert value["by_category"]["vehicle_repair"] == {
        "count": 0,
        "total": Decimal("0"),
        "mean": None,
    }
    assert value["by_category"]["driving_licence"]["total"] == Decimal("1800.01")


def test_the_decision_delay_in_whole_local_days_with_nearest_rank(world, march):
    # Delays: 7 (A1), 20 (A2), 12 (refused 04/03), 1 (28/02 23:50 → 01/03 00:05), 2 (A8).
    # Sorted 1, 2, 7, 12, 20: median = rank 3 = 7; 90th percentile = rank 5 = 20.
    assert compute("decision_delay_days", world) == {"count": 5, "median": 7, "p90": 20}


def test_an_mds_scope_counts_its_team_s_applications_only(world, march):
    mds_a = world.mds_a.pk
    assert compute("applications", world, mds_a)["count"] == 5
    rate = compute("approval_rate", world, mds_a)
    assert (rate["count"], rate["numerator"], rate["value"]) == (4, 3, 0.75)
    # 1, 7, 12, 20: median = rank 2 = 7; 90th percentile = rank 4 = 20.
    assert compute("decision_delay_days", world, mds_a) == {"count": 4, "median": 7, "p90": 20}
    assert compute("applications", world, world.mds_b.pk)["count"] == 1


def test_an_empty_period_gives_zeros_and_no_rate(world, march):
    empty = Period(dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert compute("approval_rate", world, period=empty)["value"] is None
    assert compute("decision_delay_days", world, period=empty) == {
        "count": 0,
        "median": None,
        "p90": None,
    }
    assert compute("amounts_granted", world, period=empty)["mean"] is None


def test_the_figures_are_registered_in_the_issue_s_order():
    assert figures.NAMES == [
        "applications",
        "approval_rate",
        "amounts_granted",
        "decision_delay_days",
        "activity_after_6_months",
    ]
    assert all(i.group == "aid" and i.action_sheets == ("7.1",) for i in figures.AID_INDICATORS)
