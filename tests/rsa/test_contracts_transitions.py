"""Every status change of a contract, allowed and refused, and the dates at their limits."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.rsa.models import Contract, EpCase
from relais.rsa.services import contracts as services
from tests.rsa.contract_helpers import days_ago, make_contract, make_orientation

STATUSES = ["draft", "signed", "active", "ended", "renewed"]
# Written out by hand from the issue: draft → signed → active → ended / renewed.
ALLOWED = {
    ("draft", "signed"),
    ("signed", "active"),
    ("signed", "ended"),
    ("active", "ended"),
    ("active", "renewed"),
}
TODAY = timezone.localdate


@pytest.fixture
def orientation(world):
    return make_orientation(world.person_a, decided_on=days_ago(30), notified=True)


def _contract(world, orientation, status, **fields):
    return make_contract(world.person_a, orientation=orientation, status=status, **fields)


@pytest.mark.parametrize("source", STATUSES)
@pytest.mark.parametrize("target", STATUSES)
def test_the_map_allows_exactly_the_issue_s_transitions(source, target):
    assert Contract(status=source).can_become(target) is ((source, target) in ALLOWED)


def _move(world, contract, target):
    user = world.user("employment_agent_a")
    if target == "signed":
        services.sign(user=user, contract=contract, signed_on=TODAY())
    elif target == "active":
        services.activate(user=user, contract=contract)
    elif target == "ended":
        services.end(user=user, contract=contract, ended_on=TODAY())
    else:  # renewed: a renewal is prepared, then signed
        renewal = services.renew(user=user, contract=contract)
        services.sign(user=user, contract=renewal, signed_on=TODAY())


@pytest.mark.parametrize("source", STATUSES)
@pytest.mark.parametrize("target", ["signed", "active", "ended", "renewed"])
def test_the_services_apply_the_map(world, orientation, source, target):
    contract = _contract(world, orientation, source, starts_on=days_ago(5))
    events = Event.objects.count()
    if (source, target) in ALLOWED:
        _move(world, contract, target)
        contract.refresh_from_db()
        assert contract.status == target
        assert Event.objects.count() > events
    else:
        with pytest.raises(services.ContractError):
            _move(world, contract, target)
        contract.refresh_from_db()
        assert contract.status == source
        assert Event.objects.count() == events


class TestSignature:
    def test_it_signs_today_with_a_timeline_line_and_an_audit_entry(self, world, orientation):
        contract = _contract(world, orientation, "draft")
        services.sign(user=world.user("social_worker_a"), contract=contract, signed_on=TODAY())
        contract.refresh_from_db()
        assert (contract.status, contract.signed_on) == ("signed", TODAY())
        event = Event.objects.get(person=world.person_a)
        assert event.summary == f"Contrat d'engagement signé le {TODAY():%d/%m/%Y}"
        change = ChangeRecord.objects.get(model="rsa.Contract")
        assert change.changes == {
            "status": ["draft", "signed"],
            "signed_on": ["", TODAY().isoformat()],
        }

    def test_it_refuses_a_signature_tomorrow(self, world, orientation):
        contract = _contract(world, orientation, "draft")
        with pytest.raises(services.ContractError, match="futur"):
            services.sign(
                user=world.user("social_worker_a"),
                contract=contract,
                signed_on=TODAY() + dt.timedelta(days=1),
            )

    def test_it_signs_on_the_decision_day_but_not_the_day_before(self, world, orientation):
        contract = _contract(world, orientation, "draft")
        with pytest.raises(services.ContractError, match="précéder la décision d'orientation"):
            services.sign(
                user=world.user("social_worker_a"),
                contract=contract,
                signed_on=orientation.decided_on - dt.timedelta(days=1),
            )
        services.sign(
            user=world.user("social_worker_a"), contract=contract, signed_on=orientation.decided_on
        )
        contract.refresh_from_db()
        assert contract.signed_on == orientation.decided_on


class TestActivationAndEnd:
    def test_it_activates_on_the_start_day_not_before(self, world, orientation):
        later = _contract(world, orientation, "signed", starts_on=TODAY() + dt.timedelta(days=1))
        with pytest.raises(services.ContractError, match="passera en cours"):
            services.activate(user=world.user("social_worker_a"), contract=later)
        now = _contract(world, orientation, "signed", starts_on=TODAY())
        services.activate(user=world.user("social_worker_a"), contract=now)
        now.refresh_from_db()
        assert now.status == "active"

    def test_it_ends_on_the_signature_day_not_before_nor_tomorrow(self, world, orientation):
        contract = _contract(world, orientation, "active", starts_on=days_ago(10))
        user = world.user("social_worker_a")
        signed_on = contract.signed_on
        with pytest.raises(services.ContractError, match="avant sa signature"):
            services.end(user=user, contract=contract, ended_on=signed_on - dt.timedelta(days=1))
        with pytest.raises(services.ContractError, match="futur"):
            services.end(user=user, contract=contract, ended_on=TODAY() + dt.timedelta(days=1))
        services.end(user=user, contract=contract, ended_on=signed_on)
        contract.refresh_from_db()
        assert (contract.status, contract.ended_on) == ("ended", signed_on)


class TestRenewal:
    def test_the_renewal_copies_the_plan_and_follows_the_contract(self, world, orientation):
        contract = _contract(
            world,
            orientation,
            "active",
            starts_on=days_ago(170),
            ends_on=days_ago(170) + dt.timedelta(days=180),
            hours=(12, 3),
        )
        renewal = services.renew(user=world.user("social_worker_a"), contract=contract)
        assert renewal.status == "draft"
        assert renewal.renewed_from == contract
        assert renewal.starts_on == contract.ends_on + dt.timedelta(days=1)
        assert renewal.ends_on == renewal.starts_on + dt.timedelta(days=180)
        assert renewal.objectives == contract.objectives
        assert [(a.label, int(a.hours_per_week)) for a in renewal.actions.all()] == [
            ("Action 1", 12),
            ("Action 2", 3),
        ]
        contract.refresh_from_db()
        assert contract.status == "active"  # renewed only once the renewal is signed

    def test_signing_the_renewal_marks_the_contract_renewed(self, world, orientation):
        contract = _contract(world, orientation, "active")
        renewal = services.renew(user=world.user("social_worker_a"), contract=contract)
        services.sign(user=world.user("social_worker_a"), contract=renewal, signed_on=TODAY())
        contract.refresh_from_db()
        assert contract.status == "renewed"
        assert Event.objects.filter(summary=f"{contract} renouvelé").exists()

    def test_it_prepares_one_renewal_only(self, world, orientation):
        contract = _contract(world, orientation, "active")
        services.renew(user=world.user("social_worker_a"), contract=contract)
        with pytest.raises(services.ContractError, match="déjà en préparation"):
            services.renew(user=world.user("social_worker_a"), contract=contract)

    def test_an_old_cer_plan_under_15_hours_is_completed_before_signature(self, world, orientation):
        contract = _contract(world, orientation, "active", kind="cer", hours=(6, 4))
        renewal = services.renew(user=world.user("social_worker_a"), contract=contract)
        assert renewal.kind == "engagement"
        with pytest.raises(services.ContractError, match="10 h par semaine"):
            services.sign(user=world.user("social_worker_a"), contract=renewal, signed_on=TODAY())
        services.update_draft(
            user=world.user("social_worker_a"),
            contract=renewal,
            objectives=renewal.objectives,
            actions=[("Action 1", 6), ("Action 2", 4)],
            starts_on=renewal.starts_on,
            ends_on=renewal.ends_on,
            adjustment_reason="Parent isolé d'un enfant de moins de 3 ans",
        )
        services.sign(user=world.user("social_worker_a"), contract=renewal, signed_on=TODAY())
        renewal.refresh_from_db()
        assert renewal.status == "signed"

    def test_a_renewal_signed_after_the_contract_ended_leaves_it_ended(self, world, orientation):
        contract = _contract(world, orientation, "active")
        renewal = services.renew(user=world.user("social_worker_a"), contract=contract)
        services.end(user=world.user("social_worker_a"), contract=contract, ended_on=TODAY())
        services.sign(user=world.user("social_worker_a"), contract=renewal, signed_on=TODAY())
        contract.refresh_from_db()
        assert contract.status == "ended"


class TestBreach:
    def test_it_lists_the_file_for_the_ep_of_the_user_s_mds(self, world, orientation):
        contract = _contract(world, orientation, "active")
        case = services.report_breach(
            user=world.user("employment_agent_a"),
            contract=contract,
            summary="Trois rendez-vous   manqués sans motif",
        )
        assert (case.theme, case.mds, case.status) == ("breach", world.mds_a, "listed")
        assert case.source_summary.endswith(": Trois rendez-vous manqués sans motif")
        assert str(contract.uuid) in case.source_summary

    def test_a_partner_s_report_goes_to_the_mds_of_the_person_s_sector(self, world, orientation):
        contract = _contract(world, orientation, "signed")
        case = services.report_breach(
            user=world.user("operator"), contract=contract, summary="Absent aux ateliers"
        )
        assert case.mds == world.mds_a

    @pytest.mark.parametrize("status", ["draft", "ended", "renewed"])
    def test_only_a_signed_or_running_contract_is_breached(self, world, orientation, status):
        contract = _contract(world, orientation, status)
        with pytest.raises(services.ContractError, match="signé ou en cours"):
            services.report_breach(
                user=world.user("employment_agent_a"), contract=contract, summary="Absences"
            )
        assert not EpCase.objects.exists()

    def test_it_needs_a_description_and_one_pending_case_at_a_time(self, world, orientation):
        contract = _contract(world, orientation, "active")
        user = world.user("employment_agent_a")
        with pytest.raises(services.ContractError, match="Décrivez le manquement"):
            services.report_breach(user=user, contract=contract, summary="  ")
        services.report_breach(user=user, contract=contract, summary="Absences")
        with pytest.raises(services.ContractError, match="attend déjà"):
            services.report_breach(user=user, contract=contract, summary="Encore")
        assert EpCase.objects.count() == 1

    def test_without_a_commune_a_partner_cannot_tell_which_mds(self, world, orientation):
        world.person_a.commune = None
        world.person_a.save()
        contract = _contract(world, orientation, "active")
        with pytest.raises(services.ContractError, match="Aucune MDS"):
            services.report_breach(user=world.user("operator"), contract=contract, summary="x")
