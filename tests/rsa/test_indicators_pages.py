"""The indicators page and its drill-down: scope, period form, export, audit, no list for steering."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from relais.audit.models import AccessRecord
from relais.rsa.views import indicators as views
from tests.factories import OrganisationFactory, PersonFactory
from tests.permissions import PERSONAS, TO_LOGIN
from tests.rsa.indicator_helpers import contract, entry, exit_, orient, right_state, rsa_file
from tests.rsa.perm_indicators import EXPECTED

PAGE = reverse("rsa:indicators")
MARCH = "du=2026-03-01&au=2026-03-31"


def persons_url(code="positive_exit_rate", query=MARCH):
    return reverse("rsa:indicator_persons", kwargs={"code": code}) + "?" + query


@pytest.fixture
def exits(world):
    """Two exits in MDS A's sector (one positive), one in MDS B's, all in March 2026."""
    a1 = PersonFactory(commune=world.commune_a, birth_name="ALPHA")
    a2 = PersonFactory(commune=world.commune_a, birth_name="BRAVO")
    b1 = PersonFactory(commune=world.commune_b, birth_name="CHARLIE")
    exit_(a1, dt.date(2026, 3, 2), "durable_job")
    exit_(a2, dt.date(2026, 3, 3), "moved")
    exit_(b1, dt.date(2026, 3, 4), "training")
    return a1, a2, b1


def _figure(response, name):
    return next(row["value"] for row in response.context["rows"] if row["name"] == name)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_indicator_pages(world, client, persona):
    if persona != "anonymous":
        client.force_login(world.user(persona))
    for name, expected in EXPECTED.items():
        kwargs = {"code": "contractualisation_rate"} if name == "rsa:indicator_persons" else {}
        response = client.get(reverse(name, kwargs=kwargs))
        got = response.status_code
        if got == 302 and response["Location"].startswith(reverse("accounts:login")):
            got = TO_LOGIN
        assert got == expected[persona], f"{name} for {persona}"


def test_the_page_shows_the_six_figures_of_the_managers_mds(world, as_user, exits):
    response = as_user(world.user("manager_a")).get(f"{PAGE}?{MARCH}")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert [row["name"] for row in response.context["rows"]] == [
        "orientation_delay_days",
        "orientation_to_contract_days",
        "contract_within_30_days_rate",
        "contractualisation_rate",
        "positive_exit_rate",
        "rsa_exit_by_work_or_training_rate",
    ]
    assert _figure(response, "positive_exit_rate")["count"] == 2  # MDS B's exit is not here
    exits_row = next(r for r in response.context["rows"] if r["name"] == "positive_exit_rate")
    assert exits_row["summary"] == [
        ("Taux", "50,0 %"),
        ("Sorties", "2"),
        ("Sorties positives", "1"),
    ]
    assert "50,0 %" in html
    assert "Parmi les sorties du parcours datées de la période" in html  # definition beside it
    assert "Cible" in html and "14 jours au plus" in html
    assert "du 01/03/2026 au 31/03/2026" in html
    drill = reverse("rsa:indicator_persons", kwargs={"code": "positive_exit_rate"})
    assert f'href="{drill}?du=2026-03-01&amp;au=2026-03-31"' in html
    assert "Voir les personnes comptées" in html


def test_the_default_period_is_the_current_year_to_date(world, as_user):
    response = as_user(world.user("manager_a")).get(PAGE)
    today = timezone.localdate()
    assert response.context["period"].start == dt.date(today.year, 1, 1)
    assert response.context["period"].end == today


def test_a_manager_cannot_widen_the_scope_to_another_mds(world, as_user, exits):
    response = as_user(world.user("manager_a")).get(f"{PAGE}?{MARCH}&mds={world.mds_b.pk}")
    assert _figure(response, "positive_exit_rate")["count"] == 2
    assert response.context["scope_label"] == "MDS A"


def test_steering_sees_the_departement_or_the_mds_it_picks(world, as_user, exits):
    client = as_user(world.user("steering"))
    whole = client.get(f"{PAGE}?{MARCH}")
    assert _figure(whole, "positive_exit_rate")["count"] == 3
    mds_b = client.get(f"{PAGE}?{MARCH}&mds={world.mds_b.pk}")
    assert _figure(mds_b, "positive_exit_rate") == {
        "count": 1,
        "numerator": 1,
        "value": 1.0,
        "by_reason": {
            **dict.fromkeys(_figure(whole, "positive_exit_rate")["by_reason"], 0),
            "training": 1,
        },
    }


def test_steering_cannot_pick_an_organisation_of_another_departement(world, as_user, exits):
    elsewhere = OrganisationFactory(departement__code="31", departement__name="Haute-Garonne")
    response = as_user(world.user("steering")).get(f"{PAGE}?{MARCH}&mds={elsewhere.pk}")
    assert response.status_code == 200
    assert response.context["rows"] is None
    assert "Choisissez une MDS de la liste." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("du=2026-02-30&au=2026-03-31", "Saisissez une date réelle, par exemple 31/01/2026."),
        (
            "du=2026-03-31&au=2026-03-01",
            "La fin de la période doit être le jour de son début ou après.",
        ),
    ],
)
def test_a_wrong_period_says_what_to_do_and_shows_no_figure(world, as_user, query, message):
    response = as_user(world.user("manager_a")).get(f"{PAGE}?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["rows"] is None
    assert message in html
    assert "govuk-error-summary" in html


def test_a_period_written_the_french_way_is_understood(world, as_user, exits):
    response = as_user(world.user("manager_a")).get(f"{PAGE}?du=01/03/2026&au=31/03/2026")
    assert response.context["period"].start == dt.date(2026, 3, 1)


def test_the_xlsx_export_holds_the_figures_and_their_definitions_but_no_person(
    world, as_user, exits
):
    response = as_user(world.user("manager_a")).get(f"{PAGE}?{MARCH}&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "indicateurs-rsa-20260301-20260331.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Indicateurs RSA, MDS A, du 01/03/2026 au 31/03/2026" in cells
    assert "Part des sorties positives du parcours" in cells
    assert "50,0 %" in cells
    assert any(c.startswith("Parmi les sorties du parcours") for c in cells)
    assert not any("ALPHA" in c or "BRAVO" in c for c in cells)
    assert AccessRecord.objects.count() == 0


def test_the_drill_down_lists_the_managers_persons_and_records_each_display(world, as_user, exits):
    a1, a2, b1 = exits
    manager = world.user("manager_a")
    response = as_user(manager).get(persons_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "ALPHA" in html and "BRAVO" in html
    assert "CHARLIE" not in html  # MDS B's sector
    assert "02/03/2026" in html and "Emploi durable (6 mois et plus)" in html
    assert reverse("people:detail", kwargs={"uuid": a1.uuid}) in html
    records = AccessRecord.objects.filter(user=manager, action=AccessRecord.Action.VIEW)
    assert sorted(r.person_id for r in records) == sorted([a1.pk, a2.pk])
    assert records.first().organisation == world.mds_a


def test_steering_gets_the_counts_of_the_drill_down_but_never_the_list(world, as_user, exits):
    response = as_user(world.user("steering")).get(persons_url())
    html = response.content.decode()
    assert response.status_code == 200
    # Training in MDS B and the durable job in MDS A are positive; the move is not.
    assert response.context["summary"] == [
        ("Taux", "66,7 %"),
        ("Sorties", "3"),
        ("Sorties positives", "2"),
    ]
    assert "Le pilotage voit les chiffres, jamais les dossiers" in html
    assert not any(name in html for name in ("ALPHA", "BRAVO", "CHARLIE"))
    assert AccessRecord.objects.count() == 0


def test_the_drill_down_of_a_track_split_figure_names_the_track(world, as_user):
    person = PersonFactory(commune=world.commune_a, birth_name="DELTA")
    entry(person, dt.date(2026, 1, 5))
    orient(person, dt.date(2026, 2, 1), track="social")
    contract(person, dt.date(2026, 2, 10))
    response = as_user(world.user("manager_a")).get(
        persons_url("contractualisation_rate", "du=2026-01-01&au=2026-03-31")
    )
    line = response.context["page"].object_list[0]
    assert line["person"] == person
    assert line["cells"] == [("Sociale", False), ("oui", False)]


def test_the_drill_down_of_closed_rights_shows_the_closure_and_the_exit(world, as_user):
    person = PersonFactory(commune=world.commune_a, birth_name="ECHO")
    right_state(rsa_file((person, "DEM")), dt.date(2026, 3, 20))
    exit_(person, dt.date(2026, 3, 1), "short_job")
    response = as_user(world.user("manager_a")).get(
        persons_url("rsa_exit_by_work_or_training_rate")
    )
    [line] = response.context["page"].object_list
    texts = [text for text, _ in line["cells"]]
    assert texts == ["20/03/2026", "01/03/2026", "Emploi de moins de 6 mois", "oui"]


def test_the_drill_down_records_only_the_persons_of_the_page_shown(
    world, as_user, exits, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    a1, a2, _ = exits
    response = as_user(world.user("manager_a")).get(persons_url() + "&page=2")
    assert [line["person"] for line in response.context["page"].object_list] == [a2]
    assert list(AccessRecord.objects.values_list("person_id", flat=True)) == [a2.pk]
    assert response.context["visible_count"] == 2


def test_an_unknown_indicator_is_a_404(world, as_user):
    response = as_user(world.user("manager_a")).get(persons_url("nombre_de_chats"))
    assert response.status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_pathways(world, n, start):
    for i in range(n):
        person = PersonFactory(commune=world.commune_a)
        entry(person, start)
        orient(person, start + dt.timedelta(days=10 + i))
        contract(person, start + dt.timedelta(days=20 + i))
        exit_(person, start + dt.timedelta(days=40), "durable_job")
        right_state(rsa_file((person, "DEM")), start + dt.timedelta(days=41))


def test_the_number_of_queries_does_not_grow_with_the_number_of_persons(world, as_user):
    client = as_user(world.user("manager_a"))
    query = "du=2026-01-01&au=2026-06-30"
    _add_pathways(world, 2, dt.date(2026, 1, 5))
    page_small, drill_small = (
        _queries(client, f"{PAGE}?{query}"),
        _queries(client, persons_url("orientation_delay_days", query)),
    )
    _add_pathways(world, 12, dt.date(2026, 2, 5))
    assert _queries(client, f"{PAGE}?{query}") == page_small
    # The drill-down writes its audit records in one insert, whatever the number of lines.
    assert _queries(client, persons_url("orientation_delay_days", query)) == drill_small
    assert page_small <= 20


def test_steering_follows_the_mds_it_picked_into_the_drill_down(world, as_user, exits):
    client = as_user(world.user("steering"))
    page = client.get(f"{PAGE}?{MARCH}&mds={world.mds_b.pk}")
    html = page.content.decode()
    assert f"du=2026-03-01&amp;au=2026-03-31&amp;mds={world.mds_b.pk}" in html
    assert "Voir le détail (chiffres seulement)" in html
    assert "Voir les personnes comptées" not in html
    drill = client.get(persons_url(query=f"{MARCH}&mds={world.mds_b.pk}"))
    assert drill.context["summary"][1:] == [("Sorties", "1"), ("Sorties positives", "1")]
    assert drill.context["page"] is None
