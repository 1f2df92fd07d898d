"""Diagnostic, the rule set's proposal, the decision, its notification and reorientation."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.agenda.models import Appointment
from relais.agenda.services import change_status
from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.rsa.models import Diagnostic, ReorientationRequest
from relais.rsa.queries.pathway import orientation_clock
from relais.rsa.services import orientation as services
from relais.rsa.services.convocation import convene
from tests.rsa.pathway_helpers import enter_duties

CALM = dict.fromkeys(Diagnostic.CONSTRAINTS, "none")


def answers(**overrides) -> dict:
    base = {
        "situation": "job_seeker",
        "capacity": "now",
        "project": "defined",
        "health": False,
        "education": "4",
        "experience": "2to5",
        **CALM,
    }
    return {**base, **overrides}


def diagnose(world, person, **overrides) -> Diagnostic:
    return services.record_diagnostic(
        user=world.user("employment_agent_a"), person=person, data=answers(**overrides)
    )


def aged(person, years: int):
    today = timezone.localdate()
    person.birth_date = today.replace(year=today.year - years) - dt.timedelta(days=1)
    person.save(update_fields=["birth_date"])
    return person


@pytest.mark.parametrize(
    ("age", "overrides", "expected"),
    [
        (22, {}, ("professional", "mission_locale")),
        (40, {"health": True}, ("professional", "cap_emploi")),
        (40, {}, ("professional", "france_travail")),
        (40, {"housing": "major", "mobility": "major"}, ("socio_professional", "departement")),
        (40, {"capacity": "soon"}, ("socio_professional", "departement")),
        (40, {"capacity": "not_now"}, ("social", "departement")),
        (
            40,
            dict.fromkeys(["housing", "mobility", "family", "finances"], "major"),
            ("social", "departement"),
        ),
    ],
)
def test_the_first_matching_rule_proposes_the_track(world, rules, age, overrides, expected):
    person = aged(world.person_a, age)
    track, body, rule = services.propose(
        diagnose(world, person, **overrides), departement=person.departement
    )
    assert (track, body) == expected
    assert rule.track == track


def test_the_age_bound_is_inclusive_at_25_and_excludes_26(world, rules):
    person = world.person_a
    assert (
        services.propose(diagnose(world, aged(person, 25)), departement=person.departement)[1]
        == "mission_locale"
    )
    assert (
        services.propose(diagnose(world, aged(person, 26)), departement=person.departement)[1]
        == "france_travail"
    )


def test_without_rules_there_is_no_proposal(world):
    assert (
        services.propose(diagnose(world, world.person_a), departement=world.person_a.departement)
        is None
    )


def test_a_diagnostic_follows_a_held_appointment_only(world, ade_agenda):
    enter_duties(world.person_a, timezone.localdate())
    report = convene(user=world.user("reception_a"), persons=[world.person_a])
    appointment = report.convened[0].appointment
    with pytest.raises(services.OrientationError, match="rendez-vous honoré"):
        services.record_diagnostic(
            user=world.user("employment_agent_a"),
            person=world.person_a,
            data=answers(),
            appointment=appointment,
        )
    Appointment.objects.filter(pk=appointment.pk).update(
        start=timezone.now() - dt.timedelta(hours=1)
    )
    change_status(user=world.user("employment_agent_a"), appointment=appointment, status="seen")
    appointment.refresh_from_db()
    diagnostic = services.record_diagnostic(
        user=world.user("employment_agent_a"),
        person=world.person_a,
        data=answers(),
        appointment=appointment,
    )
    assert diagnostic.appointment == appointment
    with pytest.raises(services.OrientationError, match="déjà enregistré"):
        services.record_diagnostic(
            user=world.user("employment_agent_a"),
            person=world.person_a,
            data=answers(),
            appointment=appointment,
        )


def _orient(world, person, decided_on, **kwargs):
    return services.orient(
        user=world.user("employment_agent_a"),
        person=person,
        track="professional",
        referent_body="france_travail",
        decided_on=decided_on,
        **kwargs,
    )


def test_an_orientation_stops_the_six_week_clock_and_is_written_to_the_file(world):
    entered = timezone.localdate() - dt.timedelta(days=10)
    enter_duties(world.person_a, entered)
    assert orientation_clock(world.person_a).due == entered + dt.timedelta(days=42)
    orientation = _orient(world, world.person_a, timezone.localdate())
    assert orientation.duties_entered_on == entered
    assert orientation_clock(world.person_a) is None
    assert Event.objects.filter(
        person=world.person_a, kind="rsa", summary__startswith="Orientation professionnelle"
    ).exists()
    assert ChangeRecord.objects.filter(person=world.person_a, model="rsa.Orientation").exists()


def test_a_decision_cannot_be_in_the_future_nor_before_the_entry(world):
    entered = timezone.localdate() - dt.timedelta(days=5)
    enter_duties(world.person_a, entered)
    with pytest.raises(services.OrientationError, match="futur"):
        _orient(world, world.person_a, timezone.localdate() + dt.timedelta(days=1))
    with pytest.raises(services.OrientationError, match="précéder l'entrée"):
        _orient(world, world.person_a, entered - dt.timedelta(days=1))
    assert _orient(world, world.person_a, entered).decided_on == entered


def test_the_notification_is_on_or_after_the_decision_and_recorded_once(world):
    decided = timezone.localdate() - dt.timedelta(days=3)
    orientation = _orient(world, world.person_a, decided)
    user = world.user("employment_agent_a")
    with pytest.raises(services.OrientationError, match="précéder la décision"):
        services.notify_orientation(
            user=user, orientation=orientation, notified_on=decided - dt.timedelta(days=1)
        )
    services.notify_orientation(user=user, orientation=orientation, notified_on=decided)
    orientation.refresh_from_db()
    assert orientation.notified_on == decided
    with pytest.raises(services.OrientationError, match="déjà été notifiée"):
        services.notify_orientation(user=user, orientation=orientation, notified_on=decided)


def _request(world):
    _orient(world, world.person_a, timezone.localdate() - dt.timedelta(days=30))
    return services.request_reorientation(
        user=world.user("social_worker_a"),
        person=world.person_a,
        proposed_track="social",
        proposed_body="departement",
        reason="Freins de santé apparus",
    )


def test_an_accepted_reorientation_decides_a_new_orientation(world):
    request = _request(world)
    services.decide_reorientation(
        user=world.user("manager_a"), request=request, accept=True, decided_on=timezone.localdate()
    )
    request.refresh_from_db()
    assert request.status == "accepted"
    assert request.result.is_reorientation and request.result.track == "social"
    assert services.current_orientation(world.person_a) == request.result


@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("second", [True, False])
def test_a_decided_request_cannot_be_decided_again(world, first, second):
    request = _request(world)
    user, today = world.user("manager_a"), timezone.localdate()
    services.decide_reorientation(user=user, request=request, accept=first, decided_on=today)
    with pytest.raises(services.OrientationError, match="déjà reçu une décision"):
        services.decide_reorientation(user=user, request=request, accept=second, decided_on=today)
    request.refresh_from_db()
    assert request.status == ("accepted" if first else "refused")
    assert ReorientationRequest.TRANSITIONS[ReorientationRequest.Status(request.status)] == set()


def test_a_second_request_waits_for_the_first(world):
    _request(world)
    with pytest.raises(services.OrientationError, match="attend déjà"):
        services.request_reorientation(
            user=world.user("social_worker_a"),
            person=world.person_a,
            proposed_track="social",
            proposed_body="departement",
            reason="encore",
        )


def test_no_reorientation_without_an_orientation(world):
    with pytest.raises(services.OrientationError, match="pas encore d'orientation"):
        services.request_reorientation(
            user=world.user("social_worker_a"),
            person=world.person_a,
            proposed_track="social",
            proposed_body="departement",
            reason="x",
        )
