"""A social worker's day, in a real browser: log in, search, open, upload, timeline, history."""

import re

import pytest

from relais.people import services
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def referent_world(transactional_db, world):
    agent = world.user("social_worker_a")
    services.assign_referent(
        user=world.user("manager_a"),
        person=world.person_a,
        referent=agent,
        organisation=world.mds_a,
    )
    return world


def log_in(page, user):
    page.goto("/connexion/")
    page.page.get_by_label("Adresse électronique").fill(user.email)
    page.page.get_by_label("Mot de passe").fill(PASSWORD)
    page.page.get_by_role("button", name="Se connecter").click()
    page.check()


def test_a_social_worker_finds_a_file_uploads_a_document_and_sees_who_read_it(
    page, referent_world, tmp_path
):
    world = referent_world
    log_in(page, world.user("social_worker_a"))
    assert page.page.get_by_role("heading", name="Mes dossiers").is_visible()

    page.page.get_by_label("Rechercher une personne").fill("francois dupont")
    page.page.get_by_role("button", name="Rechercher").click()
    page.check()
    assert "1 personne trouvée" in page.page.content()

    page.page.get_by_role("link", name="DUPONT François").click()
    page.check()
    assert page.page.title().startswith("Dossier de DUPONT François")

    page.page.get_by_role("link", name="Déposer un document").click()
    page.check()
    page.page.get_by_role("button", name="Déposer").click()  # nothing chosen: errors shown
    page.check()
    assert page.page.get_by_role("alert").is_visible()
    pdf = tmp_path / "attestation.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.page.get_by_label("Type de document").select_option("caf")
    page.page.get_by_label("Intitulé").fill("Attestation CAF de mars")
    page.page.get_by_label("Fichier").set_input_files(str(pdf))
    page.page.get_by_role("button", name="Déposer").click()
    page.check()
    assert page.page.get_by_role("link", name=re.compile("Attestation CAF de mars")).is_visible()

    # The timeline filter swaps the list in place (htmx) without reloading the page.
    page.page.get_by_label("Type d'événement").select_option("document_added")
    page.page.wait_for_function(
        "() => !document.querySelector('#timeline').textContent.includes('Création du dossier')"
        " && !document.querySelector('#timeline').textContent.includes('Désignation')"
    )
    assert "Document déposé" in page.page.locator("#timeline").inner_text()
    page.check()

    page.page.get_by_role("link", name="Historique des consultations").click()
    page.check()
    rows = page.page.locator("tbody tr")
    assert rows.count() >= 2  # the two displays of the file by this agent
    assert "Consultation du dossier" in rows.first.inner_text()


def test_every_main_page_passes_axe_and_fits_320_pixels(page, referent_world):
    world = referent_world
    log_in(page, world.user("manager_a"))
    for path in [
        "/",
        "/personnes/",
        "/personnes/nouvelle/",
        f"/personnes/{world.person_a.uuid}/modifier/",
        f"/personnes/{world.person_a.uuid}/referent/",
        f"/personnes/{world.person_a.uuid}/consentements/ajouter/",
        f"/personnes/{world.person_a.uuid}/imprimer/",
        "/annuaire/",
        "/annuaire/professionnels/",
        "/page-qui-n-existe-pas/",
    ]:
        for width in (1280, 320):
            page.page.set_viewport_size({"width": width, "height": 800})
            page.goto(path)
            overflow = page.page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{path} déborde à {width} px ({overflow} px)"


def test_the_creation_form_shows_linked_errors_and_duplicates(page, referent_world):
    log_in(page, referent_world.user("reception_a"))
    page.goto("/personnes/nouvelle/")
    page.page.get_by_role("button", name="Créer le dossier").click()
    page.check()
    summary_link = page.page.locator(".govuk-error-summary a").first
    target = summary_link.get_attribute("href")
    assert page.page.locator(target).count() == 1  # each error links to its field

    page.page.get_by_label("Nom de naissance").fill("Dupont")
    page.page.get_by_label("Prénoms").fill("Francois")
    page.page.get_by_label("Homme").check()
    page.page.get_by_label("Date de naissance").fill("27/03/1985")
    page.page.get_by_role("button", name="Créer le dossier").click()
    page.check()
    assert page.page.get_by_role("link", name="Ouvrir le dossier de DUPONT François").is_visible()


def test_keyboard_users_skip_to_the_content_and_the_page_fits_320_pixels(page, referent_world):
    log_in(page, referent_world.user("social_worker_a"))
    page.page.keyboard.press("Tab")
    skip = page.page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("element => element === document.activeElement")
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("document.activeElement.id") == "contenu"

    page.page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/personnes/{referent_world.person_a.uuid}/")
    overflow = page.page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 320, f"La page déborde à 320 px ({overflow} px)"
