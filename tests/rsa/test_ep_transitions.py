"""Every status change of an EP case and of a session, allowed and refused, through the services."""

import itertools

import pytest
from django.utils import timezone

from relais.rsa.models import EpCase, EpSession
from relais.rsa.services import ep as services
from tests.rsa.ep_helpers import (
    decided_case,
    list_case,
    reviewed_case,
    scheduled_case,
    seat_members,
    today_session,
)

Status = EpCase.Status


def case_in(world, status):
    """person_a's breach case brought to `status` by the services."""
    if status == Status.LISTED:
        return list_case(world)
    if status == Status.SCHEDULED:
        case = scheduled_case(world)
        seat_members(world, case.session)  # so that an opinion may follow
        return case
    if status == Status.REVIEWED:
        return reviewed_case(world)
    if status == Status.DECIDED:
        return decided_case(world)
    if status == Status.NOTIFIED:
        case = decided_case(world)
        return services.notify(
            user=world.user("reception_a"), case=case, notified_on=case.decided_on
        )
    case = list_case(world)
    return services.withdraw_case(user=world.user("reception_a"), case=case, reason="A signé")


def attempt(world, case, target):
    """The service that moves a case to `target`, called with valid arguments."""
    reception, manager = world.user("reception_a"), world.user("manager_a")
    if target == Status.SCHEDULED:
        session = today_session(world, hour=14)
        return services.schedule_case(user=reception, case=case, session=session)
    if target == Status.LISTED:
        return services.unschedule(user=reception, case=case)
    if target == Status.REVIEWED:
        return services.record_opinion(
            user=reception, case=case, opinion="suspension", note="Motif", person_attended=False
        )
    if target == Status.DECIDED:
        today = timezone.localdate()
        return services.decide(
            user=manager,
            case=case,
            decision="no_sanction",
            note="Reprise des démarches",
            decided_on=today,
        )
    if target == Status.NOTIFIED:
        return services.notify(user=reception, case=case, notified_on=timezone.localdate())
    return services.withdraw_case(user=reception, case=case, reason="N'est plus au RSA")


PAIRS = [(a, b) for a, b in itertools.product(Status, Status) if a != b]


@pytest.mark.parametrize(
    ("source", "target"), PAIRS, ids=[f"{a.value}->{b.value}" for a, b in PAIRS]
)
def test_each_case_transition_follows_the_map(world, source, target):
    case = case_in(world, source)
    assert case.status == source
    if target in EpCase.TRANSITIONS[source]:
        moved = attempt(world, case, target)
        case.refresh_from_db()
        assert (moved.status, case.status) == (target, target)
    else:
        with pytest.raises(services.EpError, match="ne peut pas passer à"):
            attempt(world, case, target)
        case.refresh_from_db()
        assert case.status == source


def test_a_status_cannot_be_entered_twice(world):
    case = case_in(world, Status.SCHEDULED)
    with pytest.raises(
        services.EpError, match="« Inscrit à une séance » ne peut pas passer à « Inscrit"
    ):
        attempt(world, case, Status.SCHEDULED)


def test_the_first_opinion_holds_the_session(world):
    case = case_in(world, Status.SCHEDULED)
    assert case.session.status == EpSession.Status.PLANNED
    attempt(world, case, Status.REVIEWED)
    case.session.refresh_from_db()
    assert case.session.status == EpSession.Status.HELD


def test_a_planned_session_cannot_be_closed(world):
    session = today_session(world)
    with pytest.raises(services.EpError, match="Seule une séance tenue"):
        services.close_session(user=world.user("reception_a"), session=session)
    session.refresh_from_db()
    assert session.status == EpSession.Status.PLANNED


def test_a_held_session_closes_once_every_decision_is_notified(world):
    case = decided_case(world)
    session = case.session
    with pytest.raises(services.EpError, match="1 dossier"):
        services.close_session(user=world.user("reception_a"), session=session)
    services.notify(user=world.user("reception_a"), case=case, notified_on=timezone.localdate())
    closed = services.close_session(user=world.user("reception_a"), session=session)
    assert closed.status == EpSession.Status.CLOSED


def test_a_closed_session_accepts_no_change(world):
    case = decided_case(world)
    reception = world.user("reception_a")
    services.notify(user=reception, case=case, notified_on=timezone.localdate())
    session = services.close_session(user=reception, session=case.session)
    for change in (
        lambda: services.close_session(user=reception, session=session),
        lambda: services.add_member(user=reception, session=session, name="X", quality="partner"),
        lambda: services.record_attendance(
            user=reception, session=session, present_members=[], attended_cases=[]
        ),
        lambda: services.schedule_case(user=reception, case=list_case(world), session=session),
    ):
        with pytest.raises(services.EpError, match="clôturée"):
            change()
    assert session.members.count() == 2
