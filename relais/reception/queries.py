"""Read-side functions for the reception pages."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from relais.people.models import Person
from relais.people.queries import search_persons
from relais.reception import policy
from relais.reception.models import EmergencyProcedureVersion, Visit, VisitMotive

LOOKUP_MAX = 10


def visits_for_list(user) -> QuerySet:
    """The visits this agent may see, with what a table row shows, in a fixed number of queries."""
    return (
        policy.visible_visits(Visit.objects.all(), user)
        .select_related("site", "partner", "person", "recorded_by")
        .prefetch_related(Prefetch("motives", queryset=VisitMotive.objects.order_by("id")))
        .order_by("-occurred_at", "-id")
    )


def between(queryset: QuerySet, start: dt.date | None, end: dt.date | None) -> QuerySet:
    """Visits from the start of `start` to the end of `end`, in local time."""
    if start is not None:
        queryset = queryset.filter(occurred_at__gte=_start_of(start))
    if end is not None:
        queryset = queryset.filter(occurred_at__lt=_start_of(end + dt.timedelta(days=1)))
    return queryset


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def todays_visits(user, site) -> list[Visit]:
    today = timezone.localdate()
    return mark_visible_persons(
        user, list(between(visits_for_list(user).filter(site=site), today, today))
    )


def mark_visible_persons(user, visits: list[Visit]) -> list[Visit]:
    """Show a visit's person only while their file is still within the agent's reach.

    Reach changes (a move, a new référent): one query for the whole page, not one per row.
    """
    person_ids = {visit.person_id for visit in visits if visit.person_id}
    visible = set(
        Person.objects.visible_to(user).filter(pk__in=person_ids).values_list("pk", flat=True)
        if person_ids
        else ()
    )
    for visit in visits:
        visit.visible_person = visit.person if visit.person_id in visible else None
    return visits


def lookup_persons(user, query: str) -> list[Person]:
    visible = Person.objects.visible_to(user).select_related("commune")
    return search_persons(visible, query, limit=LOOKUP_MAX)


def current_procedure(organisation) -> EmergencyProcedureVersion | None:
    if organisation is None:
        return None
    return EmergencyProcedureVersion.objects.select_related("created_by").current_for(organisation)
