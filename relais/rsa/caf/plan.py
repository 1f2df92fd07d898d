"""What a batch of households will write, gathered before anything is written.

New rows are `NewRow`s (a model, its values by attribute name, a primary key once written),
not model instances: a first import creates millions of rows, and building a Django model
for each costs more than writing it. Changed rows are the model instances already loaded.
A value may point at a new row (`NewRow`) or at an instance; `writer` resolves them in
dependency order.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.rsa.caf.report import Report
from relais.rsa.models import CafFlow


class NewRow:
    __slots__ = ("model", "pk", "values")

    def __init__(self, model, values: dict):
        self.model = model
        self.pk = None
        self.values = values


class PkText:
    """A reference written as the text of its primary key (Event.source_id, object_id)."""

    __slots__ = ("ref",)

    def __init__(self, ref):
        self.ref = ref


def pk_of(ref):
    """The primary key of a row, new or loaded (None while a new row is not written)."""
    if isinstance(ref, NewRow | models.Model):
        return ref.pk
    return ref


@dataclass
class ImportContext:
    flow: CafFlow
    departement: object
    communes: dict  # INSEE code -> Commune id, for the département
    created_on: dt.date  # DTCREAFLUX: dates entries into rights and duties
    reference_date: dt.date  # DTREF: dates right states
    occurred_at: dt.datetime  # when the CAF created the flow: the timeline's date
    report: Report
    now: dt.datetime = field(default_factory=timezone.now)


@dataclass
class Plan:
    new: list = field(default_factory=list)  # NewRow, parents before children
    changed: dict = field(default_factory=dict)  # model -> [instance]
    # (instance, attribute, NewRow): a loaded row pointing at a row written in this batch.
    links: list = field(default_factory=list)

    def add(self, model, /, **values) -> NewRow:
        row = NewRow(model, values)
        self.new.append(row)
        return row

    def change(self, instance) -> None:
        self.changed.setdefault(type(instance), []).append(instance)

    def link(self, instance, attname: str, ref) -> None:
        if isinstance(ref, NewRow):
            setattr(instance, attname, None)
            self.links.append((instance, attname, ref))
        else:
            setattr(instance, attname, pk_of(ref))

    def event(self, context: ImportContext, person, summary: str, source) -> None:
        model = source.model if isinstance(source, NewRow) else type(source)
        self.add(
            Event,
            person_id=person,
            kind=Event.Kind.RSA,
            summary=summary[:300],
            occurred_at=context.occurred_at,
            data={},
            # get_for_model caches the rows itself.
            source_type_id=ContentType.objects.get_for_model(model).pk,
            source_id=PkText(source),
        )

    def record(self, person, source, changes: dict) -> None:
        if changes:
            model = source.model if isinstance(source, NewRow) else type(source)
            self.add(
                ChangeRecord,
                person_id=person,
                model=model._meta.label,
                object_id=PkText(source),
                changes=changes,
            )
