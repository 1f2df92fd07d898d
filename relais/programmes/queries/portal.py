"""What the operator's portal reads: its prescriptions by stage, its places, one prescription.

Everything starts from `policy.portal_prescriptions(user)` or `policy.operated_programmes(user)`:
an operator never reaches a prescription to another organisation's programme (same 404 as a
prescription that does not exist).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from relais.accounts.models import Role, User
from relais.people.facts import facts_for
from relais.programmes import policy
from relais.programmes.eligibility import evaluate
from relais.programmes.models import (
    OPEN_STATUSES,
    PLACE_HOLDING_STATUSES,
    CapacityModel,
    Prescription,
    Programme,
    ProgrammeCoach,
    ProgrammeKind,
    Session,
    Status,
)
from relais.programmes.queries import waitlist
from relais.programmes.services import capacity

# A coaching's maximum duration is announced this many days before it is reached.
DURATION_ALERT_DAYS = 15
TABS = (
    ("a-traiter", "À traiter"),
    ("attente", "Liste d'attente"),
    ("acceptees", "Acceptées"),
    ("en-cours", "En cours"),
    ("terminees", "Terminées"),
)
TAB_STATUSES = {
    "a-traiter": Status.SENT,
    "attente": Status.WAITLISTED,
    "acceptees": Status.ACCEPTED,
    "en-cours": Status.ENTERED,
    "terminees": Status.ENDED,
}
RELATED = ("programme", "person", "person__commune", "prescriber_organisation", "session", "coach")


def prescription_or_404(user, prescription_uuid) -> Prescription:
    found = (
        policy.portal_prescriptions(user)
        .select_related(*RELATED, "prescriber", "programme__operator")
        .filter(uuid=prescription_uuid)
        .first()
    )
    if found is None or not policy.can_answer(user, found):
        raise Http404
    return found


def programme_or_404(user, programme_uuid) -> Programme:
    found = policy.operated_programmes(user).filter(uuid=programme_uuid).first()
    if found is None or not policy.can_manage_programme(user, found):
        raise Http404
    return found


def session_or_404(user, intake_uuid) -> Session:
    found = (
        Session.objects.select_related("programme")
        .filter(uuid=intake_uuid, programme__in=policy.operated_programmes(user))
        .first()
    )
    if found is None or not policy.can_manage_programme(user, found.programme):
        raise Http404
    return found


# The portal's lists.


def _mine(user, programme):
    found = policy.portal_prescriptions(user).select_related(*RELATED)
    return found.filter(programme=programme) if programme is not None else found


def tab_counts(user, programme) -> dict[str, int]:
    """How many prescriptions each tab lists, in one query."""
    counts = dict(_mine(user, programme).order_by().values_list("status").annotate(n=Count("id")))
    return {tab: counts.get(status, 0) for tab, status in TAB_STATUSES.items()}


def to_answer(user, programme, today: dt.date) -> list[dict]:
    """Sent and not yet answered, the oldest first; past the reminder delay, marked."""
    limit = settings.RELAIS_PRESCRIPTION_REMINDER_DAYS
    rows = []
    for item in _mine(user, programme).filter(status=Status.SENT).order_by("sent_at", "id"):
        days = (today - timezone.localtime(item.sent_at).date()).days
        rows.append({"prescription": item, "days": days, "overdue": days >= limit})
    return rows


def waiting(user, programme, today: dt.date) -> list[dict]:
    """Each programme's waiting list, with positions and estimated entry dates."""
    programmes = [programme] if programme else policy.operated_programmes(user).order_by("name")
    lists = []
    for each in programmes:
        rows = waitlist.waiting_list(each, today)
        prefetch_related_objects(
            [row["prescription"] for row in rows], "person", "prescriber_organisation"
        )
        if rows:
            lists.append({"programme": each, "rows": rows})
    return lists


def accepted(user, programme):
    return _mine(user, programme).filter(status=Status.ACCEPTED).order_by("accepted_at", "id")


def in_progress(user, programme, today: dt.date) -> list[dict]:
    entered = _mine(user, programme).filter(status=Status.ENTERED).order_by("entered_on", "id")
    return [{"prescription": p, "alert": duration_alert(p, today)} for p in entered]


def ended(user, programme):
    return _mine(user, programme).filter(status=Status.ENDED).order_by("-ended_on", "-id")


@dataclass(frozen=True)
class DurationAlert:
    ends_on: dt.date
    days_left: int

    @property
    def passed(self) -> bool:
        return self.days_left < 0


def duration_alert(prescription, today: dt.date) -> DurationAlert | None:
    """A coaching (portfolio) lasts at most max_duration_days: warn 15 days ahead, and after."""
    programme = prescription.programme
    if (
        programme.capacity_model != CapacityModel.PORTFOLIO
        or not programme.max_duration_days
        or prescription.status != Status.ENTERED
    ):
        return None
    ends_on = prescription.entered_on + dt.timedelta(days=programme.max_duration_days)
    days_left = (ends_on - today).days
    return DurationAlert(ends_on, days_left) if days_left <= DURATION_ALERT_DAYS else None


