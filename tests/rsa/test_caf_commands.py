"""manage.py import_caf_flow, generate_caf_flow and purge_imports."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from relais.rsa.caf.storage import stored_path
from relais.rsa.models import CafFlow, RsaFile

# The fixture, imported for usefixtures: kept raw files go to the test's directory.
from tests.rsa.caf_helpers import (
    assert_schema_valid,
    household,
    imports_dir,  # noqa: F401
    write,
)

pytestmark = pytest.mark.usefixtures("imports_dir")

REPORT_KEYS = {
    "flow",
    "status",
    "error",
    "households",
    "persons",
    "new_entrants",
    "transfers_in",
    "transfers_out",
    "closures",
    "conflicts",
    "rejections",
    "duration_seconds",
}


def _json(*args) -> dict:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_import_prints_one_json_object_with_the_documented_keys(world, tmp_path):
    path = write(tmp_path, [household(1), household(2)], "flux-du-jour.xml")

    report = _json("import_caf_flow", str(path))

    assert set(report) == REPORT_KEYS
    assert set(report["flow"]) == {
        "uuid",
        "file_name",
        "sha256",
        "nature",
        "created_on",
        "reference_date",
    }
    assert report["flow"]["file_name"] == "flux-du-jour.xml"
    assert report["flow"]["created_on"] == "2026-03-02"
    assert report["status"] == "done"
    assert report["households"] == {
        "read": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert set(report["persons"]) == {"created", "updated", "unchanged", "rejected", "skipped"}
    assert CafFlow.objects.get().uuid.hex == report["flow"]["uuid"].replace("-", "")


def test_import_of_the_same_file_again_says_so_and_succeeds(world, tmp_path):
    path = write(tmp_path, [household(1)])
    call_command("import_caf_flow", str(path), stdout=io.StringIO())

    out = io.StringIO()
    call_command("import_caf_flow", str(path), stdout=out)

    assert "déjà importé" in out.getvalue()


def test_a_refused_file_exits_non_zero_with_its_reason_and_the_report(world, tmp_path):
    path = tmp_path / "pas-un-flux.xml"
    path.write_text("<Liste><Personne/></Liste>")
    out = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("import_caf_flow", str(path), "--json", stdout=out)

    assert refused.value.returncode == 1
    assert "La racine du fichier est « Liste »" in str(refused.value)
    report = json.loads(out.getvalue())
    assert set(report) == REPORT_KEYS
    assert report["status"] == "refused"
    assert report["error"] == str(refused.value).removeprefix("Fichier refusé : ")
    assert not RsaFile.objects.exists()


def test_the_text_report_lists_counts_and_rejections(world, tmp_path):
    path = write(tmp_path, [household(1), household(123456789)])
    out = io.StringIO()

    call_command("import_caf_flow", str(path), stdout=out)

    text = out.getvalue()
    assert text.startswith("Flux quotidien flux.xml (créé par la CAF le 02/03/2026, ")
    assert "Foyers : 2 lus, 1 créés, 0 mis à jour, 0 inchangés, 1 rejetés." in text
    assert "dossier n° 2 (numéro illisible) : Numéro allocataire (MATRICULE) de plus de 7" in text


def test_import_names_a_missing_file_or_departement(world, tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_caf_flow", str(tmp_path / "absent.xml"))
    path = write(tmp_path, [household(1)])
    with pytest.raises(CommandError, match="Département 974 inconnu"):
        call_command("import_caf_flow", str(path), "--departement", "974")


def test_generate_writes_a_schema_valid_flow_that_imports(world, tmp_path):
    out = tmp_path / "synthetique.xml"
    summary = _json(
        "generate_caf_flow",
        str(out),
        "--households",
        "40",
        "--seed",
        "3",
        "--created-on",
        "2026-03-02",
    )

    assert summary["households"] == 40
    assert_schema_valid(out)
    report = _json("import_caf_flow", str(out))
    assert report["households"]["created"] + report["households"]["rejected"] == 40
    assert report["households"]["rejected"] == 0


def test_generate_gzip_windows_1252(world, tmp_path):
    out = tmp_path / "flux.xml.gz"
    call_command(
        "generate_caf_flow",
        str(out),
        "--households",
        "5",
        "--gzip",
        "--encoding",
        "windows-1252",
        stdout=io.StringIO(),
    )
    assert out.read_bytes()[:2] == b"\x1f\x8b"
    assert _json("import_caf_flow", str(out))["households"]["created"] == 5


def test_purge_deletes_only_raw_files_past_their_retention_and_only_with_wet_run(world, tmp_path):
    call_command(
        "import_caf_flow", str(write(tmp_path, [household(1)], "a.xml")), stdout=io.StringIO()
    )
    call_command(
        "import_caf_flow", str(write(tmp_path, [household(2)], "b.xml")), stdout=io.StringIO()
    )
    old, recent = CafFlow.objects.order_by("pk")
    CafFlow.objects.filter(pk=old.pk).update(keep_until=dt.date(2020, 1, 1))
    assert stored_path(old.storage_name).exists()

    dry = _json("purge_imports")
    assert (dry["caf_flows"], dry["wet_run"]) == (1, False)
    assert stored_path(old.storage_name).exists()

    wet = _json("purge_imports", "--wet-run")
    assert wet["caf_flows"] == 1
    assert not stored_path(old.storage_name).exists()
    assert stored_path(recent.storage_name).exists()
    old.refresh_from_db()
    assert old.storage_name == ""
    assert _json("purge_imports", "--wet-run")["caf_flows"] == 0
