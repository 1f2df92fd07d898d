"""A waiting list's positions and estimated entry dates.

The estimate is what an operator would say on the phone: with N places each held for the
usual duration, the k-th person in line enters when the k-th place frees. Places free at the
expected end of their holders (entry, or acceptance when not yet entered, plus the usual
duration); a dated programme offers the free places of its coming sessions in order.
"""

import datetime as dt

from relais.programmes.models import CapacityModel, Prescription, Status
from relais.programmes.services.capacity import capacity, coming_sessions, held


def line(programme) -> list[Prescription]:
    return list(
        Prescription.objects.filter(programme=programme, status=Status.WAITLISTED).order_by(
            "waitlisted_at", "id"
        )
    )


def position(prescription) -> int | None:
    if prescription.status != Status.WAITLISTED:
        return None
    ahead = Prescription.objects.filter(
        programme_id=prescription.programme_id,
        status=Status.WAITLISTED,
        waitlisted_at__lt=prescription.waitlisted_at,
    ).count()
    ties = Prescription.objects.filter(
        programme_id=prescription.programme_id,
        status=Status.WAITLISTED,
        waitlisted_at=prescription.waitlisted_at,
        id__lt=prescription.id,
    ).count()
    return ahead + ties + 1


def _release_dates(programme, today: dt.date) -> list[dt.date]:
    """When each place of a continuous or portfolio programme is (or will be) free."""
    usual = dt.timedelta(days=programme.usual_duration_days)
    ends = []
    for entered_on, accepted_at in held(programme).values_list("entered_on", "accepted_at"):
        start = entered_on or (accepted_at.date() if accepted_at else today)
        ends.append(max(start + usual, today))
    free = max(capacity(programme, today) - len(ends), 0)
    return sorted([today] * free + ends)


def _session_entries(programme, count: int, today: dt.date) -> list[dt.date | None]:
    """The free places of the coming sessions in order; beyond them, sessions like the last
    one every usual duration (the operator's rhythm) — none planned at all: no estimate."""
    sessions = list(coming_sessions(programme, today))
    dates: list[dt.date | None] = []
    for session in sessions:
        dates.extend([session.starts_on] * max(session.places - session.taken, 0))
    if not sessions:
        return (dates + [None] * count)[:count]
    last = sessions[-1]
    step = dt.timedelta(days=programme.usual_duration_days)
    k = 1
    while len(dates) < count and last.places:
        dates.extend([last.starts_on + step * k] * last.places)
        k += 1
    return (dates + [None] * count)[:count]


def estimated_entries(programme, count: int, today: dt.date) -> list[dt.date | None]:
    """The estimated entry date of the first `count` persons in line, in order."""
    if count == 0:
        return []
    if programme.capacity_model == CapacityModel.INTAKE:
        return _session_entries(programme, count, today)
    releases = _release_dates(programme, today)
    if not releases:
        return [None] * count
    usual = dt.timedelta(days=programme.usual_duration_days)
    places = len(releases)
    # After its first release, each place frees again every usual duration.
    return [releases[k % places] + usual * (k // places) for k in range(count)]


def waiting_list(programme, today: dt.date) -> list[dict]:
    waiting = line(programme)
    estimates = estimated_entries(programme, len(waiting), today)
    return [
        {"prescription": p, "position": i + 1, "estimated_entry": estimates[i]}
        for i, p in enumerate(waiting)
    ]


def estimate_for(prescription, today: dt.date) -> dt.date | None:
    rank = position(prescription)
    if rank is None:
        return None
    return estimated_entries(prescription.programme, rank, today)[rank - 1]
