"""Every change of an agenda or an appointment: one transaction, a timeline event, a trace."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from relais.agenda.models import (
    Absence,
    Agenda,
    Appointment,
    CalendarFeed,
    CollectiveSession,
    Opening,
    Slot,
)
from relais.agenda.signals import status_changed
from relais.agenda.slots import materialise
from relais.audit.services import record_change
from relais.people.models import Event
from relais.people.services import write_event


class AgendaError(ValueError):
    """A change the agenda refuses, with a French message that says what to do."""


class SlotTaken(AgendaError):
    def __init__(self):
        super().__init__(
            "Ce créneau vient d'être réservé par quelqu'un d'autre : choisissez-en un autre "
            "parmi les suivants."
        )


def _overlapping_openings(agenda: Agenda, data: dict, exclude_pk=None):
    until = data.get("valid_until") or dt.date.max
    clash = agenda.openings.filter(
        weekday=data["weekday"],
        start_time__lt=data["end_time"],
        end_time__gt=data["start_time"],
        valid_from__lte=until,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=data["valid_from"]))
    return clash.exclude(pk=exclude_pk) if exclude_pk else clash


@transaction.atomic
def add_opening(*, user, agenda: Agenda, data: dict, motives) -> Opening:
    clash = _overlapping_openings(agenda, data).first()
    if clash is not None:
        raise AgendaError(
            f"Cette plage chevauche la plage du {clash} de cet agenda : modifiez les horaires "
            "ou la période de validité."
        )
    opening = Opening.objects.create(agenda=agenda, **data)
    opening.motives.set(motives)
    materialise(agenda)
    return opening


@transaction.atomic
def remove_opening(*, user, opening: Opening) -> None:
    """Delete an opening and its free slots, unless appointments are booked on it."""
    booked = opening.slots.filter(is_booked=True, start__gte=timezone.now()).count()
    if booked:
        raise AgendaError(
            f"{booked} rendez-vous sont déjà pris sur cette plage : déplacez-les ou "
            "annulez-les avant de la supprimer."
        )
    agenda = opening.agenda
    opening.delete()
    materialise(agenda)


@transaction.atomic
def add_absence(*, user, agenda: Agenda, start, end, reason: str = "") -> tuple[Absence, int]:
    """Record an absence; returns it and the number of appointments it overlaps (kept)."""
    if end <= start:
        raise AgendaError("La fin de l'absence doit être après son début.")
    absence = Absence.objects.create(
        agenda=agenda, start=start, end=end, reason=reason, created_by=user
    )
    materialise(agenda)
    overlapping = Appointment.objects.filter(
        agenda=agenda, status=Appointment.Status.PLANNED, start__lt=end, end__gt=start
    ).count()
    return absence, overlapping


@transaction.atomic
def book(
    *,
    user,
    slot_id: int,
    person,
    motive,
    mode: str,
    requested_at: dt.date,
    interpreter_language: str = "",
) -> Appointment:
    """Book a free slot. Two agents on the same slot at the same instant: one wins."""
    # The row lock makes the second booking wait, then see the slot taken.
    slot = (
        Slot.objects.select_for_update().select_related("agenda__site").filter(pk=slot_id).first()
    )
    if slot is None or slot.is_booked:
        raise SlotTaken()
    if slot.start < timezone.now():
        raise AgendaError("Ce créneau est déjà passé : choisissez un créneau à venir.")
    if not getattr(slot, mode, False):
        raise AgendaError("Ce créneau ne propose pas cette modalité : choisissez-en une autre.")
    if not slot.opening.motives.filter(pk=motive.pk).exists():
        raise AgendaError("Ce créneau n'accueille pas ce motif : choisissez un autre créneau.")
    if requested_at > timezone.localdate():
        raise AgendaError("La date de la demande ne peut pas être dans le futur.")
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                person=person,
                motive=motive,
                agenda=slot.agenda,
                slot=slot,
                organisation=slot.agenda.organisation,
                site=slot.agenda.site,
                start=slot.start,
                end=slot.end,
                mode=mode,
                requested_at=requested_at,
                interpreter_language=interpreter_language,
                booked_by=user,
            )
    except IntegrityError as error:  # the constraint caught what the lock could not
        raise SlotTaken() from error
    slot.is_booked = True
    slot.save(update_fields=["is_booked"])
    _written(user, appointment, f"Rendez-vous pris : {motive} le {_when(appointment)}")
    return appointment


@transaction.atomic
def create_session(*, user, title, motive, site, start, end, capacity) -> CollectiveSession:
    if end <= start:
        raise AgendaError("L'heure de fin doit être après l'heure de début.")
    return CollectiveSession.objects.create(
        organisation=site.organisation,
        site=site,
        motive=motive,
        title=title,
        start=start,
        end=end,
        capacity=capacity,
    )


@transaction.atomic
def book_collective(*, user, session: CollectiveSession, person, requested_at) -> Appointment:
    session = CollectiveSession.objects.select_for_update().get(pk=session.pk)
    taken = session.appointments.exclude(status=Appointment.Status.CANCELLED)
    if taken.filter(person=person).exists():
        raise AgendaError("Cette personne est déjà inscrite à cette réunion.")
    if taken.count() >= session.capacity:
        raise AgendaError("Cette réunion est complète : choisissez une autre date.")
    appointment = Appointment.objects.create(
        person=person,
        motive=session.motive,
        collective_session=session,
        organisation=session.organisation,
        site=session.site,
        start=session.start,
        end=session.end,
        requested_at=requested_at,
        booked_by=user,
    )
    _written(user, appointment, f"Inscription : {session.title} le {_when(appointment)}")
    return appointment


@transaction.atomic
def change_status(*, user, appointment: Appointment, status: str) -> Appointment:
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not appointment.can_become(status):
        raise AgendaError(
            f"Un rendez-vous « {appointment.get_status_display()} » ne peut pas devenir "
            f"« {Appointment.Status(status).label} »."
        )
    before = appointment.status
    appointment.status = status
    appointment.status_changed_at = timezone.now()
    appointment.save(update_fields=["status", "status_changed_at", "updated_at"])
    if status == Appointment.Status.CANCELLED and appointment.slot_id:
        # The time is free again for someone else.
        Slot.objects.filter(pk=appointment.slot_id).update(is_booked=False)
    record_change(
        user=user,
        person=appointment.person,
        obj=appointment,
        changes={"status": [before, status]},
    )
    write_event(
        person=appointment.person,
        kind=Event.Kind.APPOINTMENT,
        user=user,
        source=appointment,
        summary=f"Rendez-vous du {_when(appointment)} : {appointment.get_status_display().lower()}",
    )
    status_changed.send(sender=Appointment, appointment=appointment, before=before, user=user)
    return appointment


def _written(user, appointment: Appointment, summary: str) -> None:
    record_change(
        user=user,
        person=appointment.person,
        obj=appointment,
        changes={
            "start": ["", appointment.start.isoformat()],
            "motive": ["", str(appointment.motive)],
        },
    )
    write_event(
        person=appointment.person,
        kind=Event.Kind.APPOINTMENT,
        user=user,
        source=appointment,
        summary=summary,
    )


def _when(appointment: Appointment) -> str:
    return timezone.localtime(appointment.start).strftime("%d/%m/%Y à %H:%M")


def appointment_url(appointment: Appointment) -> str:
    return settings.RELAIS_BASE_URL + reverse(
        "agenda:appointment", kwargs={"appointment_uuid": appointment.uuid}
    )


@transaction.atomic
def renew_feed(*, user) -> CalendarFeed:
    revoke_feed(user=user)
    return CalendarFeed.objects.create(user=user)


@transaction.atomic
def revoke_feed(*, user) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
