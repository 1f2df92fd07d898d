"""The insertion offer on a person's page (section and action) and in the navigation."""

import pytest
from django.urls import reverse

from relais.programmes.services import prescriptions as services
from tests.programmes.helpers import make_programme

pytestmark = pytest.mark.django_db


def person_page(person) -> str:
    return reverse("people:detail", kwargs={"uuid": person.uuid})


def prescribe_url(person) -> str:
    return reverse("programmes:prescribe", kwargs={"uuid": person.uuid})


def test_the_person_page_lists_the_prescriptions_with_status_and_link(
    world, as_user, consented, programme
):
    other = make_programme(world.partner, name="Plateforme mobilité")
    agent = world.user("social_worker_a")
    first = services.prescribe(user=agent, person=consented, programme=programme, objective="x")
    second = services.prescribe(user=agent, person=consented, programme=other, objective="y")
    services.accept(user=world.user("operator"), prescription=second)
    page = as_user(agent).get(person_page(consented)).content.decode()
    section = page[page.index('id="programmes-panel-title"') :]
    assert 'id="programmes-panel-title">Offre d\'insertion</h2>' in page
    for prescription, tag in (
        (first, 'govuk-tag--blue">Envoyée'),
        (second, 'govuk-tag--green">Acceptée'),
    ):
        assert (
            reverse("programmes:prescription", kwargs={"prescription_uuid": prescription.uuid})
            in section
        )
        assert tag in section
    assert "PLAINE Emploi" in section and "Plateforme mobilité" in section
    assert f"{first.sent_at:%d/%m/%Y}" in section


def test_the_prescribe_action_is_offered_to_prescribers(world, as_user):
    page = as_user(world.user("employment_agent_a")).get(person_page(world.person_a))
    html = page.content.decode()
    assert f'href="{prescribe_url(world.person_a)}"' in html
    assert ">Prescrire une action</a>" in html
    assert "Aucune prescription vers une action d'insertion." in html


def test_a_reception_officer_sees_neither_the_section_nor_the_action(world, as_user):
    html = as_user(world.user("reception_a")).get(person_page(world.person_a)).content.decode()
    assert prescribe_url(world.person_a) not in html
    assert 'id="programmes-panel-title"' not in html


def test_the_navigation_offers_the_catalogue_to_its_readers(world, as_user, client):
    catalogue = reverse("programmes:catalogue")
    html = as_user(world.user("steering")).get(reverse("home")).content.decode()
    assert f'href="{catalogue}"' in html and ">Offre d'insertion</a>" in html
    client.force_login(world.user("employer"))
    assert f'href="{catalogue}"' not in client.get(reverse("home")).content.decode()


def test_the_navigation_offers_the_portal_to_an_operator_running_a_programme(world, as_user):
    portal = reverse("programmes:portal")
    client = as_user(world.user("operator"))
    assert f'href="{portal}"' not in client.get(reverse("home")).content.decode()
    make_programme(world.partner)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{portal}"' in html and ">Portail opérateur</a>" in html
