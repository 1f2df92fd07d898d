"""The envelope: committed (approved, not yet paid), paid, left — in all, by category, by month."""

from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from relais.aid.models import AidApplication, Status

ZERO = Decimal("0")


def spent(fund) -> dict:
    totals = AidApplication.objects.filter(fund=fund).aggregate(
        committed=Sum("amount_granted", filter=Q(status=Status.APPROVED)),
        paid=Sum("amount_granted", filter=Q(status=Status.PAID)),
    )
    return {key: value or ZERO for key, value in totals.items()}


def summary(fund) -> dict:
    used = spent(fund)
    return {
        "envelope": fund.envelope,
        "committed": used["committed"],
        "paid": used["paid"],
        "left": fund.envelope - used["committed"] - used["paid"],
    }


def by_category(fund) -> list[dict]:
    rows = (
        AidApplication.objects.filter(fund=fund, status__in=[Status.APPROVED, Status.PAID])
        .values("category__code")
        .annotate(
            committed=Sum("amount_granted", filter=Q(status=Status.APPROVED)),
            paid=Sum("amount_granted", filter=Q(status=Status.PAID)),
        )
        .order_by("category__code")
    )
    return [
        {
            "category": row["category__code"],
            "committed": row["committed"] or ZERO,
            "paid": row["paid"] or ZERO,
        }
        for row in rows
    ]


def by_month(fund) -> list[dict]:
    """Committed by month of the decision, paid by month of the payment."""
    committed = (
        AidApplication.objects.filter(fund=fund, status__in=[Status.APPROVED, Status.PAID])
        .annotate(month=TruncMonth("decided_at"))
        .values("month")
        .annotate(total=Sum("amount_granted"))
    )
    paid = (
        AidApplication.objects.filter(fund=fund, status=Status.PAID)
        .annotate(month=TruncMonth("paid_on"))
        .values("month")
        .annotate(total=Sum("amount_granted"))
    )
    months: dict = {}
    for row in committed:
        key = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        months.setdefault(key, {"decided": ZERO, "paid": ZERO})["decided"] += row["total"]
    for row in paid:
        months.setdefault(row["month"], {"decided": ZERO, "paid": ZERO})["paid"] += row["total"]
    return [{"month": month, **values} for month, values in sorted(months.items())]
