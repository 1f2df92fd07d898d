"""Read side of the pathway: the week's new entrants, the agents' worklists, a person's pathway."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from relais.people.models import Person
from relais.rsa.deadlines import Clock, orientation_due
from relais.rsa.models import Beneficiary, Convocation, DutiesChange, Orientation
from relais.territory.models import Sector


def iso_week(value: str) -> tuple[dt.date, dt.date]:
    """'2026-W48' → (Monday, Sunday). ValueError with a French message otherwise."""
    try:
        year, week = value.upper().split("-W")
        monday = dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError as error:
        raise ValueError(
            f"Semaine « {value} » invalide : écrivez-la comme 2026-W48 (année, W, numéro)."
        ) from error
    return monday, monday + dt.timedelta(days=6)


def week_label(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class NewEntrant:
    person: Person
    entered_on: dt.date
    caf_role: str
    caf_number: str
    sector: str
    convocation: Convocation | None
    oriented: bool

    @property
    def agent(self) -> str:
        appointment = self.convocation.appointment if self.convocation else None
        owner = appointment.agenda.owner if appointment and appointment.agenda else None
        return owner.get_full_name() if owner else ""


def new_entrants(persons, monday: dt.date, sunday: dt.date) -> list[NewEntrant]:
    """Persons whose rights-and-duties entry is dated (flow creation date) in the week.

    `persons` is the queryset the caller may see (visible_to, or the département for batch
    commands). A few queries whatever the count.
    """
    entries = (
        DutiesChange.objects.filter(is_entry=True, on__gte=monday, on__lte=sunday)
        .filter(person__in=persons)
        .order_by("on", "person_id")
    )
    first_entry: dict[int, dt.date] = {}
    for person_id, on in entries.values_list("person_id", "on"):
        first_entry.setdefault(person_id, on)
    found = (
        Person.objects.filter(pk__in=first_entry)
        .select_related("commune", "beneficiary__rsa_file")
        .annotate(
            oriented=Exists(
                Orientation.objects.filter(
                    person=OuterRef("pk"),
                    decided_on__gte=OuterRef("beneficiary__duties_entered_on"),
                )
            )
        )
        .prefetch_related(
            Prefetch(
                "convocations",
                queryset=Convocation.objects.filter(purpose=Convocation.Purpose.ORIENTATION)
                .select_related("appointment__agenda__owner")
                .order_by("-created_at"),
            )
        )
    )
    sectors = _sector_names({p.commune_id for p in found})
    rows = []
    for person in found:
        beneficiary = getattr(person, "beneficiary", None)
        convocations = list(person.convocations.all())
        rows.append(
            NewEntrant(
                person=person,
                entered_on=first_entry[person.pk],
                caf_role=beneficiary.caf_role if beneficiary else "",
                caf_number=person.caf_number,
                sector=sectors.get(person.commune_id, ""),
                convocation=convocations[0] if convocations else None,
                oriented=person.oriented,
            )
        )
    rows.sort(key=lambda row: (row.sector, row.person.birth_name, row.person.first_names))
    return rows


def _sector_names(commune_ids) -> dict[int, str]:
    names: dict[int, str] = {}
    pairs = Sector.objects.filter(communes__in=commune_ids).values_list(
        "communes", "organisation__name"
    )
    for commune_id, name in pairs:
        names.setdefault(commune_id, name)
    return names


def orientation_clock(person: Person, today: dt.date | None = None) -> Clock | None:
    """The 6-week clock, while the current rights-and-duties episode has no orientation."""
    beneficiary = Beneficiary.objects.filter(person=person).first()
    if beneficiary is None or not beneficiary.subject_to_duties:
        return None
    entered = beneficiary.duties_entered_on
    if entered is None:
        return None
    if person.orientations.filter(decided_on__gte=entered).exists():
        return None
    return Clock(due=orientation_due(entered), today=today or timezone.localdate())


def to_orient(persons, today: dt.date | None = None) -> list[dict]:
    """Subject to duties, entered, not oriented since: with the days left to the 6 weeks."""
    today = today or timezone.localdate()
    waiting = (
        Beneficiary.objects.filter(
            person__in=persons, subject_to_duties=True, duties_entered_on__isnull=False
        )
        .exclude(
            Exists(
                Orientation.objects.filter(
                    person=OuterRef("person"), decided_on__gte=OuterRef("duties_entered_on")
                )
            )
        )
        .select_related("person")
        .order_by("duties_entered_on")
    )
    return [
        {
            "person": b.person,
            "entered_on": b.duties_entered_on,
            "clock": Clock(due=orientation_due(b.duties_entered_on), today=today),
        }
        for b in waiting
    ]


def to_convene(persons) -> list:
    """Entered and not oriented, without a planned or held orientation appointment."""
    waiting = Beneficiary.objects.filter(
        person__in=persons, subject_to_duties=True, duties_entered_on__isnull=False
    ).exclude(
        Exists(
            Orientation.objects.filter(
                person=OuterRef("person"), decided_on__gte=OuterRef("duties_entered_on")
            )
        )
    )
    convened = Convocation.objects.filter(
        person=OuterRef("person"),
        purpose=Convocation.Purpose.ORIENTATION,
        appointment__status__in=["planned", "seen"],
    )
    return list(
        waiting.exclude(Exists(convened)).select_related("person").order_by("duties_entered_on")
    )
