"""The history migration: what a file brings, its report, and the same file twice."""

import datetime as dt
from pathlib import Path

import pytest

from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.rsa.history import import_history
from relais.rsa.models import Contract, Exit, HistoryImport, Orientation
from tests.factories import PersonFactory

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "formats" / "historique-parcours.csv"
HEADER = (
    "caf_number;birth_date;record;decided_on;notified_on;track;referent_body;kind;signed_on;"
    "starts_on;ends_on;exit_on;exit_reason"
)
TODAY = dt.date(2026, 6, 1)


def write(tmp_path, *lines, name="reprise.csv", header=HEADER, encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes("\n".join([header, *lines]).encode(encoding) + b"\n")
    return path


def run(world, path, today=TODAY):
    return import_history(path, departement=world.mds_a.departement, today=today)


@pytest.fixture
def sample_persons(world):
    """The persons of the documented sample file (its third person is not in Relais)."""
    return (
        PersonFactory(
            caf_number="0912345", birth_date=dt.date(1979, 2, 14), commune=world.commune_a
        ),
        PersonFactory(
            caf_number="0923456", birth_date=dt.date(1990, 7, 1), commune=world.commune_a
        ),
    )


class TestSampleFile:
    def test_it_imports_the_documented_sample(self, world, sample_persons):
        report = run(world, SAMPLE)
        assert report["status"] == "done"
        assert report["error"] is None
        assert report["lines"] == {"read": 10, "imported": 8, "unchanged": 0, "rejected": 2}
        assert report["orientations"] == {"imported": 3, "unchanged": 0}
        assert report["contracts"] == {"imported": 4, "unchanged": 0}
        assert report["exits"] == {"imported": 1, "unchanged": 0}
        reason = "aucun dossier avec ce numéro allocataire et cette date de naissance"
        assert report["rejections"] == [
            {"line": 10, "reason": reason},
            {"line": 11, "reason": reason},
        ]
        assert report["file"]["name"] == "historique-parcours.csv"
        assert len(report["file"]["sha256"]) == 64

    def test_orientations_contracts_and_exits_land_in_the_right_files(self, world, sample_persons):
        first, second = sample_persons
        run(world, SAMPLE)
        orientations = list(second.orientations.order_by("decided_on"))
        assert [
            (o.decided_on, o.notified_on, o.track, o.referent_body, o.source) for o in orientations
        ] == [
            (
                dt.date(2023, 9, 12),
                dt.date(2023, 9, 15),
                "professional",
                "france_travail",
                "history",
            ),
            (dt.date(2025, 2, 3), dt.date(2025, 2, 5), "social", "departement", "history"),
        ]
        contracts = {c.kind: c for c in second.contracts.all()}
        assert contracts["ppae"].orientation == orientations[0]
        assert contracts["engagement"].orientation == orientations[1]
        assert (contracts["engagement"].status, contracts["engagement"].ended_on) == (
            "ended",
            dt.date(2025, 8, 31),
        )
        assert [(e.on, e.reason) for e in first.rsa_exits.all()] == [
            (dt.date(2022, 5, 31), "durable_job")
        ]
        assert first.contracts.filter(kind="cer", status="ended").count() == 2

    def test_each_person_gets_one_timeline_line_and_each_record_an_audit_entry(
        self, world, sample_persons
    ):
        first, second = sample_persons
        run(world, SAMPLE)
        assert Event.objects.get(person=first).summary == (
            "Reprise de l'historique du parcours : 1 orientation, 2 contrats, 1 sortie"
        )
        assert Event.objects.get(person=second).summary == (
            "Reprise de l'historique du parcours : 2 orientations, 2 contrats"
        )
        assert ChangeRecord.objects.count() == 8
        change = ChangeRecord.objects.get(model="rsa.Exit")
        assert change.changes["exit_reason"] == ["", "durable_job"]


class TestIdempotence:
    def test_the_same_file_twice_changes_nothing(self, world, sample_persons):
        run(world, SAMPLE)
        counts = (Orientation.objects.count(), Contract.objects.count(), Exit.objects.count())
        events, changes = Event.objects.count(), ChangeRecord.objects.count()
        report = run(world, SAMPLE)
        assert report["status"] == "already_imported"
        assert report["lines"] == {"read": 0, "imported": 0, "unchanged": 0, "rejected": 0}
        assert (
            Orientation.objects.count(),
            Contract.objects.count(),
            Exit.objects.count(),
        ) == counts
        assert (Event.objects.count(), ChangeRecord.objects.count()) == (events, changes)
        assert HistoryImport.objects.get().status == "done"

    def test_a_new_file_repeating_lines_only_adds_the_new_ones(
        self, world, sample_persons, tmp_path
    ):
        run(world, SAMPLE)
        # The same orientation written the French way, and one new exit.
        path = write(
            tmp_path,
            "0923456;01/07/1990;orientation;12/09/2023;15/09/2023;professional;france_travail;;;;;;",
            "0923456;1990-07-01;exit;;;;;;;;;2025-09-30;short_job",
        )
        report = run(world, path)
        assert report["lines"] == {"read": 2, "imported": 1, "unchanged": 1, "rejected": 0}
        assert report["orientations"] == {"imported": 0, "unchanged": 1}
        assert report["exits"] == {"imported": 1, "unchanged": 0}
        assert Orientation.objects.count() == 3  # the sample's three, no fourth

    def test_a_line_twice_in_one_file_is_written_once(self, world, sample_persons, tmp_path):
        line = "0912345;1979-02-14;exit;;;;;;;;;2022-05-31;durable_job"
        report = run(world, write(tmp_path, line, line))
        assert report["lines"]["imported"] == 1
        assert report["lines"]["unchanged"] == 1
        assert Exit.objects.count() == 1


class TestContractStatus:
    @pytest.mark.parametrize(
        ("signed_on", "starts_on", "ends_on", "status", "ended_on"),
        [
            ("2026-01-10", "2026-01-15", "2026-05-31", "ended", dt.date(2026, 5, 31)),
            ("2026-01-10", "2026-01-15", "2026-06-01", "active", None),
            ("2026-05-20", "2026-06-01", "2026-12-01", "active", None),
            ("2026-05-20", "2026-06-02", "2026-12-01", "signed", None),
            ("", "2026-06-02", "2026-12-01", "draft", None),
        ],
    )
    def test_the_status_follows_the_dates_on_the_import_day(
        self, world, sample_persons, tmp_path, signed_on, starts_on, ends_on, status, ended_on
    ):
        line = f"0912345;1979-02-14;contract;;;;;engagement;{signed_on};{starts_on};{ends_on};;"
        report = run(world, write(tmp_path, line))
        assert report["contracts"]["imported"] == 1
        contract = Contract.objects.get()
        assert (contract.status, contract.ended_on) == (status, ended_on)
        assert (
            contract.external_key == contract.external_key.lower()
            and len(contract.external_key) == 64
        )
