"""Demo agendas: the MDS's motives, one agenda per social worker and employment agent with
weekly openings, the slots of the coming months, and a year of appointments.

Past appointments are written directly (their slots are behind the rolling horizon); the
coming ones take real materialised slots, as a booking would.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from relais.accounts.models import Membership, Role
from relais.agenda.models import Agenda, Appointment, Motive, Opening, Slot
from relais.agenda.slots import materialise
from relais.people.models import Person
from relais.territory.models import Organisation

MOTIVES = [
    ("premier_accueil", "Premier accueil social"),
    ("acces_droits", "Accès aux droits"),
    ("orientation_rsa", "Orientation RSA (droits et devoirs)"),
    ("budget", "Budget"),
    ("logement", "Logement"),
    ("emploi", "Emploi"),
    ("famille", "Famille, enfance"),
    ("information_collective", "Réunion d'information collective"),
]
SOCIAL_MOTIVES = ["premier_accueil", "acces_droits", "budget", "logement", "famille"]
EMPLOYMENT_MOTIVES = ["orientation_rsa", "emploi", "acces_droits"]
# (weekday, start, end): mornings every weekday, two afternoons.
WEEK = [(d, dt.time(9), dt.time(12)) for d in range(5)] + [
    (1, dt.time(13, 30), dt.time(16, 30)),
    (3, dt.time(13, 30), dt.time(16, 30)),
]
INTERPRETER_LANGUAGES = ["arabe", "turc", "anglais", "dari", "portugais"]


def ensure_motives(departement) -> dict[str, Motive]:
    motives = {}
    for code, label in MOTIVES:
        motives[code], _ = Motive.objects.get_or_create(
            departement=departement, code=code, defaults={"label": label}
        )
    return motives


@transaction.atomic
def ensure_demo_agendas(departement, *, seed: int = 82, past_days: int = 365) -> int:
    """Create the agendas once (idempotent); returns the number of appointments created."""
    motives = ensure_motives(departement)
    if Agenda.objects.filter(organisation__departement=departement).exists():
        return 0
    rng = random.Random(seed)
    agendas = [_agenda_for(m, motives) for m in _professionals(departement)]
    created = 0
    for agenda in agendas:
        materialise(agenda)
        created += _past_appointments(agenda, rng, past_days) + _coming_appointments(agenda, rng)
    return created


def _professionals(departement):
    return (
        Membership.objects.filter(
            organisation__departement=departement,
            organisation__kind=Organisation.Kind.MDS,
            role__in=[Role.SOCIAL_WORKER, Role.EMPLOYMENT_AGENT],
            is_active=True,
        )
        .select_related("user", "organisation", "site")
        .order_by("organisation__name", "user__last_name")
    )


def _agenda_for(membership, motives) -> Agenda:
    social = membership.role == Role.SOCIAL_WORKER
    agenda = Agenda.objects.create(
        organisation=membership.organisation,
        site=membership.site or membership.organisation.sites.first(),
        owner=membership.user,
        name=membership.user.get_full_name(),
        profession="Assistant·e de service social" if social else "Agent départemental emploi",
    )
    accepted = [motives[c] for c in (SOCIAL_MOTIVES if social else EMPLOYMENT_MOTIVES)]
    for weekday, start, end in WEEK:
        opening = Opening.objects.create(
            agenda=agenda,
            weekday=weekday,
            start_time=start,
            end_time=end,
            slot_minutes=45 if social else 60,
            phone=True,
            valid_from=timezone.localdate() - dt.timedelta(days=400),
        )
        opening.motives.set(accepted)
    return agenda


def _persons(agenda, rng, count):
    ids = list(
        Person.objects.filter(commune__sectors__organisation=agenda.organisation).values_list(
            "pk", flat=True
        )[:400]
    )
    return [rng.choice(ids) for _ in range(count)] if ids else []


def _past_appointments(agenda, rng, past_days) -> int:
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    openings = list(agenda.openings.prefetch_related("motives"))
    persons = _persons(agenda, rng, past_days)
    statuses = (
        [Appointment.Status.SEEN] * 14
        + [Appointment.Status.NO_SHOW] * 3
        + [
            Appointment.Status.EXCUSED,
            Appointment.Status.CANCELLED,
        ]
    )
    rows = []
    for index, person_id in enumerate(persons):
        day = today - dt.timedelta(days=index * past_days // max(len(persons), 1) + 1)
        fitting = [o for o in openings if o.weekday == day.weekday()]
        if not fitting:
            continue
        opening = rng.choice(fitting)
        start = dt.datetime.combine(day, opening.start_time, tz)
        rows.append(
            Appointment(
                person_id=person_id,
                motive=rng.choice(list(opening.motives.all())),
                agenda=agenda,
                organisation=agenda.organisation,
                site=agenda.site,
                start=start,
                end=start + dt.timedelta(minutes=opening.slot_minutes),
                requested_at=day - dt.timedelta(days=rng.choice([1, 3, 7, 12, 18, 25, 35, 50])),
                interpreter_language=rng.choice(INTERPRETER_LANGUAGES)
                if rng.random() < 0.03
                else "",
                status=rng.choice(statuses),
                status_changed_at=start,
            )
        )
    Appointment.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _coming_appointments(agenda, rng) -> int:
    """Book about a third of the next three weeks' slots, as the reception would have."""
    horizon = timezone.now() + dt.timedelta(days=21)
    slots = list(
        Slot.objects.filter(agenda=agenda, start__gte=timezone.now(), start__lte=horizon)
        .prefetch_related("opening__motives")
        .order_by("start")
    )
    chosen = [slot for slot in slots if rng.random() < 0.35]
    persons = _persons(agenda, rng, len(chosen))
    rows = []
    for slot, person_id in zip(chosen, persons, strict=False):
        rows.append(
            Appointment(
                person_id=person_id,
                motive=rng.choice(list(slot.opening.motives.all())),
                agenda=agenda,
                slot=slot,
                organisation=agenda.organisation,
                site=agenda.site,
                start=slot.start,
                end=slot.end,
                requested_at=timezone.localdate() - dt.timedelta(days=rng.choice([0, 1, 2, 5, 9])),
            )
        )
    Appointment.objects.bulk_create(rows, batch_size=1000)
    Slot.objects.filter(pk__in=[row.slot_id for row in rows]).update(is_booked=True)
    return len(rows)
