"""CAF flows: receive a file into the ledger, run its import, purge the kept raw files.

The import itself (one transaction per file) is `relais.rsa.caf.importer`; this module keeps
the ledger (`CafFlow`) right around it: one row per distinct file and département, a second
deposit of the same file changes nothing, a refused file may be deposited again.
"""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from relais.rsa.caf.importer import import_file
from relais.rsa.caf.records import FlowRefused
from relais.rsa.caf.report import Report, flow_summary
from relais.rsa.caf.storage import discard, file_chunks, keep_until, store_chunks, stored_path
from relais.rsa.models import CafFlow, HistoryImport
from relais.rsa.models.flows import ImportStatus

logger = logging.getLogger("relais.rsa.flows")


def receive_file(*, departement, chunks, file_name: str, user=None) -> tuple[CafFlow, bool]:
    """Keep the raw file and enter it in the ledger: (flow, True) when it is to be imported.

    (flow, False): this very file is already imported, or being imported. FlowRefused when
    the file is too large (nothing kept).
    """
    storage_name, sha256, size = store_chunks(chunks)
    fields = {
        "file_name": file_name[:200],
        "size": size,
        "storage_name": storage_name,
        "keep_until": keep_until(),
        "imported_by": user,
    }
    try:
        with transaction.atomic():
            flow = (
                CafFlow.objects.select_for_update()
                .filter(departement=departement, sha256=sha256)
                .first()
            )
            if flow is None:
                return CafFlow.objects.create(
                    departement=departement, sha256=sha256, **fields
                ), True
            if flow.status != ImportStatus.REFUSED and not _stalled(flow):
                discard(storage_name)
                return flow, False
            # Refused before (a département not set up, a bug fixed since…), or an import that
            # never finished (its worker stopped): try again.
            discard(flow.storage_name)
            _reset(flow, fields)
            return flow, True
    except IntegrityError:  # the same file deposited twice at the same moment
        discard(storage_name)
        return CafFlow.objects.get(departement=departement, sha256=sha256), False


# An import not finished after this long has lost its worker (the largest flows take minutes).
STALLED_AFTER = dt.timedelta(hours=12)


def _stalled(flow: CafFlow) -> bool:
    unfinished = flow.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    return unfinished and flow.created_at < timezone.now() - STALLED_AFTER


def _reset(flow: CafFlow, fields: dict) -> None:
    for name, value in fields.items():
        setattr(flow, name, value)
    flow.created_at = timezone.now()
    flow.status, flow.error, flow.report = ImportStatus.PENDING, "", {}
    flow.processed, flow.total, flow.finished_at = 0, None, None
    flow.save()


def run_flow_import(flow: CafFlow) -> Report:
    """Import a received flow. A flow runs once: a second call reports what it found."""
    claimed = CafFlow.objects.filter(pk=flow.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING
    )
    if not claimed:
        flow.refresh_from_db()
        return already_imported(flow)
    flow.status = ImportStatus.RUNNING
    try:
        report = import_file(flow, stored_path(flow.storage_name))
    except Exception as error:
        # The class only: a database error's text can quote a row of the file.
        logger.error("Import du flux CAF %s interrompu : %s", flow.pk, type(error).__name__)
        report = Report(
            flow=flow_summary(flow),
            status="refused",
            error="Erreur inattendue pendant l'import : rien n'a été importé. "
            "Signalez-le à l'équipe qui exploite Relais.",
        )
        _finish(flow, report)
        raise
    _finish(flow, report)
    return report


def _finish(flow: CafFlow, report: Report) -> None:
    flow.status = ImportStatus.DONE if report.status == "done" else ImportStatus.REFUSED
    flow.error = report.error
    flow.report = report.as_dict()
    flow.processed = flow.total = report.households.read
    flow.finished_at = timezone.now()
    flow.save()


def already_imported(flow: CafFlow) -> Report:
    return Report(flow=flow_summary(flow), status="already_imported")


def import_path(path, *, departement, user=None) -> Report:
    """Receive and import a file of the server's disk (manage.py import_caf_flow)."""
    try:
        flow, is_new = receive_file(
            departement=departement, chunks=file_chunks(path), file_name=path.name, user=user
        )
    except FlowRefused as refusal:
        return Report(flow={"file_name": path.name}, status="refused", error=str(refusal))
    if not is_new:
        return already_imported(flow)
    return run_flow_import(flow)


def receive_upload(*, user, uploaded) -> tuple[CafFlow, bool]:
    """Receive a file from the upload screen; its import runs as a background task."""
    from relais.rsa.tasks import import_caf_flow

    departement = user.membership.organisation.departement
    flow, is_new = receive_file(
        departement=departement, chunks=uploaded.chunks(), file_name=uploaded.name, user=user
    )
    if is_new:
        transaction.on_commit(lambda: import_caf_flow.enqueue(flow.pk))
    return flow, is_new


def purge_imports(*, wet_run: bool, today=None) -> dict:
    """Delete the kept raw files past their retention date; the ledger rows stay."""
    today = today or timezone.localdate()
    counts = {}
    for key, model in (("caf_flows", CafFlow), ("history_imports", HistoryImport)):
        due = model.objects.filter(keep_until__lt=today).exclude(storage_name="")
        counts[key] = due.count()
        if wet_run:
            for row in due.only("pk", "storage_name"):
                discard(row.storage_name)
                model.objects.filter(pk=row.pk).update(storage_name="")
    return counts
