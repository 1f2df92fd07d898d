"""The history migration: orientations, contracts and exits from the previous system.

`import_history(path, departement=…)` reads one CSV (docs/formats/historique-parcours.md)
and returns the report (docs/formats/rapport-reprise-historique.md). Like the CAF import:
- streamed, batch by batch; atomic per file;
- a checksum ledger (HistoryImport): the same file twice changes nothing;
- a file that is not the expected format is refused as a whole, with the reason;
- a wrong line is rejected with its number and reason, the others are imported;
- each line has a key (digest of its content): a line repeated in another file is unchanged.
"""

import hashlib
import time
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from relais.rsa.history.importer import Writer
from relais.rsa.history.reader import FormatRefused, LineRejected, parse, rows
from relais.rsa.models import HistoryImport
from relais.rsa.models.flows import ImportStatus

__all__ = ["MAX_LISTED_REJECTIONS", "import_history"]

# The report lists this many rejected lines at most; lines.rejected counts them all.
MAX_LISTED_REJECTIONS = 1000
CHUNK = 1024 * 1024


def _empty_report(name: str, sha256: str) -> dict:
    return {
        "file": {"name": name, "sha256": sha256},
        "status": "",
        "error": None,
        "lines": {"read": 0, "imported": 0, "unchanged": 0, "rejected": 0},
        "orientations": {"imported": 0, "unchanged": 0},
        "contracts": {"imported": 0, "unchanged": 0},
        "exits": {"imported": 0, "unchanged": 0},
        "rejections": [],
        "duration_seconds": 0.0,
    }


def _checksum(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def import_history(path, *, departement, user=None, today=None) -> dict:
    """Import one file; returns its report (status done, refused or already_imported)."""
    started = time.monotonic()
    path = Path(path)
    sha256, size = _checksum(path)
    report = _empty_report(path.name, sha256)
    with transaction.atomic():
        ledger = (
            HistoryImport.objects.select_for_update()
            .filter(departement=departement, sha256=sha256)
            .first()
        )
        if ledger is None:
            ledger = _new_ledger(departement, sha256, path.name, size, user)
        if ledger is None or ledger.status == ImportStatus.DONE:
            report["status"] = "already_imported"
            return _timed(report, started)
        _run(path, ledger, report, user=user, today=today or timezone.localdate())
        ledger.report = _timed(report, started)
        ledger.save()
    return report


def _new_ledger(departement, sha256, name, size, user) -> HistoryImport | None:
    """The ledger row, or None when the same file is being imported at this very moment."""
    try:
        with transaction.atomic():
            return HistoryImport.objects.create(
                departement=departement,
                sha256=sha256,
                file_name=name[:200],
                size=size,
                status=ImportStatus.RUNNING,
                imported_by=user,
            )
    except IntegrityError:
        return None


def _run(path: Path, ledger: HistoryImport, report: dict, *, user, today) -> None:
    def reject(number: int, reason: str) -> None:
        report["lines"]["rejected"] += 1
        if len(report["rejections"]) < MAX_LISTED_REJECTIONS:
            report["rejections"].append({"line": number, "reason": reason})

    try:
        # A savepoint: a refused file leaves no line behind, only the ledger's refusal.
        with transaction.atomic():
            writer = Writer(
                departement=ledger.departement,
                ledger=ledger,
                user=user,
                today=today,
                report=report,
                reject=reject,
            )
            with open(path, "rb") as stream:
                for number, fields in rows(stream):
                    report["lines"]["read"] += 1
                    try:
                        writer.add(parse(number, fields, today))
                    except LineRejected as error:
                        reject(number, str(error))
            writer.flush()
            writer.write_events()
    except (FormatRefused, IntegrityError) as error:
        _refuse(report, ledger, _reason(error))
        return
    report["rejections"].sort(key=lambda item: item["line"])
    report["status"] = "done"
    ledger.status, ledger.error = ImportStatus.DONE, ""
    ledger.processed = ledger.total = report["lines"]["read"]
    ledger.finished_at = timezone.now()


def _reason(error: Exception) -> str:
    if isinstance(error, IntegrityError):
        # Two imports wrote the same line at once: the second retries and finds it unchanged.
        return "Un autre import écrivait les mêmes lignes au même moment : relancez cet import."
    return str(error)


def _refuse(report: dict, ledger: HistoryImport, reason: str) -> None:
    fresh = _empty_report(report["file"]["name"], report["file"]["sha256"])
    report.update(fresh, status="refused", error=reason)
    ledger.status, ledger.error = ImportStatus.REFUSED, reason
    ledger.processed, ledger.total = 0, None
    ledger.finished_at = timezone.now()


def _timed(report: dict, started: float) -> dict:
    report["duration_seconds"] = round(time.monotonic() - started, 3)
    return report
