"""Who records visits and whose visits they see, persona by persona."""

import pytest

from relais.accounts.models import Role
from relais.reception import policy, services
from relais.reception.models import Visit
from tests.conftest import _member


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("reception_a", True),
        ("social_worker_a", True),
        ("employment_agent_a", True),
        ("manager_a", True),
        ("social_worker_b", True),
        ("operator", False),
        ("steering", False),
        ("employer", False),
    ],
)
def test_it_lets_the_agents_of_departement_organisations_record_visits(world, persona, allowed):
    assert policy.can_record_visits(world.user(persona)) is allowed


def test_a_social_worker_of_a_departement_service_records_visits_too(world):
    agent = _member(world.dast, Role.SOCIAL_WORKER)

    assert policy.can_record_visits(agent)
    assert policy.procedure_organisation(agent) is None  # a procedure is an MDS's


def test_an_operator_role_in_an_mds_records_nothing(world):
    assert not policy.can_record_visits(_member(world.mds_a, Role.OPERATOR))


def test_each_organisation_sees_its_own_visits_only(world, visit_data, site_b):
    visit_a = services.record_visit(user=world.user("reception_a"), data=visit_data())
    visit_b = services.record_visit(user=world.user("manager_b"), data=visit_data(site=site_b))

    def seen(persona):
        return set(policy.visible_visits(Visit.objects.all(), world.user(persona)))

    assert seen("social_worker_a") == {visit_a}
    assert seen("manager_b") == {visit_b}
    assert seen("steering") == seen("operator") == seen("employer") == set()


def test_nobody_without_a_membership_sees_a_visit(world, visit_data):
    services.record_visit(user=world.user("reception_a"), data=visit_data())
    agent = world.user("social_worker_a")
    agent.membership = None

    assert not policy.visible_visits(Visit.objects.all(), agent).exists()
    assert not policy.can_record_visits(agent)


def test_the_sites_offered_are_those_of_the_agents_organisation(world, site_a):
    assert list(policy.recording_sites(world.user("reception_a"))) == [site_a]
    assert not policy.recording_sites(world.user("steering")).exists()
