"""The daily `update_contracts` run: signed → active at the start, → ended after the end."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from relais.people.models import Event
from tests.rsa.contract_helpers import make_contract

TODAY = timezone.localdate


def _run(*args) -> str:
    out = io.StringIO()
    call_command("update_contracts", *args, stdout=out)
    return out.getvalue()


def _days(n: int) -> dt.date:
    return TODAY() + dt.timedelta(days=n)


@pytest.fixture
def contracts(world):
    person = world.person_a
    return {
        "starts_today": make_contract(
            person, status="signed", starts_on=TODAY(), signed_on=_days(-3)
        ),
        "starts_tomorrow": make_contract(
            person, status="signed", starts_on=_days(1), signed_on=_days(-3)
        ),
        "ends_today": make_contract(person, status="active", starts_on=_days(-90), ends_on=TODAY()),
        "ended_yesterday": make_contract(
            person, status="active", starts_on=_days(-90), ends_on=_days(-1)
        ),
        "signed_never_started": make_contract(
            person, status="signed", starts_on=_days(-30), ends_on=_days(-2), signed_on=_days(-40)
        ),
        "draft_past": make_contract(
            person, status="draft", starts_on=_days(-90), ends_on=_days(-1)
        ),
    }


def _statuses(contracts) -> dict:
    for contract in contracts.values():
        contract.refresh_from_db()
    return {name: contract.status for name, contract in contracts.items()}


def test_the_dry_run_counts_and_changes_nothing(contracts):
    before = _statuses(contracts)
    report = json.loads(_run("--json"))
    assert report == {"date": TODAY().isoformat(), "wet_run": False, "activated": 1, "ended": 2}
    assert _statuses(contracts) == before
    assert not Event.objects.exists()


def test_the_wet_run_moves_each_contract_at_its_date(contracts):
    report = json.loads(_run("--wet-run", "--json"))
    assert (report["activated"], report["ended"]) == (1, 2)
    assert _statuses(contracts) == {
        "starts_today": "active",
        "starts_tomorrow": "signed",
        "ends_today": "active",
        "ended_yesterday": "ended",
        "signed_never_started": "ended",
        "draft_past": "draft",
    }
    assert contracts["ended_yesterday"].ended_on == _days(-1)
    assert contracts["signed_never_started"].ended_on == _days(-2)
    summaries = set(Event.objects.values_list("summary", flat=True))
    assert "Contrat d'engagement en cours (date de début atteinte)" in summaries
    assert f"Contrat d'engagement terminé le {_days(-1):%d/%m/%Y} (échéance)" in summaries


def test_a_second_run_finds_nothing_left(contracts):
    _run("--wet-run")
    assert json.loads(_run("--wet-run", "--json"))["activated"] == 0
    assert json.loads(_run("--json"))["ended"] == 0


def test_it_speaks_french_without_json(contracts):
    text = _run()
    assert "simulation : ajoutez --wet-run" in text
    assert "1 en cours, 2 terminés" in text


def test_a_past_date_catches_up_but_a_future_date_is_refused(contracts):
    report = json.loads(_run("--date", _days(-1).isoformat(), "--json"))
    assert report["date"] == _days(-1).isoformat()
    # On the day before: nothing starts yet; only the contract that ended two days ago ends.
    assert (report["activated"], report["ended"]) == (0, 1)
    with pytest.raises(CommandError, match="futur"):
        _run("--date", _days(1).isoformat())
    with pytest.raises(CommandError, match="aaaa-mm-jj"):
        _run("--date", "demain")
