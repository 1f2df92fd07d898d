"""The populations behind the RSA indicators (action sheet 5.2), one queryset per figure.

Each function takes a period and a queryset of persons (the scope, or the scope as far as the
user may see it) and returns the rows the figure counts: the figures aggregate them in SQL,
the drill-down lists them, so both read the same definition.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from relais.core.indicators import DaysBetween, Period, Scope
from relais.people.models import Person
from relais.rsa.models import Beneficiary, Contract, DutiesChange, Exit, Orientation
from relais.rsa.models.flows import CLOSED_RIGHT_STATES
from relais.territory.models import Sector

DELAY_TARGET_DAYS = 42  # 6 weeks from the entry to the decision (CASF D262-65-2)
CONTRACT_WINDOW_DAYS = 30
# An exit recorded shortly before the CAF closes the right explains the closure.
CLOSURE_LOOKBACK = relativedelta(months=3)
NO_TRACK = "none"
# The persons of the household who bear the rights and duties (children do not).
DUTY_ROLES = (
    Beneficiary.CafRole.APPLICANT,
    Beneficiary.CafRole.PARTNER,
    Beneficiary.CafRole.FILE_HOLDER,
)


def scoped_persons(scope: Scope) -> QuerySet:
    """The département's persons, or those living in the communes of one organisation's sectors."""
    persons = Person.objects.filter(departement_id=scope.departement_id)
    if scope.organisation_id is not None:
        communes = Sector.communes.through.objects.filter(
            sector__organisation_id=scope.organisation_id
        ).values("commune_id")
        persons = persons.filter(commune_id__in=communes)
    return persons


def _signed():
    return Contract.objects.exclude(status=Contract.Status.DRAFT).filter(signed_on__isnull=False)


def delay_orientations(period: Period, persons: QuerySet) -> QuerySet:
    """First orientations decided in the period, with the entry they answer and the delay.

    The entry is the one the orientation stored; failing that, the person's latest entry
    on or before the decision. Orientations without any known entry are left out.
    """
    latest_entry = (
        DutiesChange.objects.filter(
            person=OuterRef("person"), is_entry=True, on__lte=OuterRef("decided_on")
        )
        .order_by("-on", "-id")
        .values("on")[:1]
    )
    return (
        Orientation.objects.filter(
            person__in=persons,
            is_reorientation=False,
            decided_on__gte=period.start,
            decided_on__lte=period.end,
        )
        .annotate(
            entered_on=Coalesce(
                "duties_entered_on", Subquery(latest_entry, output_field=DateField())
            )
        )
        .filter(entered_on__isnull=False)
        .annotate(delay=DaysBetween(F("decided_on"), F("entered_on")))
    )


def first_contracts(period: Period, persons: QuerySet) -> QuerySet:
    """Contracts signed in the period that are the first since the orientation in force.

    The orientation in force is the latest decided on or before the signature; contracts
    that follow a reorientation, or come without any orientation, are left out.
    """
    in_force = Orientation.objects.filter(
        person=OuterRef("person"), decided_on__lte=OuterRef("signed_on")
    ).order_by("-decided_on", "-id")
    earlier = _signed().filter(
        person=OuterRef("person"),
        signed_on__gte=OuterRef("oriented_on"),
    )
    earlier = earlier.filter(
        Q(signed_on__lt=OuterRef("signed_on"))
        | Q(signed_on=OuterRef("signed_on"), id__lt=OuterRef("id"))
    )
    return (
        _signed()
        .filter(person__in=persons, signed_on__gte=period.start, signed_on__lte=period.end)
        .annotate(
            oriented_on=Subquery(in_force.values("decided_on")[:1]),
            reoriented=Subquery(in_force.values("is_reorientation")[:1]),
        )
        .filter(oriented_on__isnull=False, reoriented=False)
        .annotate(has_earlier=Exists(earlier))
        .filter(has_earlier=False)
        .annotate(delay=DaysBetween(F("signed_on"), F("oriented_on")))
    )


def contract_window_orientations(period: Period, persons: QuerySet) -> QuerySet:
    """First orientations decided in the period at least 30 days before its end, with the
    first contract signed on or after the decision and whether it came within 30 days."""
    last_day = period.end - dt.timedelta(days=CONTRACT_WINDOW_DAYS)
    first_signed = (
        _signed()
        .filter(person=OuterRef("person"), signed_on__gte=OuterRef("decided_on"))
        .order_by("signed_on", "id")
        .values("signed_on")[:1]
    )
    return (
        Orientation.objects.filter(
            person__in=persons,
            is_reorientation=False,
            decided_on__gte=period.start,
            decided_on__lte=last_day,
        )
        .annotate(contract_signed_on=Subquery(first_signed, output_field=DateField()))
        .annotate(gap=DaysBetween(F("contract_signed_on"), F("decided_on")))
        .annotate(
            within=ExpressionWrapper(
                Q(gap__isnull=False, gap__lte=CONTRACT_WINDOW_DAYS), output_field=BooleanField()
            )
        )
    )


def subject_persons(period: Period, persons: QuerySet) -> QuerySet:
    """Persons subject to rights and duties at the end of the period, with their track then
    and whether a contract was in force that day."""
    end = period.end
    latest_duties = (
        DutiesChange.objects.filter(person=OuterRef("pk"), on__lte=end)
        .order_by("-on", "-id")
        .values("subject_to_duties")[:1]
    )
    latest_track = (
        Orientation.objects.filter(person=OuterRef("pk"), decided_on__lte=end)
        .order_by("-decided_on", "-id")
        .values("track")[:1]
    )
    active = _signed().filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=end),
        person=OuterRef("pk"),
        signed_on__lte=end,
        starts_on__lte=end,
        ends_on__gte=end,
    )
    return (
        persons.annotate(subject=Subquery(latest_duties, output_field=BooleanField()))
        .filter(subject=True)
        .annotate(
            track=Coalesce(Subquery(latest_track), Value(NO_TRACK)),
            has_contract=Exists(active),
        )
    )


def exits(period: Period, persons: QuerySet) -> QuerySet:
    return Exit.objects.filter(person__in=persons, on__gte=period.start, on__lte=period.end)


def closures(period: Period, persons: QuerySet) -> list[dict]:
    """Persons whose RSA right closed in the period, with the exit that explains it.

    The closure is the first change of the household's right to state 5 or 6 in the period,
    for the applicant, the partner and the file holder. The exit is the person's latest
    `Exit` dated from 3 months before that closure (or the period's start, if earlier) to the
    period's end. Two queries whatever the number of persons.
    """
    closing = Beneficiary.objects.filter(
        person__in=persons,
        caf_role__in=DUTY_ROLES,
        rsa_file__state_history__state__in=CLOSED_RIGHT_STATES,
        rsa_file__state_history__on__gte=period.start,
        rsa_file__state_history__on__lte=period.end,
    )
    closed = (
        closing.values("person_id")
        .annotate(closed_on=Min("rsa_file__state_history__on"))
        .order_by()
    )
    rows = {row["person_id"]: {**row, "exit_on": None, "reason": ""} for row in closed}
    if not rows:
        return []
    earliest = min(period.start, min(r["closed_on"] for r in rows.values()) - CLOSURE_LOOKBACK)
    candidates = (
        Exit.objects.filter(
            person_id__in=closing.values("person_id"), on__gte=earliest, on__lte=period.end
        )
        .order_by("on", "id")
        .values_list("person_id", "on", "reason")
    )
    for person_id, on, reason in candidates:
        row = rows[person_id]
        # Ordered by date: the last exit inside the person's own window wins.
        if on >= min(period.start, row["closed_on"] - CLOSURE_LOOKBACK):
            row["exit_on"], row["reason"] = on, reason
    for row in rows.values():
        row["positive"] = row["reason"] in Exit.POSITIVE
    return list(rows.values())


# The drill-down: the same populations, ordered, paged by the caller. Only the lines of the
# page shown become rows with their person: a figure of 10 000 lines costs one page of work.


@dataclass(frozen=True)
class Lines:
    items: Sequence  # an ordered queryset or list, sliced by the paginator
    rows: Callable[[Sequence], list[dict]]  # the page's items → {"person", <columns>…}


def _lines(queryset, fields, extra=None) -> Lines:
    def rows(items):
        found = []
        for item in items:
            row = {"person": item.person, **{name: getattr(item, name) for name in fields}}
            found.append({**row, **(extra(row) if extra else {})})
        return found

    return Lines(queryset.select_related("person"), rows)


def _within_target(row) -> dict:
    return {"within": row["delay"] <= DELAY_TARGET_DAYS}


def _positive(row) -> dict:
    return {"positive": row["reason"] in Exit.POSITIVE}


def delay_lines(period, persons) -> Lines:
    queryset = delay_orientations(period, persons).order_by("decided_on", "id")
    return _lines(queryset, ["entered_on", "decided_on", "delay"], _within_target)


def first_contract_lines(period, persons) -> Lines:
    queryset = first_contracts(period, persons).order_by("signed_on", "id")
    return _lines(queryset, ["oriented_on", "signed_on", "delay"])


def contract_window_lines(period, persons) -> Lines:
    queryset = contract_window_orientations(period, persons).order_by("decided_on", "id")
    return _lines(queryset, ["track", "decided_on", "contract_signed_on", "gap", "within"])


def subject_lines(period, persons) -> Lines:
    queryset = subject_persons(period, persons).order_by("birth_name", "first_names", "id")

    def rows(items):
        return [{"person": p, "track": p.track, "has_contract": p.has_contract} for p in items]

    return Lines(queryset, rows)


def exit_lines(period, persons) -> Lines:
    return _lines(exits(period, persons).order_by("on", "id"), ["on", "reason"], _positive)


def closure_lines(period, persons) -> Lines:
    items = sorted(closures(period, persons), key=lambda r: (r["closed_on"], r["person_id"]))

    def rows(page):
        found = persons.in_bulk([row["person_id"] for row in page])
        return [{**row, "person": found[row["person_id"]]} for row in page]

    return Lines(items, rows)
