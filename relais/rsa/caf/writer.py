"""Write a batch's plan: new rows in bulk, parents before children, then the changed rows.

On PostgreSQL new rows take their keys from their sequences in one query per table and go
in with COPY (a first import writes millions of rows: COPY is several times faster than
INSERT, and builds no model instance). Elsewhere (the SQLite demo) bulk_create does the
same job. Either way a batch costs a few queries per table, never one per person.
"""

from collections import defaultdict

from django.db import connection, models

from relais.audit.models import ChangeRecord
from relais.people.models import Event, Household, Person
from relais.rsa.caf.changes import UPDATED_FILE_FIELDS
from relais.rsa.caf.copytext import prepare_copy
from relais.rsa.caf.persons import UPDATED_BENEFICIARY_FIELDS, UPDATED_PERSON_FIELDS
from relais.rsa.caf.plan import NewRow, PkText, Plan, pk_of
from relais.rsa.models import Beneficiary, DutiesChange, RightStateChange, RsaFile

INSERT_ORDER = [
    Household,
    RsaFile,
    Person,
    Beneficiary,
    RightStateChange,
    DutiesChange,
    Event,
    ChangeRecord,
]
UPDATES = [
    (RsaFile, UPDATED_FILE_FIELDS),
    (Person, UPDATED_PERSON_FIELDS),
    (Beneficiary, UPDATED_BENEFICIARY_FIELDS),
]
BATCH_SIZE = 1000
# bulk_update writes one CASE per field: smaller batches keep each statement reasonable.
UPDATE_BATCH_SIZE = 250


def write_plan(plan: Plan, copier=None) -> None:
    """Write the plan; on PostgreSQL with a copier, the new rows go in the background."""
    rows = defaultdict(list)
    for row in plan.new:
        rows[row.model].append(row)
    if connection.vendor == "postgresql":
        statements = [
            statement
            for model in INSERT_ORDER
            if rows[model]
            for statement in prepare_copy(model, rows[model])
        ]
        if copier is not None:
            copier.submit(statements)
        else:
            with connection.cursor() as cursor:
                for statement, data in statements:
                    with cursor.copy(statement) as copy:
                        copy.write(data)
    else:
        for model in INSERT_ORDER:
            if rows[model]:
                _bulk_create(model, rows[model])
    for instance, attname, ref in plan.links:
        setattr(instance, attname, ref.pk)
    if any(plan.changed.get(model) for model, _fields in UPDATES) and copier is not None:
        copier.wait()  # updated rows may point at rows of this batch
    for model, fields in UPDATES:
        if plan.changed.get(model):
            model.objects.bulk_update(plan.changed[model], fields, batch_size=UPDATE_BATCH_SIZE)


def _resolve(value):
    if isinstance(value, NewRow | models.Model):
        return value.pk
    if isinstance(value, PkText):
        return str(pk_of(value.ref))
    return value


def _bulk_create(model, rows: list) -> None:
    instances = [
        model(**{name: _resolve(value) for name, value in row.values.items()}) for row in rows
    ]
    model.objects.bulk_create(instances, batch_size=BATCH_SIZE)
    for row, instance in zip(rows, instances, strict=True):
        row.pk = instance.pk
