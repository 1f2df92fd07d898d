"""Search: names in any order, case and accents; birth date; CAF number; typos on PostgreSQL."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relais.audit.models import AccessRecord
from relais.people import views
from relais.people.models import Person
from relais.people.queries import search_persons
from tests.factories import PersonFactory


def search(client, query: str):
    """Post the search as the form does, then open the results page it redirects to."""
    posted = client.post(reverse("people:search"), {"q": query})
    assert posted.status_code == 302
    return client.get(posted["Location"])


def next_page(client, response):
    """Follow the page's own "Suivante" link."""
    link = re.search(r'href="(\?[^"]*)" rel="next"', response.content.decode()).group(1)
    return client.get(reverse("people:search") + html.unescape(link))


def found(response) -> list:
    return [person.pk for person in response.context["page"]]


@pytest.fixture
def agent_a(world, as_user):
    return as_user(world.user("social_worker_a"))


@pytest.mark.parametrize(
    "query",
    ["francois dupont", "DUPONT François", "Dupont FRANCOIS", "françois", "dupont", "FRANÇOIS"],
)
def test_it_finds_a_person_whatever_the_word_order_case_and_accents(world, agent_a, query):
    response = search(agent_a, query)
    assert found(response) == [world.person_a.pk]
    assert "DUPONT François" in response.content.decode()


def test_it_needs_every_word_of_the_query(world, agent_a):
    assert found(search(agent_a, "francois martin")) == []


def test_it_finds_a_person_by_birth_date(world, agent_a):
    other = PersonFactory(commune=world.commune_a, birth_date=dt.date(1990, 1, 2))
    assert found(search(agent_a, "27/03/1985")) == [world.person_a.pk]
    assert found(search(agent_a, "02/01/1990")) == [other.pk]


def test_it_finds_a_person_by_caf_number(world, agent_a):
    with_caf = PersonFactory(commune=world.commune_a, caf_number="1234567")
    PersonFactory(commune=world.commune_a, caf_number="7654321")
    assert found(search(agent_a, "1234567")) == [with_caf.pk]


def test_it_returns_only_the_persons_the_agent_may_see(world, agent_a, as_user):
    assert found(search(agent_a, "martin lea")) == []
    agent_b = as_user(world.user("social_worker_b"))
    assert found(search(agent_b, "martin lea")) == [world.person_b.pk]


def test_it_pages_the_results_by_twenty(world, agent_a):
    PersonFactory.create_batch(24, commune=world.commune_a, birth_name="DUPONT")
    first = search(agent_a, "dupont")
    assert first.context["page"].paginator.count == 25
    assert "25 personnes trouvées" in first.content.decode()
    assert len(found(first)) == 20
    second = next_page(agent_a, first)
    assert len(found(second)) == 5
    assert 'rel="next"' not in second.content.decode()
    assert set(found(first)).isdisjoint(found(second))


def test_it_keeps_the_searched_name_out_of_the_url(world, agent_a):
    posted = agent_a.post(reverse("people:search"), {"q": "dupont francois"})
    assert "dupont" not in posted["Location"].lower()
    assert "francois" not in posted["Location"].lower()


def test_it_records_no_access_for_a_mere_search(world, agent_a):
    search(agent_a, "dupont")
    assert not AccessRecord.objects.exists()


@pytest.mark.parametrize("query", ["dupnt francois", "francoi dupond"])
def test_it_forgives_one_typo_on_postgresql_and_not_on_sqlite(world, agent_a, query):
    results = found(search(agent_a, query))
    if connection.vendor == "postgresql":
        assert results == [world.person_a.pk]
    else:
        # Documented in docs/adr/003-recherche.md: SQLite has no typo tolerance.
        assert results == []


def test_typo_tolerance_still_keeps_out_the_files_the_agent_may_not_see(world, as_user):
    agent_b = as_user(world.user("social_worker_b"))
    assert found(search(agent_b, "dupnt francois")) == []


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def with_referent(world, count):
    """Persons followed by social_worker_a, all named DUPONT, each opened once by them."""
    agent = world.user("social_worker_a")
    persons = PersonFactory.create_batch(
        count,
        commune=world.commune_a,
        birth_name="DUPONT",
        referent=agent,
        referent_organisation=world.mds_a,
    )
    AccessRecord.objects.bulk_create(
        AccessRecord(user=agent, person=p, action=AccessRecord.Action.VIEW) for p in persons
    )


def test_the_results_page_runs_as_many_queries_for_100_persons_as_for_10(world, agent_a):
    with_referent(world, 9)  # With person_a: 10 DUPONT.
    url = agent_a.post(reverse("people:search"), {"q": "dupont"})["Location"]
    agent_a.get(url)  # Warm the per-process caches.
    ten = count_queries(agent_a, url)
    with_referent(world, 90)
    assert count_queries(agent_a, url) == ten


def test_the_home_page_runs_as_many_queries_for_100_persons_as_for_10(world, agent_a):
    with_referent(world, 10)
    agent_a.get(reverse("home"))
    ten = count_queries(agent_a, reverse("home"))
    with_referent(world, 90)
    assert count_queries(agent_a, reverse("home")) == ten


def test_whole_surname_matches_come_before_partial_and_first_name_matches(world, as_user):

    PersonFactory(commune=world.commune_a, birth_name="ANDRE", first_names="Martin")
    PersonFactory(commune=world.commune_a, birth_name="MARTINEAU", first_names="Eugène")
    PersonFactory(commune=world.commune_a, birth_name="MARTIN", first_names="Zoé")
    user = world.user("social_worker_a")
    names = [p.birth_name for p in search_persons(Person.objects.visible_to(user), "martin")]
    assert names == ["MARTIN", "ANDRE", "MARTINEAU"]


def test_past_the_ceiling_it_lists_the_first_matches_and_asks_to_refine(
    world, agent_a, monkeypatch
):
    monkeypatch.setattr(views, "SEARCH_MAX", 3)
    for index in range(5):
        PersonFactory(commune=world.commune_a, birth_name=f"PETIT{index}", first_names="Noé")
    response = search(agent_a, "petit")
    body = html.unescape(response.content.decode())
    assert "Plus de 3 personnes trouvées" in body
    assert "ajoutez un prénom ou la date de naissance" in body
    assert len(found(response)) == 3
