"""The FARE82 indicators page and its xlsx export: who opens them, the figures in French beside
their definitions, an MDS manager's scope, the period form, the file read back."""

import html as markup
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

import relais.aid.indicators  # noqa: F401 — registers the figures (until AidConfig.ready does)
from tests.aid.perm_budget import EXPECTED
from tests.aid.test_indicators import add_payments, build_march
from tests.permissions import PERSONAS, TO_LOGIN

pytestmark = pytest.mark.django_db

PAGE = reverse("aid:indicators")
EXPORT = reverse("aid:indicators_export")
MARCH = "du=01/03/2025&au=31/03/2025"


def plain(html: str) -> str:
    """Unescaped, and French numbers group with a no-break space: compare with a plain one."""
    return markup.unescape(html).replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture
def march(world):
    data = build_march(world)
    add_payments(world, data)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_page_and_the_export(world, client, persona):
    if persona != "anonymous":
        client.force_login(world.user(persona))
    for name in ("aid:indicators", "aid:indicators_export"):
        response = client.get(reverse(name))
        got = response.status_code
        if got == 302 and response["Location"].startswith(reverse("accounts:login")):
            got = TO_LOGIN
        assert got == EXPECTED[name][persona], f"{name} for {persona}"


def test_the_secretariat_sees_the_departement_s_figures_beside_their_definitions(
    world, as_user, secretary, march
):
    response = as_user(secretary).get(f"{PAGE}?{MARCH}")
    assert response.status_code == 200
    html = plain(response.content.decode())
    assert "tout le département, du 01/03/2025 au 31/03/2025" in html
    sections = {name: lines for name, _, lines in response.context["sections"]}
    assert [(label, text) for label, text, _, _ in sections["approval_rate"]] == [
        ("Taux d'accord", "60,0 %"),
        ("Demandes décidées", "5"),
        ("dont accordées", "3"),
    ]
    assert [plain(text) for _, text, _, _ in sections["amounts_granted"]] == [
        "2",
        "1 800,01 €",
        "900,01 €",
    ]
    assert [text for _, text, _, _ in sections["decision_delay_days"]] == [
        "5",
        "7 jours",
        "20 jours",
    ]
    assert [text for _, text, _, _ in sections["activity_after_6_months"]] == [
        "50,0 %",
        "4",
        "2",
        "1",
        "0",
        "5",
    ]
    for text in ("60,0 %", "1 800,01 €", "Taux d'accord", "90e centile"):
        assert text in html
    # Each definition sits in its figure's section.
    section = html.split('id="indicateur-activity_after_6_months"')[1].split("</section>")[0]
    assert "situation inconnue" in section and "Date de mesure" in section
    assert html.count("<h1") == 1


def test_the_category_table_of_the_page(world, as_user, secretary, march):
    response = as_user(secretary).get(f"{PAGE}?{MARCH}")
    rows = {
        label: [text for text, _ in cells] for label, cells in response.context["category_rows"]
    }
    assert list(rows) == [
        "Permis de conduire ou BSR",
        "Frais de repas",
        "Réparation d'un véhicule",
        "Toutes catégories",
    ]
    nbsp = "\xa0"
    assert rows["Permis de conduire ou BSR"] == [
        "3",
        "2",
        "2",
        "100,0 %",
        "2",
        f"1{nbsp}800,01 €",
        "900,01 €",
    ]
    assert rows["Réparation d'un véhicule"] == ["3", "3", "1", "33,3 %", "0", "0,00 €", "—"]
    assert rows["Frais de repas"] == ["0", "0", "0", "—", "0", "0,00 €", "—"]
    assert rows["Toutes catégories"][:4] == ["6", "5", "3", "60,0 %"]
    html = plain(response.content.decode())
    assert "<caption" in html and "Par catégorie d'aide, du 01/03/2025 au 31/03/2025" in html


