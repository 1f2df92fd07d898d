"""The budget page: envelope, committed, paid and left, by category and by month, for a year
the user picks; the secretariat, steering and the MDS managers only."""

import html as markup

import pytest
from django.urls import reverse

from relais.aid.models import AidApplication, Status
from tests.aid.helpers import make_category, make_fund
from tests.aid.perm_budget import EXPECTED
from tests.aid.test_indicators import add, at, d
from tests.permissions import PERSONAS, TO_LOGIN

pytestmark = pytest.mark.django_db

PAGE = reverse("aid:budget")


def plain(content: bytes) -> str:
    return markup.unescape(content.decode()).replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture
def year_2025(world):
    """2025: 10 000 €. Committed: 500 (Jan.) + 100 (1 March 00:15, Paris) = 600; paid: 700
    (decided Jan., paid Feb.) + 300 (decided Feb., paid March) = 1 000; left 8 400. A refusal
    and an approval cancelled since weigh nothing; 2024's fund has its own approval."""
    fund = make_fund(world, envelope="10000", year=2025)
    licence = make_category(world)
    repair = make_category(world, "vehicle_repair", "1500", "2000")
    make_category(world, "meals", "300", "600")
    add(world, licence, Status.APPROVED, granted="500", decided_at=at("2025-01-15"))
    add(
        world,
        licence,
        Status.PAID,
        granted="700",
        decided_at=at("2025-01-20"),
        paid_on=d("2025-02-03"),
    )
    add(
        world,
        repair,
        Status.PAID,
        granted="300",
        decided_at=at("2025-02-10"),
        paid_on=d("2025-03-01"),
    )
    add(world, repair, Status.REFUSED, decided_at=at("2025-02-11"))
    add(world, repair, Status.CANCELLED, granted="250", decided_at=at("2025-02-12"))
    add(world, licence, Status.APPROVED, granted="100", decided_at=at("2025-03-01", "00:15"))
    older = make_fund(world, envelope="5000", year=2024)
    add(world, licence, Status.APPROVED, granted="400", fund=older, decided_at=at("2024-06-03"))
    return fund


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_budget(world, client, persona, year_2025):
    if persona != "anonymous":
        client.force_login(world.user(persona))
    response = client.get(PAGE)
    got = response.status_code
    if got == 302 and response["Location"].startswith(reverse("accounts:login")):
        got = TO_LOGIN
    assert got == EXPECTED["aid:budget"][persona]


def test_the_secretariat_sees_the_envelope_and_what_is_committed_paid_and_left(
    world, as_user, secretary, year_2025
):
    response = as_user(secretary).get(f"{PAGE}?annee=2025")
    assert response.status_code == 200
    assert response.context["summary"] == {
        "envelope": 10000,
        "committed": 600,
        "paid": 1000,
        "left": 8400,
    }
    html = plain(response.content)
    for figure, text in (
        ("envelope", "10 000,00 €"),
        ("committed", "600,00 €"),
        ("paid", "1 000,00 €"),
        ("left", "8 400,00 €"),
    ):
        assert f'data-figure="{figure}">{text}<' in html
    assert "Budget du FARE82 2025" in html
    assert html.count("<caption") == 3


def test_by_category_with_the_number_of_aids(world, as_user, secretary, year_2025):
    response = as_user(secretary).get(f"{PAGE}?annee=2025")
    assert response.context["categories"] == [
        ("Permis de conduire ou BSR", 600, 700, 3),
        ("Frais de repas", 0, 0, 0),
        ("Réparation d'un véhicule", 0, 300, 1),
    ]
    assert response.context["category_total"] == ("Toutes catégories", 600, 1000, 4)
    html = plain(response.content)
    assert "Par catégorie d'aide</caption>" in html


def test_by_month_of_the_decision_and_of_the_payment(world, as_user, secretary, year_2025):
    response = as_user(secretary).get(f"{PAGE}?annee=2025")
    months = {(m["month"].month, m["decided"], m["paid"]) for m in response.context["months"]}
    # A past year: its twelve months, the empty ones at zero.
    assert len(response.context["months"]) == 12
    assert {(1, 1200, 0), (2, 300, 700), (3, 100, 300), (4, 0, 0)} <= months
    assert response.context["month_total"] == {"decided": 1600, "paid": 1000}
    html = plain(response.content)
    assert "Janvier 2025" in html and "Mars 2025" in html


def test_another_year_has_its_own_figures(world, as_user, secretary, year_2025):
    response = as_user(secretary).get(f"{PAGE}?annee=2024")
    assert response.context["summary"]["committed"] == 400
    assert response.context["summary"]["left"] == 4600
    html = plain(response.content)
    assert '<option value="2025">2025</option>' in html
    assert '<option value="2024" selected>2024</option>' in html


def test_without_a_year_the_latest_envelope_when_this_year_has_none(
    world, as_user, secretary, year_2025
):
    # No fund for the current year (2026 in the tests' clock or later): the latest, 2025.
    response = as_user(secretary).get(PAGE)
    assert response.context["fund"].year == 2025


def test_an_unknown_year_is_explained(world, as_user, secretary, year_2025):
    response = as_user(secretary).get(f"{PAGE}?annee=1999")
    assert response.context["fund"] is None
    assert "Choisissez une année." in plain(response.content)


def test_without_any_envelope_the_page_says_so(world, as_user):
    response = as_user(world.user("steering")).get(PAGE)
    assert response.status_code == 200
    assert "Aucune enveloppe annuelle du FARE82" in plain(response.content)


def test_an_mds_manager_sees_the_whole_envelope_and_no_person(world, as_user, year_2025):
    response = as_user(world.user("manager_b")).get(f"{PAGE}?annee=2025")
    assert response.context["summary"]["paid"] == 1000
    html = plain(response.content)
    names = AidApplication.objects.values_list("person__birth_name", flat=True)
    assert not [name for name in names if name in html]
