"""`aid_indicators`: the FARE82 figures as text or one JSON object (format in
docs/formats/indicateurs-fare82.md), and its French errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

import relais.aid.indicators  # noqa: F401 — registers the figures (until AidConfig.ready does)
from tests.aid.test_indicators import add_payments, build_march

pytestmark = pytest.mark.django_db

MARCH = ["--from", "2025-03-01", "--to", "2025-03-31"]


@pytest.fixture
def march(world):
    data = build_march(world)
    add_payments(world, data)
    return data


def run(*args) -> str:
    out = io.StringIO()
    call_command("aid_indicators", *args, stdout=out)
    return out.getvalue()


def test_the_json_holds_every_figure_with_stable_keys(world, march):
    document = json.loads(run(*MARCH, "--json"))
    assert document["format_version"] == 1
    assert document["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    assert document["scope"] == {
        "departement": "82",
        "organisation_id": None,
        "label": "tout le département",
    }
    assert list(document["indicators"]) == [
        "applications",
        "approval_rate",
        "amounts_granted",
        "decision_delay_days",
        "activity_after_6_months",
    ]
    rate = document["indicators"]["approval_rate"]
    assert (rate["code"], rate["unit"], rate["action_sheets"]) == (
        "aid.approval_rate",
        "%",
        ["7.1"],
    )
    assert document["categories"] == [
        {"code": "driving_licence", "label": "Permis de conduire ou BSR"},
        {"code": "meals", "label": "Frais de repas"},
        {"code": "vehicle_repair", "label": "Réparation d'un véhicule"},
    ]
    figures = document["figures"]
    assert figures["applications"] == {
        "count": 6,
        "by_category": {"driving_licence": 3, "meals": 0, "vehicle_repair": 3},
    }
    assert figures["approval_rate"]["value"] == 0.6
    assert figures["approval_rate"]["by_category"]["vehicle_repair"] == {
        "count": 3,
        "numerator": 1,
        "value": 0.3333,
    }
    assert figures["amounts_granted"]["total"] == 1800.01
    assert figures["amounts_granted"]["mean"] == 900.01
    assert figures["amounts_granted"]["by_category"]["meals"] == {
        "count": 0,
        "total": 0.0,
        "mean": None,
    }
    assert figures["decision_delay_days"] == {"count": 5, "median": 7, "p90": 20}
    assert figures["activity_after_6_months"] == {
        "persons": 5,
        "pending": 0,
        "unknown": 1,
        "count": 4,
        "numerator": 2,
        "value": 0.5,
    }


def test_an_mds_s_applications_only(world, march):
    document = json.loads(run(*MARCH, "--json", "--organisation", str(world.mds_a.pk)))
    assert document["scope"]["organisation_id"] == world.mds_a.pk
    assert document["scope"]["label"] == "MDS A"
    assert document["figures"]["applications"]["count"] == 5
    assert document["figures"]["approval_rate"]["value"] == 0.75


def test_the_text_says_the_figures_in_french(world, march):
    output = run(*MARCH).replace("\xa0", " ")
    assert output.startswith(
        "Indicateurs du FARE82, tout le département, du 01/03/2025 au 31/03/2025"
    )
    assert "  Taux d'accord : 60,0 %" in output
    assert "  Montant moyen accordé : 900,01 €" in output
    assert "  Toutes catégories : Demandes transmises 6 ; Demandes décidées 5" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "01/03/2025"], "--from « 01/03/2025 » n'est pas une date"),
        (["--from", "2025-03-31", "--to", "2025-03-01"], "--to doit être le même jour"),
        (["--departement", "31"], "Département « 31 » inconnu."),
        (["--organisation", "999999"], "Aucune organisation n°999999"),
    ],
)
def test_bad_arguments_are_refused_in_french(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
