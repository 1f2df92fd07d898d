"""The need-to-know policy, role by role, with the personas of conftest.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from relais.people import policy
from relais.people.models import Person
from tests.factories import DepartementFactory, PersonFactory, SectorFactory


def visible(user) -> set:
    return set(Person.objects.visible_to(user).values_list("pk", flat=True))


def test_it_shows_an_agent_the_persons_of_their_sector_only(world):
    assert visible(world.user("social_worker_a")) == {world.person_a.pk}
    assert visible(world.user("social_worker_b")) == {world.person_b.pk}


@pytest.mark.parametrize(
    "persona", ["social_worker_a", "employment_agent_a", "reception_a", "manager_a"]
)
def test_it_gives_every_file_role_of_an_mds_the_same_sector(world, persona):
    assert visible(world.user(persona)) == {world.person_a.pk}


def test_it_opens_a_file_to_the_organisation_of_the_referent(world):
    person = world.person_b
    person.referent_organisation = world.mds_a
    person.save(update_fields=["referent_organisation"])
    assert visible(world.user("social_worker_a")) == {world.person_a.pk, person.pk}
    # MDS B still covers the commune.
    assert person.pk in visible(world.user("social_worker_b"))


@pytest.mark.parametrize("persona", ["steering", "employer"])
def test_it_shows_no_file_to_steering_or_employers_even_where_their_organisation_covers_it(
    world, persona
):
    organisation = world.user(persona).membership.organisation
    SectorFactory(organisation=organisation, communes=[world.commune_a, world.commune_b])
    world.person_a.referent_organisation = organisation
    world.person_a.save(update_fields=["referent_organisation"])
    assert visible(world.user(persona)) == set()
    assert not policy.can_view_person(world.user(persona), world.person_a)


def test_it_shows_no_file_to_a_partner_operator_yet(world):
    assert Person.objects.count() == 2
    assert visible(world.user("operator")) == set()


def test_it_shows_nothing_to_an_anonymous_visitor_or_a_user_without_membership(world):
    no_membership = world.user("social_worker_a")
    no_membership.membership = None
    assert visible(AnonymousUser()) == set()
    assert visible(no_membership) == set()


def test_it_never_shows_a_person_of_another_departement_even_in_a_covered_commune(world):
    other = DepartementFactory(code="31", name="Haute-Garonne")
    stray = PersonFactory(departement=other, commune=world.commune_a, birth_name="AILLEURS")
    assert stray.commune_id == world.commune_a.pk
    assert stray.pk not in visible(world.user("social_worker_a"))
    assert world.person_a.pk in visible(world.user("social_worker_a"))


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("social_worker_a", True),
        ("employment_agent_a", True),
        ("manager_a", True),
        ("reception_a", False),
        ("social_worker_b", False),
        ("operator", False),
        ("steering", False),
        ("employer", False),
    ],
)
def test_it_shows_documents_only_to_those_who_accompany_the_person(world, persona, allowed):
    assert policy.can_view_documents(world.user(persona), world.person_a) is allowed


@pytest.mark.parametrize(
    ("persona", "can_create", "can_edit", "can_assign"),
    [
        ("social_worker_a", True, True, True),
        ("employment_agent_a", True, True, True),
        ("reception_a", True, True, False),
        ("manager_a", True, True, True),
        ("social_worker_b", True, False, False),
        ("operator", False, False, False),
        ("steering", False, False, False),
        ("employer", False, False, False),
    ],
)
def test_it_gives_each_role_its_own_actions_on_person_a(
    world, persona, can_create, can_edit, can_assign
):
    user = world.user(persona)
    assert policy.can_create_person(user) is can_create
    assert policy.can_edit_person(user, world.person_a) is can_edit
    assert policy.can_assign_referent(user, world.person_a) is can_assign


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("manager_a", True),
        ("manager_b", False),
        ("social_worker_a", False),
        ("reception_a", False),
        ("steering", False),
    ],
)
def test_it_shows_the_access_history_to_the_manager_of_a_following_mds(world, persona, allowed):
    assert policy.can_view_access_history(world.user(persona), world.person_a) is allowed


def test_it_shows_the_access_history_to_the_persons_referent_and_no_colleague(world):
    person = world.person_a
    referent = world.user("social_worker_a")
    assert not policy.can_view_access_history(referent, person)
    person.referent = referent
    person.referent_organisation = world.mds_a
    person.save(update_fields=["referent", "referent_organisation"])
    assert policy.can_view_access_history(referent, person)
    assert not policy.can_view_access_history(world.user("employment_agent_a"), person)


def test_it_offers_as_referents_only_the_accompanying_agents_of_the_current_organisation(world):
    referents = set(policy.eligible_referents(world.user("manager_a")))
    assert referents == {world.user("social_worker_a"), world.user("employment_agent_a")}


@pytest.fixture
def temporary_rules():
    """Rules registered by a test are removed afterwards, whatever happens."""
    before = dict(policy._access_rules)
    yield
    policy._access_rules.clear()
    policy._access_rules.update(before)


def test_it_opens_a_file_through_a_rule_registered_by_a_later_module(world, temporary_rules):
    # An "open follow-up" between MDS A and person_b, as an appointment module would add.
    followed = {world.mds_a.pk: [world.person_b.pk]}

    def open_follow_up(membership):
        return Q(pk__in=followed.get(membership.organisation_id, []))

    assert world.person_b.pk not in visible(world.user("social_worker_a"))
    policy.register_access_rule("test_open_follow_up", open_follow_up)
    assert visible(world.user("social_worker_a")) == {world.person_a.pk, world.person_b.pk}
    # The rule applies to its organisation only, and still not to roles without files.
    assert visible(world.user("manager_b")) == {world.person_b.pk}
    assert visible(world.user("steering")) == set()
