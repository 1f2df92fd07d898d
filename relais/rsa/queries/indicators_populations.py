"""The populations behind the RSA indicators (action sheet 5.2), one queryset per figure.

Each function takes a period and a queryset of persons (the scope, or the scope as far as the
user may see it) and returns the rows the figure counts: the figures aggregate them in SQL,
the drill-down (indicators_lines) lists them, so both read one definition.

Cost (bench/rsa_indicators.py, docs/performance.md): the figures start from the few rows dated
in the period (orientations, contracts, exits, closures: thousands) and check their scope row
by row by primary key (`_in_scope`); joining the scope instead made PostgreSQL read every
person of the département for each figure. The contractualisation starts from the
rights-and-duties history (each person's latest change, an anti-join), not from every person
of the scope asking for their latest change one by one.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from relais.core.indicators import DaysBetween, Period, Scope
from relais.people.models import Person
from relais.rsa.models import (
    Beneficiary,
    Contract,
    DutiesChange,
    Exit,
    Orientation,
    RightStateChange,
)
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
        persons = persons.filter(_commune_in(communes))
    return persons


def _commune_in(communes: QuerySet) -> Q:
    """commune_id IN (communes), the few communes read once per query.

    The figures check their scope row by row (`_in_scope`): on PostgreSQL, IN (subquery)
    would join the sectors again for every row checked, = ANY(ARRAY(subquery)) is computed
    once (an InitPlan). SQLite runs an uncorrelated IN subquery once anyway.
    """
    if connection.vendor != "postgresql":
        return Q(commune_id__in=communes)
    return Q(_EqualsAny(F("commune_id"), ArraySubquery(communes)))


class _EqualsAny(Func):
    """`column = ANY(array)`, a condition (PostgreSQL)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        (column, column_params), (array, array_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return f"{column} = ANY({array})", [*column_params, *array_params]


def _in_scope(queryset: QuerySet, persons: QuerySet, field: str = "person") -> QuerySet:
    """The rows of `queryset` whose person (at `field`) is one of `persons`.

    A scalar subquery by primary key, which PostgreSQL runs once per candidate row (an index
    lookup): an IN or EXISTS would be turned into a join that hashes every person of the scope.
    """
    person = persons.order_by().filter(pk=OuterRef(field)).values("pk")[:1]
    return queryset.alias(scope_person=Subquery(person)).filter(scope_person__isnull=False)


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
    decided = Orientation.objects.filter(
        is_reorientation=False, decided_on__gte=period.start, decided_on__lte=period.end
    )
    return (
        _in_scope(decided, persons)
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
    contract = OuterRef(OuterRef("pk"))  # seen from inside the orientation's lookup
    earlier = _signed().filter(
        Q(signed_on__lt=OuterRef(OuterRef("signed_on")))
        | Q(signed_on=OuterRef(OuterRef("signed_on")), id__lt=contract),
        person=OuterRef("person"),
        signed_on__gte=OuterRef("decided_on"),
    )
    # One lookup per contract gives every answer: the decision date of the orientation in
    # force, or nothing when there is none, it is a reorientation, or a contract was signed
    # since.
    in_force = (
        Orientation.objects.filter(person=OuterRef("person"), decided_on__lte=OuterRef("signed_on"))
        .order_by("-decided_on", "-id")
        .annotate(
            first_on=Case(When(Q(is_reorientation=False) & ~Exists(earlier), then=F("decided_on")))
        )
        .values("first_on")[:1]
    )
    signed = _signed().filter(signed_on__gte=period.start, signed_on__lte=period.end)
    return (
        _in_scope(signed, persons)
        .annotate(oriented_on=Subquery(in_force, output_field=DateField()))
        .filter(oriented_on__isnull=False)
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
    decided = Orientation.objects.filter(
        is_reorientation=False, decided_on__gte=period.start, decided_on__lte=last_day
    )
    return (
        _in_scope(decided, persons)
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
    and whether a contract was in force that day: one row per person, their latest change
    of the rights-and-duties flag on or before that day, when it says "subject"."""
    end = period.end
    later = DutiesChange.objects.filter(person=OuterRef("person"), on__lte=end).filter(
        Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), id__gt=OuterRef("id"))
    )
    latest = DutiesChange.objects.filter(on__lte=end, subject_to_duties=True).exclude(Exists(later))
    latest_track = (
        Orientation.objects.filter(person=OuterRef("person"), decided_on__lte=end)
        .order_by("-decided_on", "-id")
        .values("track")[:1]
    )
    active = _signed().filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=end),
        person=OuterRef("person"),
        signed_on__lte=end,
        starts_on__lte=end,
        ends_on__gte=end,
    )
    if connection.vendor == "postgresql":
        # Thousands of persons subject in a scope: hashing the scope's persons once costs
        # less than checking each by primary key (_in_scope), unlike the figures' few rows.
        latest = latest.filter(person_id__in=persons.order_by().values("pk"))
    else:
        # SQLite would walk every person of the scope through an IN list instead.
        latest = _in_scope(latest, persons)
    return latest.annotate(
        track=Coalesce(Subquery(latest_track), Value(NO_TRACK)),
        has_contract=Exists(active),
    )


def exits(period: Period, persons: QuerySet) -> QuerySet:
    return _in_scope(Exit.objects.filter(on__gte=period.start, on__lte=period.end), persons)


def closures(period: Period, persons: QuerySet) -> list[dict]:
    """Persons whose RSA right closed in the period, with the exit that explains it.

    The closure is the first change of the household's right to state 5 or 6 in the period,
    for the applicant, the partner and the file holder. The exit is the person's latest
    `Exit` dated from 3 months before that closure (or the period's start, if earlier) to the
    period's end. Two queries whatever the number of persons.
    """
    closed_in_period = RightStateChange.objects.filter(
        state__in=CLOSED_RIGHT_STATES, on__gte=period.start, on__lte=period.end
    )
    first_closure = (
        closed_in_period.filter(rsa_file=OuterRef("rsa_file")).order_by("on").values("on")[:1]
    )
    # A person has one beneficiary row: one file, whose first closure in the period counts.
    closing = Beneficiary.objects.filter(
        caf_role__in=DUTY_ROLES, rsa_file__in=closed_in_period.values("rsa_file")
    )
    closed = _in_scope(closing, persons).annotate(closed_on=Subquery(first_closure))
    rows = {
        person_id: {"person_id": person_id, "closed_on": on, "exit_on": None, "reason": ""}
        for person_id, on in closed.order_by().values_list("person_id", "closed_on")
    }
    if not rows:
        return []
    window_starts = {}  # relativedelta is slow: once per closure date, not per person
    for row in rows.values():
        on = row["closed_on"]
        if on not in window_starts:
            window_starts[on] = min(period.start, on - CLOSURE_LOOKBACK)
        row["window_start"] = window_starts[on]
    candidates = _in_scope(
        Exit.objects.filter(on__gte=min(window_starts.values()), on__lte=period.end), persons
    )
    # The scope's exits of the widest window, kept for the persons closed; ordered by date:
    # the last exit inside the person's own window wins.
    for person_id, on, reason in candidates.order_by("on", "id").values_list(
        "person_id", "on", "reason"
    ):
        row = rows.get(person_id)
        if row is not None and on >= row["window_start"]:
            row["exit_on"], row["reason"] = on, reason
    for row in rows.values():
        del row["window_start"]
        row["positive"] = row["reason"] in Exit.POSITIVE
    return list(rows.values())
