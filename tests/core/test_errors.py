"""Error pages in production mode: plain, in French, without a trace of the internals."""

import pytest

from tests.core.error_urls import BOOM

pytestmark = pytest.mark.urls("tests.core.error_urls")


@pytest.fixture
def agent(world, as_user, settings):
    settings.DEBUG = False
    client = as_user(world.user("social_worker_a"))
    client.raise_request_exception = False
    return client


def test_it_shows_the_plain_500_page_when_a_view_fails(agent):
    response = agent.get("/test-erreur/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Le service a rencontré une erreur" in body
    assert '<html lang="fr">' in body
    assert BOOM not in body
    assert "RuntimeError" not in body and "Traceback" not in body


def test_it_shows_the_404_page_in_french(agent):
    response = agent.get("/cette-page-n-existe-pas/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in body
    assert 'lang="fr"' in body
    assert "Not Found" not in body


def test_a_file_out_of_reach_shows_the_same_french_404_page(world, agent):
    response = agent.get(f"/personnes/{world.person_b.uuid}/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
