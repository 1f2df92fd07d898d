"""The indicators page and its xlsx export: who sees which programmes, the default period,
the figures and their definitions, the file's numbers."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from relais.programmes.models import Status, TargetUnit
from tests.factories import OrganisationFactory
from tests.permissions import PERSONAS, TO_LOGIN
from tests.programmes.helpers import make_programme
from tests.programmes.perm_indicators import EXPECTED
from tests.programmes.test_indicators import add, d

pytestmark = pytest.mark.django_db

PAGE = reverse("programmes:indicators")
EXPORT = reverse("programmes:indicators_export")
MARCH = "du=01/03/2026&au=31/03/2026"


def build_offer(world):
    """PLAINE (the partner's, 20 persons a year) and TAPAJ (another operator's), with March's
    rows: PLAINE 2 answers of which 1 accepted, 1 entry, 1 positive exit; TAPAJ 1 refusal."""
    plaine = make_programme(
        world.partner,
        code="plaine",
        name="PLAINE Emploi",
        places=4,
        yearly_target=20,
        target_unit=TargetUnit.PERSONS,
    )
    tapaj = make_programme(
        OrganisationFactory(name="EPICE 82", kind="association"),
        code="tapaj",
        name="TAPAJ 82",
        action_sheet="8.1",
    )
    add(
        world,
        plaine,
        status=Status.ENTERED,
        sent=d(3, 2),
        answered=d(3, 3),
        accepted=d(3, 3),
        entered_on=d(3, 12),
    )
    add(world, plaine, status=Status.REFUSED, sent=d(3, 4), answered=d(3, 5))
    add(
        world,
        plaine,
        status=Status.ENDED,
        sent=d(1, 5),
        accepted=d(1, 6),
        entered_on=d(1, 10),
        ended_on=d(3, 20),
        outcome="durable_job",
    )
    add(world, tapaj, status=Status.REFUSED, sent=d(3, 6), answered=d(3, 7))
    return plaine, tapaj


@pytest.fixture
def offer(world):
    return build_offer(world)


def _values(response, name):
    table = response.context["table"]
    return {code: value for code, value in table.values[name].items()}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_page_and_the_export(world, client, persona, offer):
    if persona != "anonymous":
        client.force_login(world.user(persona))
    for name, expected in EXPECTED.items():
        response = client.get(reverse(name))
        got = response.status_code
        if got == 302 and response["Location"].startswith(reverse("accounts:login")):
            got = TO_LOGIN
        assert got == expected[persona], f"{name} for {persona}"


@pytest.mark.parametrize("persona", ["manager_a", "manager_b", "steering"])
def test_managers_and_steering_see_every_programme_of_the_departement(
    world, as_user, offer, persona
):
    response = as_user(world.user(persona)).get(f"{PAGE}?{MARCH}")
    assert response.status_code == 200
    html = response.content.decode()
    assert [p.code for p in response.context["table"].programmes] == ["tapaj", "plaine"]
    assert "PLAINE Emploi" in html and "TAPAJ 82" in html and "EPICE 82" in html
    assert _values(response, "prescriptions_sent") == {"tapaj": 1, "plaine": 2}
    assert "du 01/03/2026 au 31/03/2026" in html


def test_the_table_shows_the_figures_in_french_beside_their_definitions(world, as_user, offer):
    response = as_user(world.user("manager_a")).get(f"{PAGE}?{MARCH}")
    html = response.content.decode()
    plaine = offer[0]
    assert response.context["table"].cells(plaine) == [
        ("prescriptions_sent", "2"),
        ("acceptance_rate", "50,0 % (1 sur 2)"),
        ("entry_delay_days", "10 jours (1 entrée)"),  # the median
        ("entry_delay_days", "10 jours"),  # the 90th percentile
        ("waiting_list_length", "0 personne"),
        ("mean_wait_days", "— (0 personne)"),
        ("occupancy", "25,0 % (1 sur 4 places)"),
        ("outcomes", "1"),
        ("positive_exit_rate", "100,0 % (1 sur 1)"),
        ("yearly_target", "2 personnes sur 20 en 2026 (10,0 %)"),
    ]
    for text in ("50,0 % (1 sur 2)", "2 personnes sur 20 en 2026 (10,0 %)"):
        assert text in html
    assert 'id="definition-acceptance_rate"' in html
    assert 'href="#definition-acceptance_rate"' in html
    assert "la part acceptée à un moment ou à un autre" in html  # the definition itself
    assert "900 évaluations" in html  # the target beside the yearly figure
    assert html.count("<h1") == 1


def test_an_operator_sees_only_the_programmes_it_runs(world, as_user, offer):
    response = as_user(world.user("operator")).get(f"{PAGE}?{MARCH}")
    assert response.status_code == 200
    html = response.content.decode()
    assert [p.code for p in response.context["table"].programmes] == ["plaine"]
    assert "TAPAJ 82" not in html and "EPICE 82" not in html
    assert "Association partenaire" in html


def test_staff_of_an_organisation_running_no_programme_get_404(world, as_user):
    make_programme(OrganisationFactory(name="EPICE 82", kind="association"), code="tapaj")
    assert as_user(world.user("operator")).get(PAGE).status_code == 404
    assert as_user(world.user("operator")).get(EXPORT).status_code == 404


def test_the_period_defaults_to_the_last_12_months(world, as_user, offer):
    response = as_user(world.user("steering")).get(PAGE)
    today = timezone.localdate()
    period = response.context["period"]
    assert (period.start, period.end) == (today - dt.timedelta(days=364), today)
    assert f'value="{period.start:%d/%m/%Y}"' in response.content.decode()


def test_a_period_ending_before_it_starts_is_refused_in_french(world, as_user, offer):
    response = as_user(world.user("manager_a")).get(f"{PAGE}?du=31/03/2026&au=01/03/2026")
    html = response.content.decode()
    assert response.context["table"] is None
    assert "La fin de la période doit être le jour de son début ou après." in html
    assert "Erreur : " in html
    export = as_user(world.user("manager_a")).get(f"{EXPORT}?du=31/03/2026&au=01/03/2026")
    assert export.status_code == 302 and export["Location"].startswith(PAGE)


def test_the_page_lists_no_person(world, as_user, offer):
    html = as_user(world.user("manager_a")).get(f"{PAGE}?{MARCH}").content.decode()
    for prescription in offer[0].prescriptions.select_related("person"):
        assert prescription.person.birth_name not in html


def test_the_page_costs_the_same_queries_for_more_programmes(world, as_user, offer):
    client = as_user(world.user("steering"))
    client.get(f"{PAGE}?{MARCH}")
    with CaptureQueriesContext(connection) as two:
        client.get(f"{PAGE}?{MARCH}")
    for n in range(5):
        make_programme(world.partner, code=f"autre-{n}", name=f"Autre action {n}")
    with CaptureQueriesContext(connection) as seven:
        response = client.get(f"{PAGE}?{MARCH}")
    assert len(response.context["table"].programmes) == 7
    assert len(seven) == len(two)  # continuous programmes read their places from their row


def _sheet(response, title):
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book[title].iter_rows(values_only=True)]


def test_the_export_gives_the_table_as_numbers(world, as_user, offer):
    response = as_user(world.user("manager_a")).get(f"{EXPORT}?{MARCH}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="indicateurs-offre-20260301-20260331.xlsx"'
    )
    rows = _sheet(response, "Indicateurs")
    assert rows[0][0].startswith("Indicateurs de l'offre d'insertion, tout le département")
    header = rows[2]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[3:]}
    assert list(by_name) == ["TAPAJ 82", "PLAINE Emploi"]
    plaine = by_name["PLAINE Emploi"]
    assert plaine["Opérateur"] == "Association partenaire"
    assert plaine["Prescriptions envoyées"] == 2
    assert (plaine["Réponses dans la période"], plaine["Dont acceptées"]) == (2, 1)
    assert plaine["Taux d'acceptation (%)"] == 50.0
    assert plaine["Délai médian jusqu'à l'entrée (jours)"] == 10
    assert plaine["Attente moyenne avant une place (jours)"] is None
    assert (plaine["Places occupées en fin de période"], plaine["Capacité"]) == (1, 4)
    assert plaine["Occupation (%)"] == 25.0
    assert plaine["Sorties positives (%)"] == 100.0
    assert (plaine["Objectif annuel"], plaine["Réalisé depuis le 1er janvier"]) == (20, 2)
    assert plaine["Part de l'objectif (%)"] == 10.0
    assert by_name["TAPAJ 82"]["Objectif annuel"] is None
    assert by_name["TAPAJ 82"]["Taux d'acceptation (%)"] == 0.0
    outcomes = _sheet(response, "Sorties")
    plaine_outcomes = next(row for row in outcomes if row[0] == "PLAINE Emploi")
    assert plaine_outcomes[3] == 1 and plaine_outcomes[-1] == 1  # one durable job, in all
    definitions = _sheet(response, "Définitions")
    assert len(definitions) == 1 + 9
    assert definitions[2][:2] == [
        "Taux d'acceptation des prescriptions",
        "programmes.acceptance_rate",
    ]


def test_the_operator_export_holds_its_programmes_only(world, as_user, offer):
    response = as_user(world.user("operator")).get(f"{EXPORT}?{MARCH}")
    names = [row[0] for row in _sheet(response, "Indicateurs")[3:]]
    assert names == ["PLAINE Emploi"]
