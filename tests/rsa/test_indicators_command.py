"""`manage.py rsa_indicators`: the --json keys (docs/formats/indicateurs-rsa.md), the table,
the scope, and clear French errors."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import PersonFactory
from tests.rsa.indicator_helpers import entry, exit_, orient

D = dt.date
INDICATOR_KEYS = {"code", "label", "unit", "definition", "target", "action_sheets"}
RATE_KEYS = INDICATOR_KEYS | {"count", "numerator", "value"}
DAYS_KEYS = INDICATOR_KEYS | {"count", "mean", "median"}
TRACK_KEYS = {"count", "numerator", "value"}


def run(*args) -> str:
    out = StringIO()
    call_command("rsa_indicators", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def dataset(world):
    """MDS A: delays 10 and 20 days, three exits (two positive); MDS B: a 50-day delay."""
    for days in (10, 20):
        person = PersonFactory(commune=world.commune_a)
        orient(person, D(2026, 3, 1) + dt.timedelta(days=days), entered=D(2026, 3, 1))
    for reason in ("durable_job", "training", "moved"):
        exit_(PersonFactory(commune=world.commune_a), D(2026, 3, 15), reason)
    far = PersonFactory(commune=world.commune_b)
    entry(far, D(2026, 1, 1))
    orient(far, D(2026, 2, 20))


def test_the_json_output_is_one_object_with_the_documented_keys(world, dataset):
    document = json.loads(run("--from", "2026-01-01", "--to", "2026-12-31", "--json"))
    assert set(document) == {"format_version", "period", "scope", "indicators"}
    assert document["format_version"] == 1
    assert document["period"] == {"from": "2026-01-01", "to": "2026-12-31"}
    assert document["scope"] == {
        "departement": "82",
        "organisation_id": None,
        "label": "tout le département",
    }
    indicators = document["indicators"]
    assert list(indicators) == [
        "orientation_delay_days",
        "orientation_to_contract_days",
        "contract_within_30_days_rate",
        "contractualisation_rate",
        "positive_exit_rate",
        "rsa_exit_by_work_or_training_rate",
    ]
    assert set(indicators["orientation_delay_days"]) == DAYS_KEYS | {"share_within_42_days"}
    assert set(indicators["orientation_to_contract_days"]) == DAYS_KEYS
    assert set(indicators["contract_within_30_days_rate"]) == RATE_KEYS | {"by_track"}
    assert set(indicators["contract_within_30_days_rate"]["by_track"]) == {
        "professional",
        "socio_professional",
        "social",
    }
    assert set(indicators["contractualisation_rate"]["by_track"]) == {
        "professional",
        "socio_professional",
        "social",
        "none",
    }
    for cell in indicators["contractualisation_rate"]["by_track"].values():
        assert set(cell) == TRACK_KEYS
    assert set(indicators["positive_exit_rate"]) == RATE_KEYS | {"by_reason"}
    assert set(indicators["positive_exit_rate"]["by_reason"]) == {
        "durable_job",
        "short_job",
        "training",
        "income",
        "moved",
        "death",
        "other",
    }
    assert set(indicators["rsa_exit_by_work_or_training_rate"]) == RATE_KEYS | {"without_exit"}
    assert indicators["orientation_delay_days"]["code"] == "rsa.orientation_delay_days"
    assert indicators["orientation_delay_days"]["action_sheets"] == ["4.1", "5.2"]


def test_the_json_values_are_rounded_and_follow_the_scope(world, dataset):
    whole = json.loads(run("--from", "2026-01-01", "--to", "2026-12-31", "--json"))
    delay = whole["indicators"]["orientation_delay_days"]
    # 10, 20 and 50 days: mean 26.67 (2 decimals), median 20, 2 of 3 within 42 → 0.6667.
    assert (delay["count"], delay["mean"], delay["median"]) == (3, 26.67, 20)
    assert delay["share_within_42_days"] == 0.6667
    exits = whole["indicators"]["positive_exit_rate"]
    assert (exits["count"], exits["numerator"], exits["value"]) == (3, 2, 0.6667)
    # Three orientations decided at least 30 days before the end, none followed by a contract.
    within = whole["indicators"]["contract_within_30_days_rate"]
    assert (within["count"], within["numerator"], within["value"]) == (3, 0, 0.0)
    assert whole["indicators"]["orientation_to_contract_days"]["mean"] is None

    mds_a = json.loads(
        run(
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--json",
            "--organisation",
            str(world.mds_a.pk),
        )
    )
    assert mds_a["scope"] == {
        "departement": "82",
        "organisation_id": world.mds_a.pk,
        "label": "MDS A",
    }
    delay = mds_a["indicators"]["orientation_delay_days"]
    assert (delay["count"], delay["mean"], delay["median"], delay["share_within_42_days"]) == (
        2,
        15.0,
        10,
        1.0,
    )


def test_the_table_shows_each_figure_with_its_label(world, dataset):
    text = run("--from", "2026-03-01", "--to", "2026-03-31", "--organisation", str(world.mds_a.pk))
    assert text.startswith("Indicateurs RSA, MDS A, du 01/03/2026 au 31/03/2026")
    assert "Part des sorties positives du parcours (positive_exit_rate)" in text
    assert "  Taux : 66,7 %" in text
    assert "  Moyenne : 15,0 jours" in text
    assert "    Professionnelle : 0 ; 0 ; pas de donnée" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "01/03/2026"),
            "--from « 01/03/2026 » n'est pas une date : écrivez-la AAAA-MM-JJ",
        ),
        (("--from", "2026-03-31", "--to", "2026-03-01"), "--to doit être le même jour que --from"),
        (("--departement", "99"), "Département « 99 » inconnu."),
        (("--organisation", "999999"), "Aucune organisation n°999999 dans le département"),
    ],
)
def test_wrong_arguments_say_what_to_do(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
