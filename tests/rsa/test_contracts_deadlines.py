"""The month to sign a contract after the notification, at its limits; the worklists."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.rsa.models import Exit
from relais.rsa.queries.contracts import contract_clock, contracts_ending_within, to_contract
from tests.rsa.contract_helpers import days_ago, make_contract, make_orientation

TODAY = timezone.localdate


class TestContractClock:
    def test_the_month_runs_from_the_notification_to_the_same_day_next_month(self, world):
        make_orientation(
            world.person_a, decided_on=dt.date(2026, 3, 10), notified_on=dt.date(2026, 3, 12)
        )
        clock = contract_clock(world.person_a, dt.date(2026, 3, 12))
        assert clock.due == dt.date(2026, 4, 12)
        assert clock.days_left == 31

    def test_a_notification_on_31_january_is_due_on_the_last_day_of_february(self, world):
        make_orientation(
            world.person_a, decided_on=dt.date(2026, 1, 30), notified_on=dt.date(2026, 1, 31)
        )
        assert contract_clock(world.person_a, dt.date(2026, 2, 1)).due == dt.date(2026, 2, 28)

    def test_the_due_day_is_the_last_day_and_the_next_is_late(self, world):
        make_orientation(
            world.person_a, decided_on=dt.date(2026, 3, 10), notified_on=dt.date(2026, 3, 12)
        )
        on_time = contract_clock(world.person_a, dt.date(2026, 4, 12))
        assert (on_time.days_left, on_time.overdue) == (0, False)
        assert on_time.label == "dernier jour aujourd'hui"
        late = contract_clock(world.person_a, dt.date(2026, 4, 13))
        assert (late.days_left, late.overdue) == (-1, True)
        assert late.label == "dépassé de 1 jour"

    def test_no_clock_before_the_notification_nor_without_orientation(self, world):
        assert contract_clock(world.person_a, TODAY()) is None
        make_orientation(world.person_a, decided_on=days_ago(3))
        assert contract_clock(world.person_a, TODAY()) is None

    def test_a_contract_signed_on_the_decision_day_stops_the_clock(self, world):
        orientation = make_orientation(world.person_a, decided_on=days_ago(20), notified=True)
        make_contract(world.person_a, status="signed", signed_on=orientation.decided_on)
        assert contract_clock(world.person_a, TODAY()) is None

    def test_a_contract_signed_the_day_before_the_decision_does_not(self, world):
        make_orientation(
            world.person_a, decided_on=dt.date(2026, 3, 10), notified_on=dt.date(2026, 3, 12)
        )
        make_contract(
            world.person_a,
            status="ended",
            signed_on=dt.date(2026, 3, 9),
            starts_on=dt.date(2025, 9, 9),
            ends_on=dt.date(2026, 3, 9),
        )
        assert contract_clock(world.person_a, dt.date(2026, 3, 20)).due == dt.date(2026, 4, 12)

    def test_a_draft_does_not_stop_the_clock(self, world):
        make_orientation(world.person_a, decided_on=days_ago(20), notified=True)
        make_contract(world.person_a, status="draft")
        assert contract_clock(world.person_a, TODAY()) is not None

    def test_a_new_orientation_restarts_the_month(self, world):
        make_orientation(
            world.person_a, decided_on=dt.date(2025, 6, 2), notified_on=dt.date(2025, 6, 4)
        )
        make_contract(
            world.person_a,
            status="active",
            signed_on=dt.date(2025, 6, 20),
            starts_on=dt.date(2025, 6, 20),
        )
        assert contract_clock(world.person_a, dt.date(2025, 9, 1)) is None
        make_orientation(
            world.person_a,
            decided_on=dt.date(2025, 9, 1),
            notified_on=dt.date(2025, 9, 3),
            track="social",
        )
        assert contract_clock(world.person_a, dt.date(2025, 9, 5)).due == dt.date(2025, 10, 3)

    def test_an_exit_since_the_decision_stops_the_clock(self, world):
        make_orientation(world.person_a, decided_on=days_ago(20), notified=True)
        Exit.objects.create(person=world.person_a, on=days_ago(2), reason="durable_job")
        assert contract_clock(world.person_a, TODAY()) is None


class TestWorklists:
    def test_to_contract_lists_the_visible_notified_persons_without_a_contract(self, world):
        due_soon = make_orientation(
            world.person_a, decided_on=dt.date(2026, 1, 5), notified_on=dt.date(2026, 1, 6)
        )
        make_orientation(
            world.person_b, decided_on=dt.date(2026, 1, 5), notified_on=dt.date(2026, 1, 6)
        )
        rows = to_contract(world.user("employment_agent_a"), dt.date(2026, 2, 1))
        assert [row["person"] for row in rows] == [world.person_a]
        assert rows[0]["orientation"] == due_soon
        assert rows[0]["clock"].due == dt.date(2026, 2, 6)
        assert rows[0]["clock"].days_left == 5

    def test_to_contract_uses_the_orientation_in_force_only(self, world):
        make_orientation(world.person_a, decided_on=days_ago(60), notified=True)
        make_orientation(world.person_a, decided_on=days_ago(2))  # not notified yet
        assert to_contract(world.user("employment_agent_a")) == []

    def test_to_contract_leaves_out_a_signed_contract_and_an_exit(self, world):
        orientation = make_orientation(world.person_a, decided_on=days_ago(20), notified=True)
        user = world.user("employment_agent_a")
        assert len(to_contract(user)) == 1
        contract = make_contract(world.person_a, status="signed", signed_on=orientation.decided_on)
        assert to_contract(user) == []
        contract.delete()
        Exit.objects.create(person=world.person_a, on=orientation.decided_on, reason="moved")
        assert to_contract(user) == []

    @pytest.mark.parametrize(
        ("ends_in", "listed"), [(-1, False), (0, True), (30, True), (31, False)]
    )
    def test_contracts_ending_within_30_days_at_the_limits(self, world, ends_in, listed):
        contract = make_contract(
            world.person_a,
            status="active",
            starts_on=days_ago(100),
            ends_on=TODAY() + dt.timedelta(days=ends_in),
        )
        found = list(contracts_ending_within(world.user("social_worker_a"), days=30))
        assert found == ([contract] if listed else [])

    def test_contracts_ending_leaves_out_drafts_ended_and_invisible_ones(self, world):
        soon = TODAY() + dt.timedelta(days=10)
        make_contract(world.person_a, status="draft", starts_on=days_ago(10), ends_on=soon)
        make_contract(world.person_a, status="renewed", starts_on=days_ago(10), ends_on=soon)
        make_contract(world.person_b, status="active", starts_on=days_ago(10), ends_on=soon)
        signed = make_contract(
            world.person_a, status="signed", starts_on=days_ago(10), ends_on=soon
        )
        assert list(contracts_ending_within(world.user("social_worker_a"))) == [signed]
