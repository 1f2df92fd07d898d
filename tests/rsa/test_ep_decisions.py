"""Opinions, decisions (and the orientation they decide), notification, the open cases."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.rsa.models import EpCase, Orientation
from relais.rsa.queries.ep import open_cases_for
from relais.rsa.services import ep as services
from tests.factories import PersonFactory
from tests.rsa.ep_helpers import (
    decided_case,
    list_case,
    reviewed_case,
    scheduled_case,
    seat_members,
)

Theme, Status = EpCase.Theme, EpCase.Status


@pytest.mark.parametrize(
    ("theme", "opinion", "allowed"),
    [
        (Theme.ORIENTATION_ABSENCE, "reminder", True),
        (Theme.ORIENTATION_ABSENCE, "suspension", False),
        (Theme.REORIENTATION, "reorient", True),
        (Theme.REORIENTATION, "keep_orientation", True),
        (Theme.REORIENTATION, "no_sanction", False),
        (Theme.BREACH, "no_sanction", True),
        (Theme.BREACH, "reminder", False),
    ],
)
def test_an_opinion_fits_the_theme(world, theme, opinion, allowed):
    case = scheduled_case(world, theme=theme)
    seat_members(world, case.session)
    call = lambda: services.record_opinion(  # noqa: E731
        user=world.user("reception_a"),
        case=case,
        opinion=opinion,
        note="Motif",
        person_attended=False,
    )
    if allowed:
        assert call().opinion == opinion
    else:
        with pytest.raises(services.EpError, match="ne s'applique pas au thème"):
            call()


def test_a_sanction_opinion_must_be_motivated(world):
    with pytest.raises(services.EpError, match="Motivez l'avis"):
        reviewed_case(world, opinion="suspension", note="")


def _decide(world, case, **overrides):
    data = {
        "user": world.user("manager_a"),
        "case": case,
        "decision": "no_sanction",
        "note": "",
        "decided_on": timezone.localdate(),
    }
    return services.decide(**{**data, **overrides})


def test_a_decision_that_departs_from_the_opinion_is_motivated(world):
    case = reviewed_case(world, opinion="no_sanction", note="")
    with pytest.raises(services.EpError, match="motivez-la"):
        _decide(
            world, case, decision="suspension", rate=30, months=1, starts_on=timezone.localdate()
        )
    decided = _decide(
        world,
        case,
        note="Troisième rendez-vous manqué",
        decision="suspension",
        rate=50,
        months=2,
        starts_on=timezone.localdate(),
    )
    assert (decided.decision, decided.decision_note, decided.decided_by) == (
        "suspension",
        "Troisième rendez-vous manqué",
        world.user("manager_a"),
    )


def test_a_decision_follows_its_opinion_without_a_motivation(world):
    case = _decide(world, reviewed_case(world, opinion="no_sanction", note=""))
    assert (case.status, case.decision, case.decided_on) == (
        Status.DECIDED,
        "no_sanction",
        timezone.localdate(),
    )


@pytest.mark.parametrize("persona", ["reception_a", "manager_b", "employment_agent_a"])
def test_only_the_delegate_of_the_cases_mds_decides(world, persona):
    case = reviewed_case(world, opinion="no_sanction", note="")
    with pytest.raises(services.EpError):
        _decide(world, case, user=world.user(persona))
    case.refresh_from_db()
    assert case.status == Status.REVIEWED


@pytest.mark.parametrize("days", [-1, 1])
def test_the_decision_date_lies_between_the_session_and_today(world, days):
    case = reviewed_case(world, opinion="no_sanction", note="")
    with pytest.raises(services.EpError, match="entre la séance et aujourd'hui"):
        _decide(world, case, decided_on=timezone.localdate() + dt.timedelta(days=days))


def test_a_reminder_validates_the_orientation_of_the_absent_new_entrant(world):
    case = reviewed_case(world, theme=Theme.ORIENTATION_ABSENCE, opinion="reminder", note="")
    orientation = {
        "track": "social",
        "referent_body": "departement",
        "referent_organisation": world.mds_a,
    }
    _decide(world, case, decision="reminder", orientation=orientation)
    made = Orientation.objects.get(person=world.person_a)
    assert (made.track, made.referent_body, made.referent_organisation) == (
        "social",
        "departement",
        world.mds_a,
    )
    assert (made.is_reorientation, made.decided_by) == (False, world.user("manager_a"))


def test_a_reminder_without_a_track_decides_nothing(world):
    case = reviewed_case(world, theme=Theme.ORIENTATION_ABSENCE, opinion="reminder", note="")
    with pytest.raises(services.EpError, match="Choisissez l'orientation"):
        _decide(world, case, decision="reminder", orientation={"track": "", "referent_body": ""})
    case.refresh_from_db()
    assert case.status == Status.REVIEWED and not Orientation.objects.exists()


def test_a_reorientation_decided_after_the_ep_is_a_reorientation(world):
    case = reviewed_case(world, theme=Theme.REORIENTATION, opinion="reorient", note="")
    _decide(
        world,
        case,
        decision="reorient",
        orientation={"track": "professional", "referent_body": "france_travail"},
    )
    made = Orientation.objects.get(person=world.person_a)
    assert (made.track, made.is_reorientation) == ("professional", True)


def test_keeping_the_orientation_records_none(world):
    case = reviewed_case(world, theme=Theme.REORIENTATION, opinion="keep_orientation", note="")
    _decide(world, case, decision="keep_orientation")
    assert not Orientation.objects.exists()


@pytest.mark.parametrize("days", [-1, 1])
def test_the_notification_lies_between_the_decision_and_today(world, days):
    case = decided_case(world)
    with pytest.raises(services.EpError, match="entre la décision et aujourd'hui"):
        services.notify(
            user=world.user("reception_a"),
            case=case,
            notified_on=timezone.localdate() + dt.timedelta(days=days),
        )


def test_a_withdrawal_needs_a_reason(world):
    case = list_case(world)
    with pytest.raises(services.EpError, match="pourquoi le dossier est retiré"):
        services.withdraw_case(user=world.user("reception_a"), case=case, reason=" ")
    case.refresh_from_db()
    assert case.status == Status.LISTED


def test_open_cases_are_those_still_waiting_in_the_users_mds(world):
    reviewed = reviewed_case(world)  # person_a, MDS A
    other_a = PersonFactory(commune=world.commune_a)
    notified = decided_case(world, person=other_a)
    services.notify(user=world.user("reception_a"), case=notified, notified_on=timezone.localdate())
    decided = decided_case(world, person=PersonFactory(commune=world.commune_a))
    elsewhere = list_case(world, person=world.person_b, mds=world.mds_b)
    assert list(open_cases_for(world.user("social_worker_a"))) == [reviewed, decided]
    assert list(open_cases_for(world.user("manager_b"))) == [elsewhere]
    assert list(open_cases_for(world.user("steering"))) == []
