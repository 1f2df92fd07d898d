"""Contracts: the draft and its action plan (15-hour rule), signature, life, renewal, breach."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.rsa.models import Contract
from relais.rsa.services import contracts as services
from tests.rsa.contract_helpers import days_ago, make_contract, make_orientation

TODAY = timezone.localdate


def _draft(world, *, actions=(("Recherche d'emploi", 10), ("Atelier CV", 5)), **fields):
    plan = {
        "objectives": "Retrouver un emploi de cariste.",
        "actions": list(actions),
        "starts_on": TODAY(),
        "ends_on": TODAY() + dt.timedelta(days=180),
        **fields,
    }
    return services.create_draft(
        user=world.user("employment_agent_a"), person=world.person_a, **plan
    )


@pytest.fixture
def oriented(world):
    return make_orientation(world.person_a, decided_on=days_ago(20), notified=True)


class TestDraft:
    def test_it_creates_a_draft_with_its_plan_the_orientation_in_force_and_its_traces(
        self, world, oriented
    ):
        older = make_orientation(world.person_a, decided_on=days_ago(400))
        contract = _draft(world)
        assert contract.status == "draft"
        assert contract.kind == "engagement"
        assert contract.orientation == oriented != older
        assert contract.organisation == world.mds_a
        actions = [(a.label, a.hours_per_week) for a in contract.actions.all()]
        assert actions == [("Recherche d'emploi", Decimal(10)), ("Atelier CV", Decimal(5))]
        event = Event.objects.get(person=world.person_a, kind=Event.Kind.RSA)
        assert event.summary == "Contrat d'engagement en préparation (brouillon)"
        change = ChangeRecord.objects.get(person=world.person_a, model="rsa.Contract")
        assert change.changes["actions"] == ["", "Recherche d'emploi (10 h); Atelier CV (5 h)"]

    def test_it_accepts_exactly_15_hours_without_an_adjustment_reason(self, world, oriented):
        contract = _draft(world, actions=[("Formation", "14.5"), ("Suivi", "0.5")])
        assert services.weekly_total(
            [(a.label, a.hours_per_week) for a in contract.actions.all()]
        ) == Decimal(15)

    def test_it_refuses_14_9_hours_without_an_adjustment_reason_naming_the_total(
        self, world, oriented
    ):
        with pytest.raises(services.ContractError) as error:
            _draft(world, actions=[("Formation", "14.4"), ("Suivi", "0.5")])
        assert "14,9 h par semaine" in str(error.value)
        assert "motif d'adaptation" in str(error.value)
        assert not Contract.objects.exists()
        assert not Event.objects.filter(person=world.person_a).exists()

    def test_it_accepts_14_9_hours_with_an_adjustment_reason(self, world, oriented):
        contract = _draft(
            world,
            actions=[("Soins", "14.9")],
            adjustment_reason="Problème de santé : activité à temps partiel",
        )
        assert contract.adjustment_reason == "Problème de santé : activité à temps partiel"

    def test_a_blank_reason_is_no_reason(self, world, oriented):
        with pytest.raises(services.ContractError):
            _draft(world, actions=[("Soins", 4)], adjustment_reason="   ")

    @pytest.mark.parametrize("kind", ["cer", "ppae"])
    def test_it_no_longer_creates_a_cer_or_a_ppae(self, world, oriented, kind):
        with pytest.raises(services.ContractError, match="remplace le CER et le PPAE"):
            _draft(world, kind=kind)

    def test_it_needs_an_orientation(self, world):
        with pytest.raises(services.ContractError, match="Aucune orientation"):
            _draft(world)

    def test_it_refuses_a_second_draft(self, world, oriented):
        _draft(world)
        with pytest.raises(services.ContractError, match="brouillon de contrat existe déjà"):
            _draft(world)
        assert Contract.objects.count() == 1

    @pytest.mark.parametrize(
        ("actions", "message"),
        [
            ([("", "")] * 3, "au moins une action"),
            ([("Atelier", "")], "Action 1 : indiquez le nombre d'heures"),
            ([("", "")] + [("", 4)], "Action 2 : décrivez l'action"),
            ([("Atelier", "0")], "Action 1 : indiquez entre 0,1 et 60"),
            ([("Atelier", "60.1")], "Action 1 : indiquez entre 0,1 et 60"),
            ([("Atelier", "2.25")], "une décimale au plus"),
            ([("Atelier", "beaucoup")], "Action 1 : indiquez un nombre d'heures"),
            ([(f"Action {n}", 2) for n in range(9)], "8 actions au plus"),
        ],
    )
    def test_it_explains_what_is_wrong_with_the_plan(self, world, oriented, actions, message):
        with pytest.raises(services.ContractError, match=message):
            _draft(world, actions=actions, adjustment_reason="Santé")

    def test_60_hours_and_8_actions_are_the_limits_not_errors(self, world, oriented):
        contract = _draft(world, actions=[("Emploi", 60)] + [(f"Action {n}", 1) for n in range(7)])
        assert contract.actions.count() == 8

    def test_the_end_must_follow_the_start(self, world, oriented):
        with pytest.raises(services.ContractError, match="après son début"):
            _draft(world, ends_on=TODAY())
        assert _draft(world, ends_on=TODAY() + dt.timedelta(days=1)).pk

    def test_the_objectives_are_required(self, world, oriented):
        with pytest.raises(services.ContractError, match="objectifs"):
            _draft(world, objectives="  ")

    def test_it_updates_a_draft_and_records_what_changed(self, world, oriented):
        contract = _draft(world)
        services.update_draft(
            user=world.user("social_worker_a"),
            contract=contract,
            objectives="Retrouver un emploi de cariste.",
            actions=[("Immersion en entreprise", 20)],
            starts_on=contract.starts_on,
            ends_on=contract.ends_on,
        )
        assert [a.label for a in contract.actions.all()] == ["Immersion en entreprise"]
        change = ChangeRecord.objects.filter(model="rsa.Contract").order_by("-id").first()
        assert set(change.changes) == {"actions"}

    def test_only_a_draft_is_updated(self, world, oriented):
        contract = make_contract(world.person_a, orientation=oriented, status="signed")
        with pytest.raises(services.ContractError, match="Seul un brouillon"):
            services.update_draft(
                user=world.user("social_worker_a"),
                contract=contract,
                objectives="Autre",
                actions=[("Immersion", 20)],
                starts_on=contract.starts_on,
                ends_on=contract.ends_on,
            )


def test_hours_are_written_the_french_way():
    assert services.hours_text(Decimal("12.0")) == "12"
    assert services.hours_text(Decimal("12.5")) == "12,5"
    assert services.hours_text(Decimal("20")) == "20"
