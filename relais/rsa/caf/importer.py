"""Import a whole flow in one transaction, batch by batch, and report what it changed.

A refused file (FlowRefused, raised by the reader at any point) rolls everything back; a
rejected household is only left out. Households whose content hash has not changed since
the last import are counted and skipped after one query per batch.
"""

import datetime as dt
import time
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from relais.rsa.caf.candidates import Candidate
from relais.rsa.caf.changes import plan_household
from relais.rsa.caf.checks import HouseholdRejected
from relais.rsa.caf.copier import BackgroundCopier
from relais.rsa.caf.matching import Conflict, load_known, match_household, stored_hashes
from relais.rsa.caf.parser import FlowReader
from relais.rsa.caf.plan import ImportContext, Plan
from relais.rsa.caf.progress import clear_progress, write_progress
from relais.rsa.caf.records import FlowHeader, FlowRefused
from relais.rsa.caf.report import Report, flow_summary
from relais.rsa.caf.validation import caf_number_from
from relais.rsa.caf.writer import write_plan
from relais.rsa.models import CafFlow, RsaFile
from relais.territory.models import Commune

HOUSEHOLDS_PER_BATCH = 1000


def import_file(flow: CafFlow, path: Path) -> Report:
    """Read `path` into the database for `flow`; the flow row gets its header and its report."""
    started = time.monotonic()
    report = Report()
    try:
        with FlowReader(path) as reader:
            _describe(flow, reader.header)
            with transaction.atomic():
                report = _FlowImport(flow, reader).run()
    except FlowRefused as refusal:
        report = Report(status="refused", error=str(refusal))
        report.households.read = getattr(refusal, "read", 0)
    finally:
        clear_progress(flow)
    report.flow = flow_summary(flow)
    report.duration_seconds = round(time.monotonic() - started, 3)
    return report


def _describe(flow: CafFlow, header: FlowHeader) -> None:
    flow.nature = header.nature
    flow.created_on = header.created_on
    flow.reference_date = header.reference_date


def _background_copier():
    """On PostgreSQL: COPY in a thread, foreign keys checked as rows arrive (in that thread)
    rather than all at the commit, which nothing could overlap."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return BackgroundCopier(connection.connection)


class _FlowImport:
    def __init__(self, flow: CafFlow, reader: FlowReader):
        self.flow, self.reader = flow, reader
        header = reader.header
        self.departement = flow.departement
        self.report = Report()
        self.context = ImportContext(
            flow=flow,
            departement=self.departement,
            communes=dict(
                Commune.objects.filter(departement=self.departement).values_list("insee_code", "id")
            ),
            created_on=header.created_on,
            reference_date=header.reference_date,
            occurred_at=timezone.make_aware(
                dt.datetime.combine(header.created_on, header.created_at)
            ),
            report=self.report,
        )
        # The CAF numbers met so far: a number twice in one flow is an anomaly, not an update.
        self.seen: set[int] = set()
        self.eager = False

    def run(self) -> Report:
        self.copier = _background_copier()
        batch = []
        try:
            for raw in self.reader.households():
                batch.append(raw)
                if len(batch) == HOUSEHOLDS_PER_BATCH:
                    self._batch(batch)
                    batch = []
            self._batch(batch)
            if self.copier is not None:
                self.copier.wait()
        except FlowRefused as refusal:
            # The read count survives the rollback, for the refusal's report.
            refusal.read = self.reader.read_count
            raise
        finally:
            if self.copier is not None:
                self.copier.close()
        return self.report

    def _batch(self, batch: list) -> None:
        if not batch:
            return
        self.report.households.read += len(batch)
        candidates = [item for item in map(self._candidate, batch) if item is not None]
        if self.eager:
            # Mostly new households lately (a first import): read and check them all now,
            # while the previous batch is still being written, before the queries below.
            for candidate in candidates:
                candidate.check(self.reader.header, self.departement.code)
        stored = stored_hashes(self.departement, [c.caf_number for c in candidates])
        households, refreshed = [], []
        for candidate in candidates:
            pk, content_hash, kept = stored.get(candidate.caf_number, (None, "", 0))
            if content_hash[:32] == candidate.quick:
                self._unchanged(candidate.item, kept)
            elif content_hash[32:] == candidate.slow():
                # Only what Relais does not read has changed: remember the new bytes' hash.
                self._unchanged(candidate.item, kept)
                refreshed.append(RsaFile(pk=pk, content_hash=candidate.quick + candidate.slow()))
            else:
                checked = candidate.check(self.reader.header, self.departement.code)
                if isinstance(checked, HouseholdRejected):
                    self._reject(candidate.raw(), checked)
                else:
                    households.append(checked)
        self.eager = len(households) * 2 > len(candidates)
        RsaFile.objects.bulk_update(refreshed, ["content_hash"], batch_size=1000)
        self._import(households)
        write_progress(
            self.flow,
            read=self.report.households.read,
            bytes_read=self.reader.bytes_read,
            size=self.reader.size,
        )

    def _unchanged(self, item, kept: int) -> None:
        self.report.households.unchanged += 1
        self.report.persons.unchanged += kept
        self.report.persons.skipped += max(0, item.person_count() - kept)

    def _candidate(self, item):
        """The household with its CAF number and bytes' hash, or None when rejected already."""
        try:
            caf_number = caf_number_from(item.caf_text())
        except HouseholdRejected as rejection:
            self._reject(item, rejection)
            return None
        if int(caf_number) in self.seen:
            self._reject(
                item,
                HouseholdRejected(
                    "Ce numéro allocataire figure déjà plus haut dans le flux : seul le premier "
                    "dossier est importé.",
                    caf_number,
                ),
            )
            return None
        self.seen.add(int(caf_number))
        return Candidate(item, caf_number, item.quick_hash())

    def _import(self, households: list) -> None:
        if not households:
            return
        if self.copier is not None:
            self.copier.wait()  # the matching must see the previous batch's rows
        known = load_known(self.departement, households)
        plan = Plan()
        for household in households:
            try:
                matches = match_household(household, known, self.flow)
            except Conflict as conflict:
                self.report.conflicts += 1
                conflict.caf_number = household.caf_number
                persons = len(household.persons) + household.skipped
                self._reject_position(household.position, persons, conflict)
                continue
            plan_household(
                plan,
                self.context,
                household,
                known.files.get(household.caf_number),
                known.households.get(household.caf_number),
                matches,
            )
        write_plan(plan, self.copier)

    def _reject(self, item, rejection: HouseholdRejected) -> None:
        persons = len(item.persons) if hasattr(item, "persons") else item.person_count()
        self._reject_position(item.position, persons, rejection)

    def _reject_position(self, position: int, persons: int, rejection: HouseholdRejected):
        self.report.reject(
            position=position,
            caf_number=rejection.caf_number,
            reason=rejection.reason,
            persons=persons,
        )
