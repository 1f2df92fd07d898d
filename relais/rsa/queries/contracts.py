"""Read side of contracts and joint support: the contract month, worklists, the committee list."""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from relais.people.models import Person
from relais.people.policy import membership_of
from relais.rsa.deadlines import Clock, contract_due
from relais.rsa.models import Contract, Exit, JointSupport, Orientation
from relais.territory.models import Organisation

# Contracts still running: the ones a worklist follows to their end.
RUNNING = [Contract.Status.SIGNED, Contract.Status.ACTIVE]


def orientation_in_force(person: Person) -> Orientation | None:
    """The person's latest orientation by decision date: the one a contract answers."""
    return person.orientations.order_by("-decided_on", "-id").first()


def _signed_since(orientation: Orientation) -> bool:
    return Contract.objects.filter(
        person_id=orientation.person_id, signed_on__gte=orientation.decided_on
    ).exists()


def _left_since(orientation: Orientation) -> bool:
    return Exit.objects.filter(
        person_id=orientation.person_id, on__gte=orientation.decided_on
    ).exists()


def contract_clock(person: Person, today: dt.date | None = None) -> Clock | None:
    """The month to sign a contract after the notification of the orientation in force.

    None when there is nothing to sign: no orientation, not notified yet, a contract signed
    since the decision (a new orientation restarts the month), or the person left the pathway.
    """
    orientation = orientation_in_force(person)
    if orientation is None or orientation.notified_on is None:
        return None
    if _signed_since(orientation) or _left_since(orientation):
        return None
    return Clock(due=contract_due(orientation.notified_on), today=today or timezone.localdate())


def _waiting_orientations(persons: QuerySet) -> QuerySet:
    latest = Orientation.objects.filter(person=OuterRef("person")).order_by("-decided_on", "-id")
    signed = Contract.objects.filter(
        person=OuterRef("person"), signed_on__gte=OuterRef("decided_on")
    )
    left = Exit.objects.filter(person=OuterRef("person"), on__gte=OuterRef("decided_on"))
    return (
        Orientation.objects.filter(person__in=persons, notified_on__isnull=False)
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .exclude(Exists(signed))
        .exclude(Exists(left))
    )


def to_contract(user, today: dt.date | None = None) -> list[dict]:
    """Persons the user may see, oriented and notified, without a contract signed since.

    Each row: person, orientation, clock (due date and days left), most urgent first.
    """
    today = today or timezone.localdate()
    waiting = (
        _waiting_orientations(Person.objects.visible_to(user))
        .select_related("person")
        .order_by("notified_on", "person__birth_name")
    )
    return [
        {
            "person": orientation.person,
            "orientation": orientation,
            "clock": Clock(due=contract_due(orientation.notified_on), today=today),
        }
        for orientation in waiting
    ]


def contracts_ending_within(user, days: int = 30, today: dt.date | None = None) -> QuerySet:
    """Signed or running contracts of visible persons whose end falls in the next `days` days."""
    today = today or timezone.localdate()
    return (
        Contract.objects.filter(
            person__in=Person.objects.visible_to(user),
            status__in=RUNNING,
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=days),
        )
        .select_related("person")
        .order_by("ends_on", "id")
    )


def mds_for(user, person) -> Organisation | None:
    """The MDS that takes a case: the user's own, else the one whose sector covers the person."""
    membership = membership_of(user)
    if membership is not None and membership.organisation.kind == Organisation.Kind.MDS:
        return membership.organisation
    if person.commune_id is None:
        return None
    return (
        Organisation.objects.filter(kind=Organisation.Kind.MDS, sectors__communes=person.commune_id)
        .order_by("name")
        .first()
    )


# Joint support: the quarterly technical committee with France Travail.

QUARTER = re.compile(r"^(\d{4})-T([1-4])$")


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        following = (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )
        return following.first_day - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}-T{self.number}"

    @property
    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @classmethod
    def of(cls, day: dt.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, value: str) -> "Quarter":
        """'2026-T3' → Quarter(2026, 3); ValueError with a French message otherwise."""
        match = QUARTER.match(value.strip().upper())
        if not match:
            raise ValueError(
                f"Trimestre « {value} » invalide : écrivez-le comme 2026-T3 (année, T, 1 à 4)."
            )
        return cls(int(match[1]), int(match[2]))


@dataclass
class CommitteeList:
    quarter: Quarter
    supports: list = field(default_factory=list)
    by_axis: list = field(default_factory=list)
    by_outcome: list = field(default_factory=list)


def supports_in_quarter(user, quarter: Quarter) -> QuerySet:
    """Joint supports of visible persons that were running at some point of the quarter."""
    return (
        JointSupport.objects.filter(
            person__in=Person.objects.visible_to(user), starts_on__lte=quarter.last_day
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=quarter.first_day))
        .select_related("person", "agency", "social_worker")
        .order_by("axis", "person__birth_name", "person__first_names", "starts_on")
    )


def committee_list(user, quarter: Quarter) -> CommitteeList:
    """The supports of the quarter, counted by axis and by outcome (ended in the quarter)."""
    supports = list(supports_in_quarter(user, quarter))
    axes = Counter(s.axis for s in supports)
    outcomes = Counter(
        s.outcome if s.ends_on and s.ends_on <= quarter.last_day else "" for s in supports
    )
    still_running = ("", "En cours à la fin du trimestre")
    return CommitteeList(
        quarter=quarter,
        supports=supports,
        by_axis=[(label, axes[value]) for value, label in JointSupport.Axis.choices],
        by_outcome=[
            (label, outcomes[value])
            for value, label in [*JointSupport.Outcome.choices, still_running]
        ],
    )
