"""The rows behind the insertion offer's figures, counted in SQL and grouped by programme.

Each function takes the period and the programmes' ids (a sorted tuple) and returns
{programme id: …}: a table of 20 programmes costs the same queries as one programme. Most
figures are counts over the same rows with different conditions: `tallies` makes them all in
one pass (conditional aggregates), which the figures share inside `shared_queries()`.

Dates: a timestamp (sent, answered, waitlisted, accepted, withdrawn) belongs to the day it has
in the département's time zone; "at the end of the period" means on its last day, in the evening.
"""

import datetime as dt

from django.db.models import Count, DateField, Q, Sum, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from relais.core.indicators import DaysBetween, Period, Scope, shared
from relais.programmes.models import LanguageAssessment, Outcome, Prescription, Programme
from relais.programmes.services.capacity import capacity

Ids = tuple[int, ...]


def bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first instant of `start`, first instant after `end`) in the local time zone."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz),
    )


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _during(field: str, period: Period) -> Q:
    first, after = bounds(period.start, period.end)
    return Q(**{f"{field}__gte": first, f"{field}__lt": after})


def _not_by(field: str, after: dt.datetime) -> Q:
    """The event `field` had not happened by the end of the day before `after`."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": after})


@shared
def programmes(scope: Scope, ids: Ids | None = None) -> list[Programme]:
    """The département's programmes, or one operator's (Scope.organisation_id), maybe fewer."""
    found = Programme.objects.filter(departement_id=scope.departement_id)
    if scope.organisation_id is not None:
        found = found.filter(operator_id=scope.organisation_id)
    if ids is not None:
        found = found.filter(pk__in=ids)
    return list(found.select_related("operator").order_by("action_sheet", "name", "pk"))


def _rows(ids: Ids):
    return Prescription.objects.filter(programme_id__in=ids).order_by()


def waiting_at(day: dt.date) -> Q:
    """On the waiting list on `day` in the evening: put on it that day or before, and neither
    accepted, withdrawn nor refused by then."""
    _, after = bounds(day, day)
    return (
        Q(waitlisted_at__lt=after)
        & _not_by("accepted_at", after)
        & _not_by("withdrawn_at", after)
        & _not_by("refused_at", after)
    )


def holding_at(day: dt.date) -> Q:
    """Holding a place on `day` in the evening: accepted that day or before, and neither
    ended nor withdrawn by then (a person who leaves on the day frees the place that day), in a
    session not over by then — the capacity counts only those sessions' places."""
    _, after = bounds(day, day)
    return (
        Q(accepted_at__lt=after)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        & _not_by("withdrawn_at", after)
        & (Q(session__isnull=True) | Q(session__ends_on__gte=day))
    )


def _may_count(period: Period) -> Q:
    """Rows that may weigh in some count: not sent after the period, nor closed before it
    (ended, withdrawn or refused before it). The
    rest need not go through the aggregates: a large table's years of history."""
    first, after = bounds(period.start, period.end)
    return (
        Q(sent_at__lt=after)
        & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        & _not_by("withdrawn_at", first)
        & _not_by("refused_at", first)
    )


# The counts of `tallies`, besides the outcomes.
TALLIES = (
    "sent",
    "answered",
    "accepted",
    "waiting",
    "waiting_days",
    "placed",
    "placed_days",
    "held",
)


def _tally_expressions(period: Period) -> dict:
    """Every count of the figures, each with its own filter: one pass over the rows."""
    answered = _during("answered_at", period)
    waiting = waiting_at(period.end)
    placed = _during("accepted_at", period) & Q(waitlisted_at__isnull=False)
    ended = Q(ended_on__gte=period.start, ended_on__lte=period.end)
    end = Value(period.end, output_field=DateField())
    return {
        "sent": Count("id", filter=_during("sent_at", period)),
        "answered": Count("id", filter=answered),
        "accepted": Count("id", filter=answered & Q(accepted_at__isnull=False)),
        "waiting": Count("id", filter=waiting),
        "waiting_days": Sum(DaysBetween(end, _local_day("waitlisted_at")), filter=waiting),
        "placed": Count("id", filter=placed),
        "placed_days": Sum(
            DaysBetween(_local_day("accepted_at"), _local_day("waitlisted_at")), filter=placed
        ),
        "held": Count("id", filter=holding_at(period.end)),
        **{
            f"outcome_{outcome}": Count("id", filter=ended & Q(outcome=outcome))
            for outcome in Outcome.values
        },
    }


@shared
def tallies(period: Period, ids: Ids) -> dict[int, dict]:
    """{programme: {"sent", "answered", "accepted", "waiting", "waiting_days", "placed",
    "placed_days", "held", "outcomes": {outcome: n}}}; programmes without rows are absent.

    - answered: first answered in the period; accepted: of those, accepted at some point;
    - waiting: on the list at the end; waiting_days: their days on it so far, summed;
    - placed: given a place from the list in the period; placed_days: their waits, summed;
    - held: holding a place at the end; outcomes: the exits of the period by outcome."""
    rows = (
        _rows(ids)
        .filter(_may_count(period))
        .values("programme_id")
        .annotate(**_tally_expressions(period))
    )
    found = {}
    for row in rows:
        outcomes = {o: row.pop(f"outcome_{o}") for o in Outcome.values}
        # A sum over no row is NULL.
        row.update(waiting_days=row["waiting_days"] or 0, placed_days=row["placed_days"] or 0)
        found[row.pop("programme_id")] = {**row, "outcomes": outcomes}
    return found


@shared
def entry_delays(period: Period, ids: Ids) -> dict[int, dict[int, int]]:
    """{programme: {days from sending to entry: entries}} for the entries of the period."""
    rows = (
        _rows(ids)
        .filter(entered_on__gte=period.start, entered_on__lte=period.end)
        .annotate(delay=DaysBetween("entered_on", _local_day("sent_at")))
        .values("programme_id", "delay")
        .annotate(n=Count("id"))
    )
    histograms: dict[int, dict[int, int]] = {}
    for row in rows:
        histograms.setdefault(row["programme_id"], {})[row["delay"]] = row["n"]
    return histograms


def capacities(period: Period, found: list[Programme]) -> dict[int, int]:
    """Each programme's capacity on the last day, as the services count it when accepting."""
    return {programme.pk: capacity(programme, period.end) for programme in found}


def year_to_date(period: Period) -> Period:
    """From 1 January of the year of the period's end to that end."""
    return Period(period.end.replace(month=1, day=1), period.end)


@shared
def persons_in(window: Period, ids: Ids) -> dict[int, int]:
    """Distinct persons present in the programme on some day of the window: entered by its
    end, and not ended before its start."""
    rows = (
        _rows(ids)
        .filter(entered_on__lte=window.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=window.start))
        .values("programme_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    return {row["programme_id"]: row["n"] for row in rows}


@shared
def assessments(window: Period, ids: Ids) -> dict[int, int]:
    """Language assessments (initial and final) dated in the window."""
    rows = (
        LanguageAssessment.objects.filter(
            prescription__programme_id__in=ids,
            assessed_on__gte=window.start,
            assessed_on__lte=window.end,
        )
        .order_by()
        .values("prescription__programme_id")
        .annotate(n=Count("id"))
    )
    return {row["prescription__programme_id"]: row["n"] for row in rows}
