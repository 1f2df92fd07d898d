"""Read side of the agendas: free slots, a week of an agenda, the feed of an agent."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from relais.agenda.models import Agenda, Appointment, CollectiveSession, Mode, Slot
from relais.agenda.policy import visible_agendas


def free_slots(
    user, *, motive=None, site=None, profession: str = "", mode: str = "", after=None
) -> QuerySet:
    """Bookable slots of the agent's organisation, soonest first (an indexed query)."""
    agendas = visible_agendas(Agenda.objects.filter(is_active=True), user)
    if site is not None:
        agendas = agendas.filter(site=site)
    if profession:
        agendas = agendas.filter(profession=profession)
    slots = Slot.objects.filter(
        is_booked=False,
        start__gte=max(after or timezone.now(), timezone.now()),
        agenda__in=agendas.values("pk"),
    )
    if motive is not None:
        slots = slots.filter(opening__motives=motive)
    if mode in Mode.values:
        slots = slots.filter(**{mode: True})
    return slots.select_related("agenda__site").order_by("start", "agenda__name")


def nth_available(slots: QuerySet, n: int):
    """The n-th next free slot (1 = first available, 3 = the "third next available")."""
    found = list(slots[n - 1 : n])
    return found[0] if found else None


def week_of(agenda: Agenda, monday: dt.date) -> list[dict]:
    """The agenda's slots and appointments day by day, Monday to Sunday."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tz)
    end = start + dt.timedelta(days=7)
    slots = list(agenda.slots.filter(start__gte=start, start__lt=end).order_by("start"))
    appointments = {
        a.slot_id: a
        for a in agenda.appointments.filter(start__gte=start, start__lt=end)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("person", "motive")
    }
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        day_slots = [
            {"slot": s, "appointment": appointments.get(s.pk)}
            for s in slots
            if timezone.localtime(s.start).date() == day
        ]
        if day_slots:
            days.append({"day": day, "slots": day_slots})
    return days


def upcoming_sessions(user):
    """Information meetings to come in the agent's organisation, with the places taken."""
    membership = user.membership
    return (
        CollectiveSession.objects.filter(
            organisation_id=membership.organisation_id, start__gte=timezone.now()
        )
        .annotate(
            taken=Count(
                "appointments", filter=~Q(appointments__status=Appointment.Status.CANCELLED)
            )
        )
        .select_related("site", "motive")
        .order_by("start")
    )
