"""Listing a file, sessions, scheduling, attendance: the rules and their traces."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.accounts.models import Role
from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.rsa.models import EpCase, EpMember
from relais.rsa.services import ep as services
from tests.factories import (
    DepartementFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.rsa.ep_helpers import (
    at,
    decided_case,
    list_case,
    scheduled_case,
    seat_members,
    today_session,
)

Theme, Status = EpCase.Theme, EpCase.Status


def test_listing_writes_the_timeline_and_the_audit_once(world):
    first = list_case(world, user=world.user("employment_agent_a"))
    again = list_case(world, user=world.user("employment_agent_a"))
    assert again.pk == first.pk
    events = Event.objects.filter(person=world.person_a, kind=Event.Kind.RSA)
    assert list(events.values_list("summary", flat=True)) == [
        "Inscrit·e à l'ordre du jour de l'équipe pluridisciplinaire : manquement au contrat d'engagement"
    ]
    change = ChangeRecord.objects.get(model="rsa.EpCase")
    assert change.changes["status"] == ["", "listed"]
    assert (first.listed_by, first.source_summary) == (
        world.user("employment_agent_a"),
        "Contrat d'engagement non respecté",
    )


def test_listing_by_the_system_has_no_author(world):
    case = list_case(world, user=None)
    assert case.listed_by is None
    assert Event.objects.get(person=world.person_a).actor is None


def test_a_listed_case_is_returned_unchanged_while_pending_then_a_new_one_is_opened(world):
    scheduled = scheduled_case(world)
    assert list_case(world).pk == scheduled.pk  # scheduled is still pending
    assert list_case(world, theme=Theme.REORIENTATION).pk != scheduled.pk  # another theme
    decided = decided_case(world, person=PersonFactory(commune=world.commune_a))
    fresh = list_case(world, person=decided.person)
    assert fresh.pk != decided.pk and fresh.status == Status.LISTED


@pytest.mark.parametrize("where", ["partner", "mds_b_other_departement"])
def test_a_case_is_listed_only_at_an_mds_of_the_persons_departement(world, where):
    mds = (
        world.partner
        if where == "partner"
        else OrganisationFactory(departement=DepartementFactory(code="81"))
    )
    with pytest.raises(services.EpError, match="d'une MDS du Département"):
        list_case(world, mds=mds)
    assert not EpCase.objects.exists()


def test_a_session_is_not_created_in_the_past_nor_without_a_place(world):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    reception = world.user("reception_a")
    with pytest.raises(services.EpError, match="Cette date est passée"):
        services.create_session(user=reception, mds=world.mds_a, date=at(yesterday), place="Salle")
    with pytest.raises(services.EpError, match="Indiquez le lieu"):
        services.create_session(
            user=reception, mds=world.mds_a, date=at(timezone.localdate()), place=" "
        )


@pytest.mark.parametrize("persona", ["social_worker_a", "manager_b", "operator"])
def test_only_the_mds_secretariat_and_managers_run_its_sessions(world, persona):
    with pytest.raises(services.EpError):
        services.create_session(
            user=world.user(persona), mds=world.mds_a, date=at(timezone.localdate()), place="Salle"
        )


def test_a_case_is_scheduled_only_in_a_session_of_its_mds(world):
    session_b = today_session(world, user="manager_b", mds=world.mds_b)
    case = list_case(world)
    with pytest.raises(services.EpError):
        services.schedule_case(user=world.user("manager_b"), case=case, session=session_b)
    with pytest.raises(services.EpError):  # the right MDS's agent, the wrong session
        services.schedule_case(user=world.user("reception_a"), case=case, session=session_b)
    case.refresh_from_db()
    assert (case.status, case.session) == (Status.LISTED, None)


def test_scheduling_several_cases_is_all_or_none(world):
    session = today_session(world)
    first = list_case(world)
    second = list_case(world, theme=Theme.REORIENTATION)
    services.withdraw_case(user=world.user("reception_a"), case=second, reason="Déjà réorienté·e")
    with pytest.raises(services.EpError):
        services.schedule_cases(
            user=world.user("reception_a"), cases=[first, second], session=session
        )
    first.refresh_from_db()
    assert first.status == Status.LISTED


def test_unscheduling_puts_the_case_back_on_the_list(world):
    case = scheduled_case(world)
    services.record_attendance(
        user=world.user("reception_a"),
        session=case.session,
        present_members=[],
        attended_cases=[case],
    )
    case = services.unschedule(user=world.user("reception_a"), case=case)
    case.refresh_from_db()
    assert (case.status, case.session, case.person_attended) == (Status.LISTED, None, None)


def test_attendance_marks_members_and_persons(world):
    case = scheduled_case(world)
    absent_member = services.add_member(
        user=world.user("reception_a"), session=case.session, name="Mme Absente", quality="partner"
    )
    present = seat_members(world, case.session)  # records two present, the third absent
    services.record_attendance(
        user=world.user("reception_a"),
        session=case.session,
        present_members=present,
        attended_cases=[case],
    )
    absent_member.refresh_from_db()
    case.refresh_from_db()
    assert absent_member.present is False
    assert set(EpMember.objects.filter(present=True)) == set(present)
    assert case.person_attended is True
    assert Event.objects.filter(
        person=world.person_a,
        summary__startswith="Présent·e à la séance de l'équipe pluridisciplinaire",
    ).exists()


def test_attendance_and_opinions_wait_for_the_session_day(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    session = services.create_session(
        user=world.user("reception_a"), mds=world.mds_a, date=at(tomorrow), place="Salle"
    )
    case = scheduled_case(world, session=session)
    with pytest.raises(services.EpError, match="n'a pas encore eu lieu"):
        seat_members(world, session)
    with pytest.raises(services.EpError, match="n'a pas encore eu lieu"):
        services.record_opinion(
            user=world.user("reception_a"),
            case=case,
            opinion="no_sanction",
            note="",
            person_attended=True,
        )


def test_an_opinion_needs_members_present(world):
    case = scheduled_case(world)
    with pytest.raises(services.EpError, match="membres présents"):
        services.record_opinion(
            user=world.user("reception_a"),
            case=case,
            opinion="no_sanction",
            note="",
            person_attended=True,
        )


def test_a_listing_racing_another_returns_the_winners_case(world, monkeypatch):
    winner = list_case(world)
    real = services._pending
    calls = []

    def not_yet_seen(person, theme):  # the first look misses the other agent's listing
        calls.append(theme)
        return None if len(calls) == 1 else real(person, theme)

    monkeypatch.setattr(services, "_pending", not_yet_seen)
    assert list_case(world).pk == winner.pk  # the unique constraint caught the second one
    assert EpCase.objects.count() == 1
    assert Event.objects.filter(person=world.person_a).count() == 1


def test_a_session_is_held_by_an_mds(world):
    dast_officer = MembershipFactory(organisation=world.dast, role=Role.RECEPTION_OFFICER).user
    dast_officer.membership = dast_officer.memberships.get()
    with pytest.raises(services.EpError, match="se tiennent dans une MDS"):
        services.create_session(
            user=dast_officer, mds=world.dast, date=at(timezone.localdate()), place="Salle"
        )
