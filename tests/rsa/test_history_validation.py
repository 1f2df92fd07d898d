"""The history migration's validation: files refused whole, lines rejected alone, the command."""

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from relais.rsa.history import MAX_LISTED_REJECTIONS
from relais.rsa.models import Contract, Exit, HistoryImport, Orientation
from tests.factories import DepartementFactory, PersonFactory
from tests.rsa.test_history import HEADER, run, write

DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats"
GOOD = "0912345;1979-02-14;orientation;2025-03-03;2025-03-05;social;departement;;;;;;"


@pytest.fixture
def person(world):
    return PersonFactory(
        caf_number="0912345", birth_date=dt.date(1979, 2, 14), commune=world.commune_a
    )


def _nothing_written():
    return not (Orientation.objects.exists() or Contract.objects.exists() or Exit.objects.exists())


class TestRefusedFiles:
    @pytest.mark.parametrize(
        ("content", "reason"),
        [
            (b"", "Le fichier est vide"),
            (HEADER.replace(";", ",").encode() + b"\n", "séparées par des points-virgules"),
            (
                HEADER.replace(";exit_reason", "").encode() + b"\n",
                "colonnes manquantes : exit_reason",
            ),
            ((HEADER + ";commentaire").encode() + b"\n", "colonnes inconnues : commentaire"),
            (
                HEADER.replace("decided_on;notified_on", "notified_on;decided_on").encode() + b"\n",
                "colonnes en double ou dans le désordre",
            ),
            (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "pas encodé en UTF-8"),
            (
                "nom;prénom\nDUPONT;Jean\n".encode(),
                "En-tête inattendu (colonnes manquantes : caf_number",
            ),
            (
                f"{HEADER}\n{GOOD}\n".encode() + b"0912345;1979-02-14;exit;\xe9\n",
                "pas encodé en UTF-8",
            ),
            (
                f'{HEADER}\n{GOOD}\n"0912345;1979-02-14;exit\n'.encode(),
                "pas un CSV lisible (ligne 3)",
            ),
        ],
    )
    def test_a_file_not_in_the_format_is_refused_whole_with_its_reason(
        self, world, person, tmp_path, content, reason
    ):
        path = tmp_path / "reprise.csv"
        path.write_bytes(content)
        report = run(world, path)
        assert report["status"] == "refused"
        assert reason in report["error"]
        assert report["lines"] == {"read": 0, "imported": 0, "unchanged": 0, "rejected": 0}
        assert report["rejections"] == []
        assert _nothing_written()
        ledger = HistoryImport.objects.get()
        assert (ledger.status, ledger.error) == ("refused", report["error"])

    def test_a_refused_file_is_examined_again_when_given_again(self, world, person, tmp_path):
        path = write(tmp_path, GOOD, header=HEADER.replace(";", ","))
        run(world, path)
        assert run(world, path)["status"] == "refused"
        assert HistoryImport.objects.count() == 1

    def test_a_bom_is_welcome(self, world, person, tmp_path):
        path = tmp_path / "reprise.csv"
        path.write_bytes(b"\xef\xbb\xbf" + f"{HEADER}\r\n{GOOD}\r\n".encode())
        assert run(world, path)["lines"]["imported"] == 1


