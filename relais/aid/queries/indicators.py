"""The rows behind the FARE82 figures, counted in SQL (relais.aid.indicators defines them).

Dates: a timestamp (submitted_at, decided_at) counts for its day in the département's time
zone; `paid_on` is a date. A period includes its first and its last day. The scope is the
département's applications, or those an organisation (an MDS team) made.
"""

import datetime as dt

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from relais.aid.models import AidApplication, AidCategory, Status
from relais.core.indicators import DaysBetween, Period, Scope, shared

# The applications whose approval still stands: committed, then paid (not cancelled since).
STANDING = (Status.APPROVED, Status.PAID)


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """[first instant of the first day, first instant after the last day), local time."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(period.start, dt.time.min, tz),
        dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tz),
    )


def during(field: str, period: Period) -> Q:
    first, after = bounds(period)
    return Q(**{f"{field}__gte": first, f"{field}__lt": after})


def scoped(scope: Scope) -> QuerySet:
    found = AidApplication.objects.filter(departement_id=scope.departement_id)
    if scope.organisation_id is not None:
        found = found.filter(applicant_organisation_id=scope.organisation_id)
    return found.order_by()


@shared
def categories(scope: Scope) -> list[str]:
    """The codes of the département's categories, in the order of their code."""
    found = AidCategory.objects.filter(departement_id=scope.departement_id).order_by("code")
    return list(found.values_list("code", flat=True))


TALLIES = ("submitted", "decided", "approved", "granted", "granted_total")


@shared
def tallies(period: Period, scope: Scope) -> dict[str, dict]:
    """{category code: counts} in one pass; a category without any row is absent.

    - submitted: (last) submitted in the period;
    - decided: approved or refused in the period; approved: of those, the approvals (whatever
      followed: paid, or cancelled since);
    - granted, granted_total: the approvals of the period that still stand (approved or paid),
      their number and the sum of their granted amounts."""
    submitted = during("submitted_at", period)
    decided = during("decided_at", period)
    approved = decided & Q(amount_granted__isnull=False)
    standing = approved & Q(status__in=STANDING)
    rows = (
        scoped(scope)
        .filter(submitted | decided)
        .values("category__code")
        .annotate(
            submitted=Count("id", filter=submitted),
            decided=Count("id", filter=decided),
            approved=Count("id", filter=approved),
            granted=Count("id", filter=standing),
            granted_total=Sum("amount_granted", filter=standing),
        )
    )
    return {row.pop("category__code"): row for row in rows}


def decision_delays(period: Period, scope: Scope) -> dict[int, int]:
    """{days from the (last) submission to the decision: number of decisions of the period}."""
    tz = timezone.get_current_timezone()
    rows = (
        scoped(scope)
        .filter(during("decided_at", period), submitted_at__isnull=False)
        .annotate(
            delay=DaysBetween(
                TruncDate("decided_at", tzinfo=tz), TruncDate("submitted_at", tzinfo=tz)
            )
        )
        .values("delay")
        .annotate(n=Count("id"))
    )
    return {row["delay"]: row["n"] for row in rows}


def last_payments(period: Period, scope: Scope) -> list[AidApplication]:
    """Each person paid in the period, through their last payment of the period (the latest
    payment day; the latest application on the same day), with the person loaded."""
    paid = (
        scoped(scope)
        .filter(status=Status.PAID, paid_on__gte=period.start, paid_on__lte=period.end)
        .select_related("person")
        .order_by("person_id", "-paid_on", "-id")
    )
    last: dict[int, AidApplication] = {}
    for application in paid:
        last.setdefault(application.person_id, application)
    return list(last.values())


def budget_counts(fund) -> dict[str, int]:
    """For the budget page: {category code: approved or paid applications of the fund}, the
    number beside queries.budget.by_category's amounts."""
    rows = (
        AidApplication.objects.filter(fund=fund, status__in=STANDING)
        .order_by()
        .values("category__code")
        .annotate(n=Count("id"))
    )
    return {row["category__code"]: row["n"] for row in rows}
