"""Writing the history lines: persons matched, records created once, audit and timeline.

Lines are handled in batches (a few queries per batch, whatever its size): the persons of the
batch, the keys already imported, the orientations a contract may answer.
"""

import datetime as dt
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.audit.services import diff
from relais.people.models import Event, Person
from relais.rsa.history.reader import Line
from relais.rsa.models import Contract, Exit, Orientation

BATCH_SIZE = 500
NO_MATCH = "aucun dossier avec ce numéro allocataire et cette date de naissance"
SEVERAL = (
    "plusieurs dossiers avec ce numéro allocataire et cette date de naissance : "
    "rapprochez-les avant de reprendre l'historique"
)
MODELS = {"orientation": Orientation, "contract": Contract, "exit": Exit}
# Report key of each record type (plural, as in docs/formats/rapport-reprise-historique.md).
PLURALS = {"orientation": "orientations", "contract": "contracts", "exit": "exits"}
LABELS = {
    "orientation": ("orientation", "orientations"),
    "contract": ("contrat", "contrats"),
    "exit": ("sortie", "sorties"),
}


class Writer:
    """Collects a file's lines batch by batch and writes them in the caller's transaction."""

    def __init__(self, *, departement, ledger, user, today: dt.date, report: dict, reject):
        self.departement, self.ledger, self.user, self.today = departement, ledger, user, today
        self.report, self.reject = report, reject
        self.organisation = getattr(getattr(user, "membership", None), "organisation", None)
        self.batch: list[Line] = []
        self.touched: dict[int, Counter] = defaultdict(Counter)

    def add(self, line: Line) -> None:
        self.batch.append(line)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        persons = self._persons(batch)
        existing = self._existing_keys(batch, persons)
        new = defaultdict(list)
        for line in batch:
            matches = persons.get((line.caf_number, line.birth_date), [])
            if len(matches) != 1:
                self.reject(line.number, NO_MATCH if not matches else SEVERAL)
                continue
            counts = self.report[PLURALS[line.record]]
            if (line.record, matches[0], line.key) in existing:
                counts["unchanged"] += 1
                self.report["lines"]["unchanged"] += 1
                continue
            existing.add((line.record, matches[0], line.key))
            new[line.record].append((line, matches[0]))
        self.orientations = self._orientations(persons)
        # Orientations first: a contract of the same batch may answer one of them.
        created = [*self._create_orientations(new["orientation"])]
        created += self._create_contracts(new["contract"])
        created += self._create_exits(new["exit"])
        for record, person_id, _, _ in created:
            self.report[PLURALS[record]]["imported"] += 1
            self.touched[person_id][record] += 1
        self.report["lines"]["imported"] += len(created)
        ChangeRecord.objects.bulk_create(
            self._change(person_id, obj, values) for _, person_id, obj, values in created
        )

    def _persons(self, batch) -> dict:
        found = defaultdict(list)
        candidates = Person.objects.filter(
            departement=self.departement, caf_number__in={line.caf_number for line in batch}
        )
        for pk, caf_number, birth_date in candidates.values_list("pk", "caf_number", "birth_date"):
            found[(caf_number, birth_date)].append(pk)
        return found

    def _existing_keys(self, batch, persons) -> set:
        person_ids = {pk for pks in persons.values() for pk in pks}
        keys = {line.key for line in batch}
        existing = set()
        for record, model in MODELS.items():
            rows = model.objects.filter(person_id__in=person_ids, external_key__in=keys)
            existing.update(
                (record, pk, key) for pk, key in rows.values_list("person_id", "external_key")
            )
        return existing

    def _orientations(self, persons) -> dict:
        by_person = defaultdict(list)
        person_ids = {pk for pks in persons.values() for pk in pks}
        rows = Orientation.objects.filter(person_id__in=person_ids).order_by("decided_on", "id")
        for pk, person_id, decided_on in rows.values_list("pk", "person_id", "decided_on"):
            by_person[person_id].append((decided_on, pk))
        return by_person

    def _create_orientations(self, pending) -> list:
        objs = Orientation.objects.bulk_create(
            Orientation(
                person_id=person_id,
                source=Orientation.Source.HISTORY,
                external_key=line.key,
                **line.values,
            )
            for line, person_id in pending
        )
        for obj in objs:
            self.orientations[obj.person_id].append((obj.decided_on, obj.pk))
            self.orientations[obj.person_id].sort()
        return [
            ("orientation", o.person_id, o, line.values)
            for o, (line, _) in zip(objs, pending, strict=True)
        ]

    def _create_contracts(self, pending) -> list:
        values = [{**line.values, **self._contract_state(line.values)} for line, _ in pending]
        objs = Contract.objects.bulk_create(
            Contract(
                person_id=person_id,
                orientation_id=self._answered(person_id, fields),
                external_key=line.key,
                **fields,
            )
            for (line, person_id), fields in zip(pending, values, strict=True)
        )
        return [
            ("contract", c.person_id, c, fields) for c, fields in zip(objs, values, strict=True)
        ]

    def _create_exits(self, pending) -> list:
        objs = Exit.objects.bulk_create(
            Exit(
                person_id=person_id,
                on=line.values["exit_on"],
                reason=line.values["exit_reason"],
                external_key=line.key,
            )
            for line, person_id in pending
        )
        return [
            ("exit", e.person_id, e, line.values)
            for e, (line, _) in zip(objs, pending, strict=True)
        ]

    def _contract_state(self, values: dict) -> dict:
        """Ended once past its end, else running if signed (signed until it starts), else draft."""
        if values["ends_on"] < self.today:
            return {"status": Contract.Status.ENDED, "ended_on": values["ends_on"]}
        if values["signed_on"] is None:
            return {"status": Contract.Status.DRAFT}
        if values["starts_on"] > self.today:
            return {"status": Contract.Status.SIGNED}
        return {"status": Contract.Status.ACTIVE}

    def _answered(self, person_id: int, values: dict) -> int | None:
        """The orientation in force when the contract was signed (or began)."""
        on = values["signed_on"] or values["starts_on"]
        earlier = [
            pk for decided_on, pk in self.orientations.get(person_id, []) if decided_on <= on
        ]
        return earlier[-1] if earlier else None

    def _change(self, person_id: int, obj, values: dict) -> ChangeRecord:
        return ChangeRecord(
            user=self.user,
            organisation=self.organisation,
            person_id=person_id,
            model=obj._meta.label,
            object_id=str(obj.pk),
            changes=diff({}, {**values, "source": "reprise de l'historique"}),
        )

    def write_events(self) -> None:
        """One timeline line per person: what the history import brought to the file."""
        source_type = ContentType.objects.get_for_model(self.ledger)
        now = timezone.now()
        Event.objects.bulk_create(
            Event(
                person_id=person_id,
                kind=Event.Kind.RSA,
                occurred_at=now,
                actor=self.user,
                organisation=self.organisation,
                summary=f"Reprise de l'historique du parcours : {_summary(counts)}",
                data={"history_import": str(self.ledger.uuid), **counts},
                source_type=source_type,
                source_id=str(self.ledger.pk),
            )
            for person_id, counts in self.touched.items()
        )


def _summary(counts: Counter) -> str:
    parts = []
    for record in ("orientation", "contract", "exit"):
        if counts[record]:
            singular, plural = LABELS[record]
            parts.append(f"{counts[record]} {singular if counts[record] == 1 else plural}")
    return ", ".join(parts)