class TestRejectedLines:
    @pytest.mark.parametrize(
        ("line", "reason"),
        [
            ("0912345;1979-02-14;exit;;;;;;;;;2025-01-01", "12 champs au lieu de 13"),
            (
                "912345;1979-02-14;exit;;;;;;;;;2025-01-01;moved",
                "caf_number : le numéro allocataire compte 7 chiffres",
            ),
            ("0912345;14-02-1979;exit;;;;;;;;;2025-01-01;moved", "birth_date : date invalide"),
            (
                "0912345;1979-02-14;sanction;;;;;;;;;;",
                "record : valeur attendue parmi orientation, contract, exit",
            ),
            (
                "0912345;1979-02-14;orientation;;;social;departement;;;;;;",
                "decided_on : date obligatoire",
            ),
            (
                "0912345;1979-02-14;orientation;31/02/2025;;social;departement;;;;;;",
                "decided_on : date invalide",
            ),
            (
                "0912345;1979-02-14;orientation;2026-06-02;;social;departement;;;;;;",
                "decided_on : la date ne peut pas être dans le futur",
            ),
            (
                "0912345;1979-02-14;orientation;2025-03-05;2025-03-04;social;departement;;;;;;",
                "notified_on : la notification ne peut pas précéder la décision",
            ),
            (
                "0912345;1979-02-14;orientation;2025-03-05;;emploi;departement;;;;;;",
                "track : code attendu parmi professional, socio_professional, social",
            ),
            (
                "0912345;1979-02-14;orientation;2025-03-05;;social;cd82;;;;;;",
                "referent_body : code attendu parmi",
            ),
            (
                "0912345;1979-02-14;contract;;;;;cej;2025-01-01;2025-01-01;2025-06-30;;",
                "kind : code attendu parmi cer, ppae, engagement",
            ),
            (
                "0912345;1979-02-14;contract;;;;;cer;2020-01-01;2020-01-01;2020-01-01;;",
                "ends_on : la fin du contrat doit être après son début",
            ),
            (
                "0912345;1979-02-14;contract;;;;;cer;;2020-01-01;2020-06-30;;",
                "signed_on : un contrat déjà échu doit avoir sa date de signature",
            ),
            (
                "0912345;1979-02-14;contract;;;;;cer;2026-06-02;2026-06-02;2026-12-31;;",
                "signed_on : la date ne peut pas être dans le futur",
            ),
            (
                "0912345;1979-02-14;exit;;;;;;;;;2025-01-01;retraite",
                "exit_reason : code attendu parmi durable_job",
            ),
            (
                "0912345;1979-02-15;exit;;;;;;;;;2025-01-01;moved",
                "aucun dossier avec ce numéro allocataire et cette date de naissance",
            ),
        ],
    )
    def test_a_wrong_line_is_rejected_with_its_number_and_the_others_imported(
        self, world, person, tmp_path, line, reason
    ):
        later = GOOD.replace("2025-03-03;2025-03-05", "2025-04-01;2025-04-02")
        report = run(world, write(tmp_path, GOOD, line, later))
        assert report["status"] == "done"
        assert report["lines"] == {"read": 3, "imported": 2, "unchanged": 0, "rejected": 1}
        assert [r["line"] for r in report["rejections"]] == [3]
        assert report["rejections"][0]["reason"].startswith(reason)
        assert Orientation.objects.count() == 2

    def test_a_reason_never_quotes_the_personal_values(self, world, person, tmp_path):
        report = run(world, write(tmp_path, "0912345;14-02-1979;exit;;;;;;;;;2025-01-01;moved"))
        assert "0912345" not in json.dumps(report) and "14-02-1979" not in json.dumps(report)

    def test_two_files_for_one_caf_number_and_birth_date_are_not_guessed(
        self, world, person, tmp_path
    ):
        PersonFactory(
            caf_number="0912345", birth_date=dt.date(1979, 2, 14), commune=world.commune_a
        )
        report = run(world, write(tmp_path, GOOD))
        assert report["rejections"][0]["reason"].startswith("plusieurs dossiers")
        assert _nothing_written()

    def test_a_person_of_another_departement_is_not_matched(self, world, tmp_path):
        other = DepartementFactory(code="31", name="Haute-Garonne")
        PersonFactory(departement=other, caf_number="0912345", birth_date=dt.date(1979, 2, 14))
        assert run(world, write(tmp_path, GOOD))["lines"]["rejected"] == 1

    def test_the_report_lists_the_first_thousand_rejections_and_counts_them_all(
        self, world, person, tmp_path
    ):
        bad = "0912345;1979-02-14;exit;;;;;;;;;2025-01-01;retraite"
        report = run(world, write(tmp_path, *([bad] * (MAX_LISTED_REJECTIONS + 5))))
        assert report["lines"]["rejected"] == MAX_LISTED_REJECTIONS + 5
        assert len(report["rejections"]) == MAX_LISTED_REJECTIONS
        assert report["rejections"][-1]["line"] == MAX_LISTED_REJECTIONS + 1


class TestCommand:
    def call(self, *args):
        out, err = io.StringIO(), io.StringIO()
        call_command("import_pathway_history", *args, "--departement", "82", stdout=out, stderr=err)
        return out.getvalue()

    def test_json_is_one_object_with_the_documented_keys(self, world, person, tmp_path):
        output = self.call(str(write(tmp_path, GOOD)), "--json")
        report = json.loads(output)
        assert output.count("\n") <= 1
        documented = set(
            re.findall(
                r"^\| `([a-z0-9_.\[\]]+)`",
                (DOCS / "rapport-reprise-historique.md").read_text(),
                re.M,
            )
        )
        keys = {
            *report,
            *(f"file.{k}" for k in report["file"]),
            *(f"lines.{k}" for k in report["lines"]),
        }
        assert keys <= documented
        assert {"rejections[].line", "rejections[].reason"} <= documented
        assert report["status"] == "done"

    def test_update_contracts_json_keys_are_documented(self, db):
        out = io.StringIO()
        call_command("update_contracts", "--json", stdout=out)
        documented = set(
            re.findall(
                r"^\| `([a-z_]+)`", (DOCS / "rapport-reprise-historique.md").read_text(), re.M
            )
        )
        assert set(json.loads(out.getvalue())) <= documented

    def test_a_refused_file_exits_with_an_error(self, world, person, tmp_path):
        path = write(tmp_path, GOOD, header="numero;date")
        with pytest.raises(CommandError, match="Fichier refusé : En-tête inattendu") as error:
            self.call(str(path), "--json")
        assert error.value.returncode == 1

    def test_the_french_summary_and_a_missing_file(self, world, person, tmp_path):
        path = write(tmp_path, GOOD, "0912345;1979-02-14;exit;;;;;;;;;2025-01-01;retraite")
        text = self.call(str(path))
        assert "2 lignes lues, 1 importées, 0 déjà présentes, 1 rejetées" in text
        assert "Ligne 3 rejetée : exit_reason" in text
        assert "déjà importé, rien n'a changé" in self.call(str(path))
        with pytest.raises(CommandError, match="Fichier introuvable"):
            self.call(str(tmp_path / "absent.csv"))
