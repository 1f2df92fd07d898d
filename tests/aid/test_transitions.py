"""Every (status, action) pair of an application: allowed moves happen, others change nothing."""

from decimal import Decimal

import pytest
from django.utils import timezone

from relais.aid.models import TRANSITIONS, AidApplication, Status
from relais.aid.services import AidError, decisions, payments
from relais.aid.services import applications as agent
from relais.people.models import Event
from tests.aid.helpers import draft, send_to_payment, with_papers

pytestmark = pytest.mark.django_db

ACTIONS = {
    "submit": Status.SUBMITTED,
    "review": Status.UNDER_REVIEW,
    "approve": Status.APPROVED,
    "refuse": Status.REFUSED,
    "incomplete": Status.INCOMPLETE,
    "pay": Status.PAID,
    "cancel": Status.CANCELLED,
}
PATHS = {
    Status.DRAFT: [],
    Status.SUBMITTED: ["submit"],
    Status.UNDER_REVIEW: ["submit", "review"],
    Status.INCOMPLETE: ["submit", "review", "incomplete"],
    Status.APPROVED: ["submit", "review", "approve"],
    Status.REFUSED: ["submit", "review", "refuse"],
    Status.PAID: ["submit", "review", "approve", "pay"],
    Status.CANCELLED: ["cancel"],
}


def run(action, world, secretary, application):
    ade = world.user("employment_agent_a")
    calls = {
        "submit": lambda: agent.submit(user=ade, application=application),
        "review": lambda: decisions.start_review(user=secretary, application=application),
        "approve": lambda: decisions.approve(
            user=secretary, application=application, amount=Decimal("800")
        ),
        "refuse": lambda: decisions.refuse(
            user=secretary, application=application, reason="employer_pays"
        ),
        "incomplete": lambda: decisions.mark_incomplete(
            user=secretary, application=application, missing="Le devis est illisible"
        ),
        "pay": lambda: _pay(secretary, application),
        "cancel": lambda: agent.cancel(user=ade, application=application, reason="Emploi annulé"),
    }
    return calls[action]()


def _pay(secretary, application):
    if application.status == Status.APPROVED and application.payment_batch_id is None:
        send_to_payment(secretary, application)
    return payments.pay(
        user=secretary,
        application=application,
        paid_on=timezone.localdate(),
        reference="MANDAT-2026-001",
    )


def test_the_paths_cover_every_status():
    assert set(PATHS) == set(Status) == set(TRANSITIONS)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_from_each_status(world, licence, eligible, secretary, status, action):
    application = with_papers(world, draft(world, licence))
    for step in PATHS[status]:
        application = run(step, world, secretary, application)
    assert application.status == status
    events = Event.objects.filter(person=eligible).count()
    target = ACTIONS[action]
    if target in TRANSITIONS[status]:
        assert run(action, world, secretary, application).status == target
        assert AidApplication.objects.get(pk=application.pk).status == target
        # Paying an approved aid sends it to payment first: two steps on the timeline.
        steps = 2 if (action, status) == ("pay", Status.APPROVED) else 1
        assert Event.objects.filter(person=eligible).count() == events + steps
    else:
        before = AidApplication.objects.values().get(pk=application.pk)
        with pytest.raises(AidError, match="rien n'a été modifié"):
            run(action, world, secretary, application)
        assert AidApplication.objects.values().get(pk=application.pk) == before
        assert Event.objects.filter(person=eligible).count() == events


def test_an_incomplete_application_goes_back_to_the_agent_and_returns(
    world, licence, eligible, secretary
):
    application = with_papers(world, draft(world, licence))
    for step in ["submit", "review", "incomplete"]:
        application = run(step, world, secretary, application)
    assert application.missing_items == "Le devis est illisible"
    again = agent.submit(user=world.user("employment_agent_a"), application=application)
    assert (again.status, again.missing_items) == (Status.SUBMITTED, "")


def test_the_granted_amount_never_exceeds_the_asked_one(world, licence, eligible, secretary):
    application = with_papers(world, draft(world, licence, amount="900"))
    for step in ["submit", "review"]:
        application = run(step, world, secretary, application)
    with pytest.raises(AidError, match="ne peut pas dépasser le montant demandé"):
        decisions.approve(user=secretary, application=application, amount=Decimal("900.01"))
    assert AidApplication.objects.get(pk=application.pk).status == Status.UNDER_REVIEW
