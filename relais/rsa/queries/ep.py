"""What the EP pages and the worklists read: cases and sessions of the user's MDS.

An agent sees the cases of the MDS they currently act for, and only those of persons whose
file they may see; everything else is the gatekeeper's 404.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from relais.people.models import Person
from relais.rsa import policy
from relais.rsa.models import EpCase, EpSession, Sanction

Status = EpCase.Status
# Cases still waiting for an action: to schedule, to review, to decide, to notify.
TO_DO = (Status.LISTED, Status.SCHEDULED, Status.REVIEWED, Status.DECIDED)


def cases_for(user) -> QuerySet:
    organisation = policy.current_organisation(user)
    if organisation is None:
        return EpCase.objects.none()
    return EpCase.objects.filter(
        mds=organisation, person__in=Person.objects.visible_to(user).values("pk")
    ).select_related("person", "session")


def open_cases_for(user) -> QuerySet:
    """The open cases of the user's MDS that they may see, oldest first (the worklists)."""
    return cases_for(user).filter(status__in=TO_DO).order_by("listed_at", "pk")


def listed_cases(user) -> QuerySet:
    """The cases waiting to be put on a session's agenda."""
    return cases_for(user).filter(status=Status.LISTED).order_by("listed_at", "pk")


def sessions_for(user) -> QuerySet:
    organisation = policy.current_organisation(user)
    if organisation is None:
        return EpSession.objects.none()
    return EpSession.objects.filter(mds=organisation).annotate(
        case_count=Count("cases", distinct=True),
        notified_count=Count("cases", filter=Q(cases__status=Status.NOTIFIED), distinct=True),
    )


def session_or_404(user, uuid) -> EpSession:
    session = sessions_for(user).filter(uuid=uuid).select_related("mds").first()
    if session is None:
        raise Http404
    return session


def case_or_404(user, uuid) -> EpCase:
    case = cases_for(user).filter(uuid=uuid).select_related("decided_by", "mds").first()
    if case is None:
        raise Http404
    return case


def sanction_or_404(user, uuid) -> Sanction:
    sanction = (
        Sanction.objects.filter(case__in=cases_for(user).values("pk"), uuid=uuid)
        .select_related("case__person", "case__session")
        .first()
    )
    if sanction is None:
        raise Http404
    return sanction


def agenda_of(user, session: EpSession) -> list[EpCase]:
    """The cases on a session's agenda, in the order they are heard (by listing)."""
    return list(
        cases_for(user)
        .filter(session=session)
        .select_related("person__commune")
        .order_by("listed_at", "pk")
    )


def history_of(case: EpCase) -> QuerySet:
    """The person's timeline lines written about this case or its sanction, newest first."""
    sources = Q(source_type=ContentType.objects.get_for_model(EpCase), source_id=str(case.pk))
    sanction = Sanction.objects.filter(case=case).first()
    if sanction is not None:
        sources |= Q(
            source_type=ContentType.objects.get_for_model(Sanction), source_id=str(sanction.pk)
        )
    return case.person.events.filter(sources).select_related("actor").order_by("-occurred_at")
