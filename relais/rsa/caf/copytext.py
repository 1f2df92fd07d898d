"""New rows as PostgreSQL COPY data (text format), built fast: a first import makes millions.

Rows of one table carry the same attributes, so the columns are ordered once per batch —
the given values first (read with one itemgetter per row), then the defaults — and each
line is a join of converted values rather than a loop over the model's fields.
"""

import datetime as dt
import json
import operator
from collections import defaultdict

from django.db import connection, models
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.rsa.caf.plan import NewRow, PkText, pk_of
from relais.rsa.models import DutiesChange, RightStateChange

# Rows nothing else points at: the database numbers them itself (no key to fetch first).
KEYLESS = {RightStateChange, DutiesChange, Event, ChangeRecord}


def prepare_copy(model, rows: list) -> list[tuple[str, str]]:
    """[(COPY statement, data)] for new rows of one table; their keys are reserved first."""
    meta = model._meta
    keyed = model not in KEYLESS
    if keyed:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            for row, (key,) in zip(rows, cursor.fetchall(), strict=True):
                row.pk = key
    groups = defaultdict(list)
    for row in rows:
        groups[tuple(row.values)].append(row)
    # One group in practice: the planner gives a table's rows the same attributes.
    return [
        (_statement(model, names, keyed), _data(model, names, group, keyed))
        for names, group in groups.items()
    ]


def _layout(model, names: tuple, keyed: bool):
    """The columns in COPY order: key, given values, constant defaults, per-row defaults."""
    given = {name: None for name in names}
    constants, calls = [], []
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constants.append((field.column, now.isoformat()))  # one instant for the batch
        elif field.has_default() and callable(field.default):
            calls.append((field.column, field.default))  # uuid4: one per row
        else:
            default = field.get_default()
            is_json = isinstance(field, models.JSONField)
            constants.append((field.column, copy_text(json.dumps(default) if is_json else default)))
    fields = {field.attname: field for field in model._meta.concrete_fields}
    columns = [fields[name].column for name in names]
    is_json = [isinstance(fields[name], models.JSONField) for name in names]
    if keyed:
        columns.insert(0, model._meta.pk.column)
    columns += [column for column, _ in constants] + [column for column, _ in calls]
    return columns, is_json, "".join("\t" + text for _, text in constants), calls


def _statement(model, names: tuple, keyed: bool) -> str:
    quote = connection.ops.quote_name
    columns, *_rest = _layout(model, names, keyed)
    return f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"


def _data(model, names: tuple, rows: list, keyed: bool) -> str:
    _columns, is_json, suffix, calls = _layout(model, names, keyed)
    getter = operator.itemgetter(*names) if names else (lambda values: ())
    single = len(names) == 1
    any_json = any(is_json)
    lines = []
    for row in rows:
        values = getter(row.values)
        if single:
            values = (values,)
        if any_json:
            values = [json.dumps(v) if j else v for v, j in zip(values, is_json, strict=True)]
        line = "\t".join(map(copy_text, values))
        if keyed:
            line = f"{row.pk}\t{line}" if names else str(row.pk)
        line += suffix
        if calls:
            line += "".join("\t" + str(call()) for _column, call in calls)
        lines.append(line + "\n")
    return "".join(lines)


def copy_text(value) -> str:
    """A value in COPY's text format: \\N for NULL, backslash escapes for tab and newline."""
    kind = value.__class__
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return value
    if value is None:
        return "\\N"
    if kind is int:
        return str(value)
    if kind is bool:
        return "t" if value else "f"
    if kind is NewRow:
        return str(value.pk)
    if kind is PkText:
        return str(pk_of(value.ref))
    if kind is dt.date or kind is dt.datetime:
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)  # UUID
