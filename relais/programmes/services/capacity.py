"""Where a place is free: per session, per programme, or per coach (the capacity models).

Callers hold the programme's row lock (`lock_programme`): every change of a programme's
occupancy takes it first, so two acceptances of the last place are serialised and the
second one finds the programme full.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from relais.programmes.models import (
    PLACE_HOLDING_STATUSES,
    CapacityModel,
    Prescription,
    Programme,
    ProgrammeCoach,
    Session,
)


@dataclass(frozen=True)
class Place:
    session: Session | None = None
    coach_id: int | None = None


def lock_programme(programme_id: int) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme_id)


def held(programme: Programme):
    return Prescription.objects.filter(programme=programme, status__in=PLACE_HOLDING_STATUSES)


def open_sessions(programme: Programme, today: dt.date):
    """Sessions not yet over, with their places taken."""
    return (
        Session.objects.filter(programme=programme, ends_on__gte=today)
        .annotate(
            taken=Count("prescriptions", filter=Q(prescriptions__status__in=PLACE_HOLDING_STATUSES))
        )
        .order_by("starts_on", "id")
    )


def coming_sessions(programme: Programme, today: dt.date):
    """Sessions not yet started: the only ones a person can still join (a dated intake starts
    together; a place freed in a session under way is not offered)."""
    return open_sessions(programme, today).filter(starts_on__gte=today)


def coach_loads(programme: Programme) -> list[tuple[int, int]]:
    """(coach user id, active persons) for each active coach, the least loaded first."""
    counts = dict(
        held(programme)
        .exclude(coach=None)
        .values_list("coach_id")
        .annotate(n=Count("id"))
        .values_list("coach_id", "n")
    )
    coaches = ProgrammeCoach.objects.filter(programme=programme, is_active=True)
    loads = [(c.user_id, counts.get(c.user_id, 0)) for c in coaches.order_by("id")]
    return sorted(loads, key=lambda load: load[1])


def capacity(programme: Programme, today: dt.date) -> int:
    if programme.capacity_model == CapacityModel.CONTINUOUS:
        return programme.places or 0
    if programme.capacity_model == CapacityModel.PORTFOLIO:
        coaches = ProgrammeCoach.objects.filter(programme=programme, is_active=True).count()
        return coaches * (programme.portfolio_size or 0)
    return sum(s.places for s in open_sessions(programme, today))


def free_place(
    programme: Programme, today: dt.date, *, session=None, coach_id=None
) -> Place | None:
    """A free place, in the asked session or with the asked coach when given; None: full."""
    if programme.capacity_model == CapacityModel.CONTINUOUS:
        return Place() if held(programme).count() < (programme.places or 0) else None
    if programme.capacity_model == CapacityModel.PORTFOLIO:
        for user_id, load in coach_loads(programme):
            if load < (programme.portfolio_size or 0) and coach_id in (None, user_id):
                return Place(coach_id=user_id)
        return None
    for candidate in coming_sessions(programme, today):
        if candidate.taken < candidate.places and session in (None, candidate):
            return Place(session=candidate)
    return None
