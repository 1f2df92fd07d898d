"""Exits from the pathway with their coded reason; the running contracts end with them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.rsa.models import Exit
from relais.rsa.services.exits import ExitError, record_exit
from tests.rsa.contract_helpers import days_ago, make_contract

TODAY = timezone.localdate


def _exit(world, on=None, reason="durable_job"):
    return record_exit(
        user=world.user("social_worker_a"), person=world.person_a, on=on or TODAY(), reason=reason
    )


def test_it_records_the_exit_today_with_a_timeline_line_and_an_audit_entry(world):
    exit_ = _exit(world)
    assert (exit_.on, exit_.reason, exit_.is_positive) == (TODAY(), "durable_job", True)
    assert Event.objects.get(person=world.person_a).summary == (
        f"Sortie du parcours le {TODAY():%d/%m/%Y} : Emploi durable (6 mois et plus)"
    )
    change = ChangeRecord.objects.get(model="rsa.Exit")
    assert change.changes == {"on": ["", TODAY().isoformat()], "reason": ["", "durable_job"]}


def test_it_refuses_an_exit_tomorrow(world):
    with pytest.raises(ExitError, match="futur"):
        _exit(world, on=TODAY() + dt.timedelta(days=1))
    assert not Exit.objects.exists()


@pytest.mark.parametrize(
    "reason", ["durable_job", "short_job", "training", "income", "moved", "death", "other"]
)
def test_every_coded_reason_is_accepted(world, reason):
    assert _exit(world, reason=reason).reason == reason


def test_an_unknown_reason_is_refused(world):
    with pytest.raises(ExitError, match="motif de sortie"):
        _exit(world, reason="vacances")


def test_one_exit_per_day(world):
    _exit(world, on=days_ago(3))
    with pytest.raises(ExitError, match="déjà enregistrée"):
        _exit(world, on=days_ago(3), reason="other")
    assert _exit(world, on=days_ago(2)).pk


def test_the_running_contracts_end_on_the_exit_day(world):
    active = make_contract(world.person_a, status="active", starts_on=days_ago(40))
    signed_after = make_contract(
        world.person_a, status="signed", starts_on=days_ago(1), signed_on=days_ago(1)
    )
    draft = make_contract(world.person_a, status="draft")
    _exit(world, on=days_ago(5))
    for contract in (active, signed_after, draft):
        contract.refresh_from_db()
    assert (active.status, active.ended_on) == ("ended", days_ago(5))
    assert signed_after.status == "signed"  # signed after the exit: left to the agent
    assert draft.status == "draft"


def test_the_exit_page_records_it(world, as_user):
    url = reverse("rsa:exit_create", kwargs={"uuid": world.person_a.uuid})
    client = as_user(world.user("employment_agent_a"))
    response = client.post(url, {"on": f"{TODAY():%d/%m/%Y}"})
    assert "Choisissez le motif de sortie." in response.content.decode()
    response = client.post(url, {"on": f"{TODAY():%d/%m/%Y}", "reason": "income"})
    assert response["Location"] == reverse("rsa:pathway", kwargs={"uuid": world.person_a.uuid})
    assert Exit.objects.get().reason == "income"


def test_reception_cannot_record_an_exit(world, as_user):
    url = reverse("rsa:exit_create", kwargs={"uuid": world.person_a.uuid})
    response = as_user(world.user("reception_a")).post(
        url, {"on": "01/01/2026", "reason": "income"}
    )
    assert response.status_code == 404
    assert not Exit.objects.exists()
