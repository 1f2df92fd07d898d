"""Every (status, action) pair: the allowed moves happen, the others change nothing."""

import pytest
from django.utils import timezone

from relais.people.models import Event
from relais.programmes.models import TRANSITIONS, Prescription, Status
from relais.programmes.services import ProgrammeError
from relais.programmes.services import prescriptions as services

pytestmark = pytest.mark.django_db

ACTIONS = {
    "accept": Status.ACCEPTED,
    "waitlist": Status.WAITLISTED,
    "refuse": Status.REFUSED,
    "withdraw": Status.WITHDRAWN,
    "enter": Status.ENTERED,
    "end": Status.ENDED,
}


def run(action, world, prescription):
    operator, prescriber = world.user("operator"), world.user("social_worker_a")
    today = timezone.localdate()
    calls = {
        "accept": lambda: services.accept(user=operator, prescription=prescription),
        "waitlist": lambda: services.waitlist(user=operator, prescription=prescription),
        "refuse": lambda: services.refuse(
            user=operator, prescription=prescription, reason="declined"
        ),
        "withdraw": lambda: services.withdraw(
            user=prescriber, prescription=prescription, reason="La personne a déménagé"
        ),
        "enter": lambda: services.enter(user=operator, prescription=prescription, entered_on=today),
        "end": lambda: services.end(
            user=operator, prescription=prescription, ended_on=today, outcome="durable_job"
        ),
    }
    return calls[action]()


# How to bring a fresh prescription to each status, from "sent".
PATHS = {
    Status.SENT: [],
    Status.ACCEPTED: ["accept"],
    Status.WAITLISTED: ["waitlist"],
    Status.REFUSED: ["refuse"],
    Status.WITHDRAWN: ["withdraw"],
    Status.ENTERED: ["accept", "enter"],
    Status.ENDED: ["accept", "enter", "end"],
}


def in_status(world, programme, person, status):
    prescription = services.prescribe(
        user=world.user("social_worker_a"), person=person, programme=programme, objective="Objectif"
    )
    for action in PATHS[status]:
        prescription = run(action, world, prescription)
    assert prescription.status == status
    return prescription


def test_the_paths_cover_every_status():
    assert set(PATHS) == set(Status) == set(TRANSITIONS)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_from_each_status(world, programme, consented, status, action):
    prescription = in_status(world, programme, consented, status)
    target = ACTIONS[action]
    events = Event.objects.filter(person=consented).count()
    if target in TRANSITIONS[status]:
        moved = run(action, world, prescription)
        assert moved.status == target
        assert Prescription.objects.get(pk=prescription.pk).status == target
        assert Event.objects.filter(person=consented).count() == events + 1
    else:
        before = Prescription.objects.values().get(pk=prescription.pk)
        with pytest.raises(ProgrammeError, match="rien n'a été modifié"):
            run(action, world, prescription)
        assert Prescription.objects.values().get(pk=prescription.pk) == before
        assert Event.objects.filter(person=consented).count() == events


def test_an_operator_answering_a_withdrawn_prescription_is_told_so(world, programme, consented):
    prescription = in_status(world, programme, consented, Status.WITHDRAWN)
    with pytest.raises(ProgrammeError, match="Le prescripteur a retiré cette prescription le"):
        services.accept(user=world.user("operator"), prescription=prescription)
    assert Prescription.objects.get(pk=prescription.pk).status == Status.WITHDRAWN


def test_a_stale_copy_cannot_bypass_the_current_status(world, programme, consented):
    """The operator's page was opened before the prescriber withdrew: the row decides."""
    prescription = in_status(world, programme, consented, Status.SENT)
    stale = Prescription.objects.get(pk=prescription.pk)
    services.withdraw(user=world.user("social_worker_a"), prescription=prescription, reason="Fin")
    with pytest.raises(ProgrammeError, match="retiré"):
        services.accept(user=world.user("operator"), prescription=stale)
    assert Prescription.objects.get(pk=prescription.pk).status == Status.WITHDRAWN
