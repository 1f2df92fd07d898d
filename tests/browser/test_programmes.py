"""The insertion offer in a real browser, on both sides, with axe on every page.

A social worker prescribes PLAINE Emploi to a woman of her sector (eligibility explained,
criteria confirmed, consent recorded); the operator accepts, records the entry, then the end
with its outcome; the social worker reads the outcome on the prescription's page.
"""

import datetime as dt

import pytest
from django.utils import timezone

from relais.programmes.models import Prescription, Status
from relais.programmes.services import prescriptions as services
from relais.territory.models import Organisation
from tests.browser.test_person_file import log_in
from tests.factories import OrganisationFactory, PersonFactory
from tests.programmes.helpers import consent, make_programme

pytestmark = pytest.mark.browser


@pytest.fixture
def plaine(transactional_db, world):
    programme = make_programme(
        world.partner,
        name="PLAINE Emploi",
        sex="F",
        prescriber_criteria=["Femme isolée ayant besoin d'un accompagnement individualisé"],
        places=20,
    )
    make_programme(world.partner, name="TAPAJ 82", min_age=16, max_age=25)
    young = timezone.localdate() - dt.timedelta(days=365 * 30)
    person = PersonFactory(
        commune=world.commune_a, birth_name="LAMBERT", first_names="Inès", sex="F", birth_date=young
    )
    return programme, person


def log_out(page):
    page.page.get_by_role("button", name="Se déconnecter").click()
    page.page.wait_for_load_state("load")


def test_prescribe_accept_enter_end_on_both_sides(page, world, plaine):
    programme, person = plaine
    log_in(page, world.user("social_worker_a"))
    page.goto(f"/personnes/{person.uuid}/")
    page.page.get_by_role("link", name="Prescrire une action").first.click()
    page.check()
    row = page.page.get_by_role("row", name="TAPAJ 82")
    assert "l'action accueille les 16–25 ans" in row.inner_text()
    page.page.get_by_role("link", name="Prescrire PLAINE Emploi").click()
    page.check()
    page.page.get_by_label("Objectif de la prescription").fill(
        "Rompre l'isolement, reprendre confiance"
    )
    page.page.get_by_label("Je confirme que la personne répond aux critères").check()
    page.page.get_by_label("La personne accepte que ses coordonnées soient transmises").check()
    page.page.get_by_role("button", name="Envoyer la prescription").click()
    page.check()
    prescription = Prescription.objects.get(person=person)
    assert prescription.status == Status.SENT and prescription.eligible
    log_out(page)

    log_in(page, world.user("operator"))
    page.goto("/offre/portail/")
    assert "LAMBERT" in page.page.content()
    page.goto(f"/offre/portail/prescriptions/{prescription.uuid}/")
    page.page.get_by_role("button", name="Accepter la prescription").click()
    page.check()
    # Keyboard only: the entry date is prefilled with today; Enter on the button submits.
    page.page.get_by_role("button", name="Enregistrer l'entrée").focus()
    with page.page.expect_navigation():
        page.page.keyboard.press("Enter")
    page.check()
    page.page.get_by_label("Formation qualifiante").check()
    page.page.get_by_role("button", name="Enregistrer la sortie").click()
    page.check()
    prescription.refresh_from_db()
    assert (prescription.status, prescription.outcome) == (Status.ENDED, "training")
    log_out(page)

    log_in(page, world.user("social_worker_a"))
    page.goto(f"/offre/prescriptions/{prescription.uuid}/")
    text = page.page.locator("main").inner_text()
    assert "Sortie de l'action" in text and "formation qualifiante" in text


@pytest.fixture
def platform(transactional_db, world):
    """The language platform run by the operator persona's organisation, a French course."""
    cibc = make_programme(world.partner, name="Plateforme linguistique", kind="language_platform")
    school = OrganisationFactory(name="Langues 82", kind=Organisation.Kind.TRAINING_BODY)
    course = make_programme(school, name="Français langue étrangère", kind="language_course")
    consent(world.person_a)
    sent = services.prescribe(
        user=world.user("social_worker_a"),
        person=world.person_a,
        programme=cibc,
        objective="Évaluer le français",
    )
    services.accept(user=world.user("operator"), prescription=sent)
    return sent, course


def test_the_platform_assesses_and_orients_to_a_course_with_free_places(page, world, platform):
    sent, course = platform
    log_in(page, world.user("operator"))
    page.goto(f"/offre/portail/prescriptions/{sent.uuid}/")
    page.page.get_by_text("Enregistrer une évaluation").click()
    page.page.get_by_label("Évaluation initiale").check()
    for skill, level in [
        ("Compréhension orale", "A2"),
        ("Expression orale", "A1"),
        ("Compréhension écrite", "A1"),
        ("Expression écrite", "A0 (non atteint A1)"),
    ]:
        page.page.get_by_label(skill, exact=True).select_option(label=level)
    page.page.get_by_role("button", name="Enregistrer l'évaluation").click()
    page.check()
    assert "2 places libres" in page.page.locator("#orientation ~ form").inner_text()
    page.page.get_by_label("Français langue étrangère").check()
    page.page.get_by_role("button", name="Orienter vers cette formation").click()
    page.check()
    oriented = Prescription.objects.get(programme=course)
    assert (oriented.origin_id, oriented.status) == (sent.pk, Status.SENT)
    assert sent.assessments.get().oriented_to == oriented


def test_a_manager_reads_each_programmes_figures(page, world, plaine):
    programme, person = plaine
    consent(person)
    sent = services.prescribe(
        user=world.user("social_worker_a"),
        person=person,
        programme=programme,
        objective="x",
        criteria_confirmed=True,
    )
    services.accept(user=world.user("operator"), prescription=sent)
    log_in(page, world.user("manager_a"))
    page.goto("/offre/")
    page.page.get_by_role("link", name="Indicateurs de l'offre d'insertion").click()
    page.check()
    row = page.page.get_by_role("row", name="PLAINE Emploi")
    assert row.count() >= 1
