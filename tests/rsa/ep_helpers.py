"""Build EP cases at each step through the services, as the pages would."""

import datetime as dt
import html

from django.urls import reverse
from django.utils import timezone

from relais.rsa.models import EpCase, EpMember
from relais.rsa.services import ep as services

Theme, Opinion = EpCase.Theme, EpCase.Opinion


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def today_session(world, *, user="reception_a", mds=None, hour=9):
    """A session held today (its date is not in the future, so opinions may be recorded)."""
    return services.create_session(
        user=world.user(user),
        mds=mds or world.mds_a,
        date=at(timezone.localdate(), hour),
        place="Salle du conseil, MDS A",
    )


def list_case(world, *, person=None, theme=Theme.BREACH, mds=None, user=None):
    return services.list_case(
        user=user,
        person=person or world.person_a,
        theme=theme,
        mds=mds or world.mds_a,
        source_summary="Contrat d'engagement non respecté",
    )


def scheduled_case(world, *, session=None, **kwargs):
    session = session or today_session(world)
    case = list_case(world, **kwargs)
    return services.schedule_case(user=world.user("reception_a"), case=case, session=session)


def seat_members(world, session):
    """Two members, present: a representative of the beneficiaries and the delegate."""
    user = world.user("reception_a")
    members = [
        services.add_member(
            user=user,
            session=session,
            name="Mme Représentante",
            quality=EpMember.Quality.BENEFICIARY_REPRESENTATIVE,
        ),
        services.add_member(
            user=user,
            session=session,
            name="M. Délégué",
            quality=EpMember.Quality.PRESIDENT_DELEGATE,
        ),
    ]
    services.record_attendance(
        user=user, session=session, present_members=members, attended_cases=[]
    )
    return members


def reviewed_case(
    world, *, opinion=Opinion.SUSPENSION, note="Aucune démarche depuis trois mois", **kwargs
):
    case = scheduled_case(world, **kwargs)
    seat_members(world, case.session)
    return services.record_opinion(
        user=world.user("reception_a"), case=case, opinion=opinion, note=note, person_attended=True
    )


def decided_case(world, *, rate=30, months=1, starts_on=None, **kwargs):
    """A breach decided as the EP advised: a suspension within the scale."""
    case = reviewed_case(world, **kwargs)
    return services.decide(
        user=world.user("manager_a"),
        case=case,
        decision=Opinion.SUSPENSION,
        decided_on=timezone.localdate(),
        rate=rate,
        months=months,
        starts_on=starts_on or timezone.localdate(),
    )


# Pages


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def assert_accessible_shape(text: str):
    assert text.count("<h1") == 1
    assert text.count("<table") == text.count("<caption")


def session_url(session):
    return reverse("rsa:ep_session", kwargs={"session_uuid": session.uuid})


def case_url(case):
    return reverse("rsa:ep_case", kwargs={"case_uuid": case.uuid})


def fr(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