# Places.


def free_places(programme, today: dt.date) -> int:
    """Places free now: in the coming sessions, with the coaches, or in the programme."""
    if programme.capacity_model == CapacityModel.INTAKE:
        sessions = capacity.coming_sessions(programme, today)
        return sum(max(s.places - s.taken, 0) for s in sessions)
    if programme.capacity_model == CapacityModel.PORTFOLIO:
        size = programme.portfolio_size or 0
        return sum(max(size - load, 0) for _, load in capacity.coach_loads(programme))
    return max((programme.places or 0) - capacity.held(programme).count(), 0)


def places_overview(user, today: dt.date) -> list[dict]:
    waiting_counts = dict(
        policy.portal_prescriptions(user)
        .filter(status=Status.WAITLISTED)
        .values_list("programme_id")
        .annotate(n=Count("id"))
    )
    return [
        {
            "programme": programme,
            "capacity": capacity.capacity(programme, today),
            "free": free_places(programme, today),
            "waiting": waiting_counts.get(programme.pk, 0),
        }
        for programme in policy.operated_programmes(user).order_by("name")
    ]


def session_rows(programme) -> list[dict]:
    sessions = Session.objects.filter(programme=programme).annotate(
        taken=Count("prescriptions", filter=Q(prescriptions__status__in=PLACE_HOLDING_STATUSES)),
        entered=Count("prescriptions", filter=Q(prescriptions__status=Status.ENTERED)),
    )
    return [
        {"session": s, "taken": s.taken, "entered": s.entered, "free": max(s.places - s.taken, 0)}
        for s in sessions.order_by("-starts_on", "-id")
    ]


def coach_rows(programme) -> list[dict]:
    """Every coach of the programme with their load, the active ones first."""
    loads = dict(
        capacity.held(programme).exclude(coach=None).values_list("coach_id").annotate(n=Count("id"))
    )
    size = programme.portfolio_size or 0
    coaches = ProgrammeCoach.objects.filter(programme=programme).select_related("user")
    rows = [
        {"coach": c, "load": loads.get(c.user_id, 0), "full": loads.get(c.user_id, 0) >= size}
        for c in coaches.order_by("-is_active", "user__last_name", "user__first_name")
    ]
    return rows


def coach_candidates(programme):
    """The operator's staff who are not active coaches of the programme yet."""
    active = ProgrammeCoach.objects.filter(programme=programme, is_active=True).values("user_id")
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.OPERATOR,
            memberships__organisation_id=programme.operator_id,
        )
        .exclude(pk__in=active)
        .distinct()
        .order_by("last_name", "first_name")
    )


# Programme specifics.


def specifics(prescription, today: dt.date) -> dict:
    """What the language platform or TAPAJ shows on a prescription, and what may be added."""
    kind = prescription.programme.kind
    if kind == ProgrammeKind.LANGUAGE_PLATFORM:
        return _platform(prescription, today)
    if kind == ProgrammeKind.DAY_WORK:
        return {
            "work": work_day_totals(prescription),
            "can_record_days": prescription.status == Status.ENTERED,
        }
    return {}


def _platform(prescription, today: dt.date) -> dict:
    assessments = list(
        prescription.assessments.select_related("assessor", "oriented_to__programme__operator")
    )
    followers = prescription.followers.select_related("programme__operator").order_by("sent_at")
    data = {"assessments": assessments, "orientations": followers}
    if prescription.status in (Status.ACCEPTED, Status.ENTERED):
        data["can_assess"] = True
        data["courses"] = language_courses(prescription, today)
        # One orientation per assessment: a re-orientation follows the final assessment.
        data["can_orient"] = bool(assessments) and assessments[-1].oriented_to_id is None
    return data


def work_day_totals(prescription) -> dict:
    days = list(prescription.work_days.all())
    return {
        "days": days,
        "dates": len({d.worked_on for d in days}),
        "hours": sum((d.hours for d in days), start=0),
        "paid_hours": sum((d.hours for d in days if d.paid), start=0),
        "unpaid": sum(1 for d in days if not d.paid),
    }


def language_courses(prescription, today: dt.date) -> list[dict]:
    """The département's French courses, per training body, with live free places and
    whether the person meets each one's conditions."""
    courses = Programme.objects.filter(
        departement_id=prescription.departement_id,
        kind=ProgrammeKind.LANGUAGE_COURSE,
        is_active=True,
    ).select_related("operator")
    person = prescription.person
    facts = facts_for(person)
    already = set(
        Prescription.objects.filter(
            person=person, programme__in=courses, status__in=OPEN_STATUSES
        ).values_list("programme_id", flat=True)
    )
    return [
        {
            "programme": course,
            "free": free_places(course, today),
            "eligibility": evaluate(course, person, facts, today=today),
            "already": course.pk in already,
        }
        for course in courses.order_by("operator__name", "name")
    ]
