"""`programme_indicators`: the figures per programme as text or one JSON object (format in
docs/formats/indicateurs-offre.md), and its French errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from relais.programmes.models import Status
from tests.factories import OrganisationFactory
from tests.programmes.helpers import make_programme
from tests.programmes.test_indicators import add, d
from tests.programmes.test_indicators_pages import build_offer

pytestmark = pytest.mark.django_db

MARCH = ["--from", "2026-03-01", "--to", "2026-03-31"]


@pytest.fixture
def offer(world):
    return build_offer(world)


def run(*args) -> str:
    out = io.StringIO()
    call_command("programme_indicators", *args, stdout=out)
    return out.getvalue()


def test_the_json_holds_every_programme_and_figure_with_stable_keys(world, offer):
    document = json.loads(run(*MARCH, "--json"))
    assert document["format_version"] == 1
    assert document["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert document["scope"] == {
        "departement": "82",
        "operator_id": None,
        "label": "tout le département",
    }
    assert list(document["indicators"]) == [
        "prescriptions_sent",
        "acceptance_rate",
        "entry_delay_days",
        "waiting_list_length",
        "mean_wait_days",
        "occupancy",
        "outcomes",
        "positive_exit_rate",
        "yearly_target",
    ]
    occupancy = document["indicators"]["occupancy"]
    assert occupancy["code"] == "programmes.occupancy" and occupancy["unit"] == "%"
    assert occupancy["action_sheets"] == ["7.1", "8.1", "8.2", "8.3", "8.4", "8.6"]
    assert [p["code"] for p in document["programmes"]] == ["tapaj", "plaine"]
    plaine = document["programmes"][1]
    assert (plaine["name"], plaine["operator"], plaine["action_sheet"]) == (
        "PLAINE Emploi",
        "Association partenaire",
        "8.2",
    )
    figures = plaine["figures"]
    assert figures["prescriptions_sent"] == 2
    assert figures["acceptance_rate"] == {"count": 2, "numerator": 1, "value": 0.5}
    assert figures["entry_delay_days"] == {"count": 1, "median": 10, "p90": 10}
    assert figures["waiting_list_length"] == {"count": 0, "mean_days_so_far": None}
    assert figures["mean_wait_days"] == {"count": 0, "mean": None}
    assert figures["occupancy"] == {"held": 1, "capacity": 4, "value": 0.25}
    assert figures["outcomes"]["count"] == 1
    assert figures["outcomes"]["by_outcome"]["durable_job"] == 1
    assert figures["positive_exit_rate"] == {"count": 1, "numerator": 1, "value": 1.0}
    assert figures["yearly_target"] == {
        "year": 2026,
        "from": "2026-01-01",
        "unit": "persons",
        "target": 20,
        "count": 2,
        "value": 0.1,
    }
    assert document["programmes"][0]["figures"]["yearly_target"] is None


def test_rates_and_means_are_rounded(world):
    programme = make_programme(world.partner, code="plaine", places=3)
    for accepted in (True, False, False):
        fields = {"accepted": d(3, 2)} if accepted else {}
        add(
            world,
            programme,
            status=Status.REFUSED if not accepted else Status.ACCEPTED,
            answered=d(3, 2),
            **fields,
        )
    add(world, programme, status=Status.WAITLISTED, waitlisted=d(3, 29))
    add(world, programme, status=Status.WAITLISTED, waitlisted=d(3, 30))
    add(world, programme, status=Status.WAITLISTED, waitlisted=d(3, 30))
    figures = json.loads(run(*MARCH, "--json"))["programmes"][0]["figures"]
    assert figures["acceptance_rate"]["value"] == 0.3333
    assert figures["occupancy"]["value"] == 0.3333
    assert figures["waiting_list_length"] == {"count": 3, "mean_days_so_far": 1.33}


def test_an_operator_and_programmes_narrow_the_table(world, offer):
    mine = json.loads(run(*MARCH, "--json", "--operator", str(world.partner.pk)))
    assert [p["code"] for p in mine["programmes"]] == ["plaine"]
    assert mine["scope"]["label"] == "Association partenaire"
    asked = json.loads(run(*MARCH, "--json", "--programme", "tapaj"))
    assert [p["code"] for p in asked["programmes"]] == ["tapaj"]


def test_the_text_reads_in_french(world, offer):
    text = run(*MARCH)
    assert (
        "Indicateurs de l'offre d'insertion, tout le département, du 01/03/2026 au 31/03/2026"
        in text
    )
    assert "PLAINE Emploi (plaine, fiche 8.2) — Association partenaire" in text
    assert "  Taux d'acceptation : 50,0 % (1 sur 2)" in text
    assert "  Objectif annuel : 2 personnes sur 20 en 2026 (10,0 %)" in text
    assert "  Situation à la sortie : Emploi durable 1" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "01/03/2026"], "n'est pas une date"),
        (["--from", "2026-03-31", "--to", "2026-03-01"], "--to doit être"),
        ([*MARCH, "--departement", "31"], "Département « 31 » inconnu"),
        ([*MARCH, "--operator", "999999"], "Aucune organisation n°999999"),
        ([*MARCH, "--programme", "inconnue"], "Action(s) inconnue(s)"),
    ],
)
def test_bad_options_are_refused_in_french(world, args, message):
    make_programme(OrganisationFactory(name="EPICE 82", kind="association"), code="tapaj")
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(*args)