def test_an_mds_manager_sees_the_applications_of_their_team(world, as_user, march):
    response = as_user(world.user("manager_a")).get(f"{PAGE}?{MARCH}")
    html = plain(response.content.decode())
    assert "demandes de MDS A, du 01/03/2025" in html
    sections = {name: lines for name, _, lines in response.context["sections"]}
    assert sections["applications"][0][1] == "5"  # MDS B's application is not theirs
    other = as_user(world.user("manager_b")).get(f"{PAGE}?{MARCH}")
    sections = {name: lines for name, _, lines in other.context["sections"]}
    assert sections["applications"][0][1] == "1"


def test_steering_sees_the_whole_departement(world, as_user, march):
    response = as_user(world.user("steering")).get(f"{PAGE}?{MARCH}")
    sections = {name: lines for name, _, lines in response.context["sections"]}
    assert sections["applications"][0][1] == "6"


def test_without_a_period_the_year_so_far(world, fund, as_user, secretary):
    response = as_user(secretary).get(PAGE)
    today = timezone.localdate()
    assert response.context["period"].start == today.replace(month=1, day=1)
    assert response.context["period"].end == today


def test_an_inverted_period_is_explained_and_the_export_goes_back_to_the_page(
    world, fund, as_user, secretary
):
    client = as_user(secretary)
    response = client.get(f"{PAGE}?du=31/03/2025&au=01/03/2025")
    html = response.content.decode()
    assert response.context["sections"] is None
    assert "La fin de la période doit être le jour de son début ou après." in html
    assert "Corrigez la période" in html
    response = client.get(f"{EXPORT}?du=32/03/2025&au=01/04/2025")
    assert response.status_code == 302
    assert response["Location"].startswith(PAGE + "?")


def test_the_xlsx_export_reads_back_with_the_same_numbers(world, as_user, secretary, march):
    response = as_user(secretary).get(f"{EXPORT}?{MARCH}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="indicateurs-fare82-20250301-20250331.xlsx"'
    )
    assert response["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Indicateurs", "Par catégorie", "Définitions"]
    rows = list(book["Indicateurs"].iter_rows(values_only=True))
    assert rows[0][0] == "Indicateurs du FARE82, tout le département, du 01/03/2025 au 31/03/2025"
    lines = {(r[0], r[1]): (r[2], r[3]) for r in rows[3:]}
    assert lines[("Taux d'accord", "Taux d'accord")] == (60.0, "%")
    assert lines[("Montants accordés par catégorie", "Montant total accordé")] == (1800.01, "€")
    assert lines[("Montants accordés par catégorie", "Montant moyen accordé")] == (900.01, "€")
    assert lines[("Délai entre la transmission et la décision", "Médiane")] == (7, "jours")
    label = "Personnes aidées en emploi ou en formation 6 mois après le paiement"
    assert lines[(label, "Situation inconnue (pas de données du parcours)")] == (1, "personnes")
    categories = list(book["Par catégorie"].iter_rows(values_only=True))
    assert categories[2][0] == "Catégorie d'aide"
    by_label = {row[0]: row[1:] for row in categories[3:]}
    assert by_label["Réparation d'un véhicule"] == (3, 3, 1, 33.3, 0, 0, None)
    assert by_label["Toutes catégories"] == (6, 5, 3, 60.0, 2, 1800.01, 900.01)
    definitions = list(book["Définitions"].iter_rows(values_only=True))
    assert [row[1] for row in definitions[1:]] == [
        "aid.applications",
        "aid.approval_rate",
        "aid.amounts_granted",
        "aid.decision_delay_days",
        "aid.activity_after_6_months",
    ]
    assert all(len(row[4]) > 100 for row in definitions[1:])


def test_no_person_is_named_on_the_page_or_in_the_file(world, as_user, secretary, march):
    client = as_user(secretary)
    html = client.get(f"{PAGE}?{MARCH}").content.decode()
    content = client.get(f"{EXPORT}?{MARCH}").content
    book = load_workbook(io.BytesIO(content))
    cells = " ".join(
        str(value)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    name = march["p1"].birth_name
    assert name not in html and name not in cells
