"""FARE82 in a real browser: an ADE applies for a driving-licence aid with its papers, the
secretariat studies, approves and pays it, the budget moves; axe on every page visited."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from relais.aid.models import AidApplication, Status
from relais.aid.queries.budget import summary
from tests.aid.helpers import IBAN, make_category, make_eligible, make_fund, secretariat
from tests.browser.test_person_file import log_in
from tests.browser.test_programmes import log_out

pytestmark = pytest.mark.browser
PDF = {"name": "devis.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}


@pytest.fixture
def fare(transactional_db, world):
    fund = make_fund(world, envelope="10000")
    make_category(world)  # driving licence: 1 200 € per application
    make_category(world, "travel", "400", "800")
    return fund, make_eligible(world), secretariat(world)


def _add_paper(page, kind):
    page.page.get_by_role("link", name="Ajouter une pièce").click()
    page.check()
    page.page.get_by_label("Pièce").select_option(label=kind)
    page.page.get_by_label("Fichier").set_input_files(PDF)
    page.page.get_by_role("button", name="Ajouter la pièce").click()
    page.check()


def test_apply_decide_pay(page, world, fare):
    fund, person, secretary = fare
    log_in(page, world.user("employment_agent_a"))
    page.goto(f"/personnes/{person.uuid}/")
    page.page.get_by_role("link", name="Demander une aide FARE82").first.click()
    page.check()
    page.page.get_by_role("radio", name=re.compile("Permis de conduire")).check()
    page.page.get_by_label("Montant demandé (€)").fill("950")
    page.page.get_by_label("Prise ou reprise d'un emploi").check()
    page.page.get_by_label("Employeur ou organisme de formation").fill("Boulangerie du Quercy")
    start = timezone.localdate() + dt.timedelta(days=20)
    page.page.get_by_label("Début de l'emploi ou de la formation").fill(f"{start:%d/%m/%Y}")
    page.page.get_by_label("Nature du contrat").select_option(label="CDD")
    page.page.get_by_label("Pourquoi l'employeur").fill("Pas de prise en charge du permis.")
    page.page.get_by_label(re.compile("Le fournisseur")).check()
    page.page.get_by_label("Nom du bénéficiaire du paiement").fill("Auto-école du Pont")
    page.page.get_by_label("IBAN du bénéficiaire du paiement").fill(IBAN)
    page.page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.check()
    assert "•••• •••• •••• 0189" in page.page.content()
    assert "3000 6000 0112" not in page.page.content()
    _add_paper(page, "Devis")
    _add_paper(page, "Promesse d'embauche")
    page.page.get_by_role("button", name="Transmettre au secrétariat").click()
    page.check()
    application = AidApplication.objects.get(person=person)
    assert application.status == Status.SUBMITTED
    log_out(page)

    log_in(page, secretary)
    page.goto("/fare82/secretariat/")
    page.goto(f"/fare82/secretariat/demandes/{application.uuid}/")
    page.page.get_by_role("button", name="Mettre la demande à l'étude").click()
    page.check()
    page.page.get_by_label("Montant accordé (€)").fill("900")
    page.page.get_by_role("button", name="Accorder l'aide").click()
    page.check()
    assert summary(fund)["committed"] == Decimal("900")
    for link in ("courrier de décision à la personne", "avis de décision à l'agent"):
        with page.page.expect_download() as letter:
            page.page.get_by_role("link", name=re.compile(link)).click()
        assert open(letter.value.path(), "rb").read(5) == b"%PDF-"
    page.goto("/fare82/secretariat/paiements/")
    with page.page.expect_download() as download:
        page.page.get_by_role("button", name=re.compile("Préparer le lot")).click()
    assert "FR7630006000011234567890189" in open(download.value.path(), encoding="utf-8-sig").read()
    page.goto(f"/fare82/secretariat/demandes/{application.uuid}/")
    page.page.get_by_label("Référence du paiement").fill("MANDAT-2026-0042")
    page.page.get_by_role("button", name="Enregistrer le paiement").click()
    page.check()
    application.refresh_from_db()
    assert application.status == Status.PAID
    assert summary(fund) == {
        "envelope": Decimal("10000"),
        "committed": Decimal("0"),
        "paid": Decimal("900"),
        "left": Decimal("9100"),
    }
    page.goto("/fare82/budget/")
    assert "9 100" in page.page.locator("main").inner_text().replace("\u202f", " ").replace(
        "\xa0", " "
    )
