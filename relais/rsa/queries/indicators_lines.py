"""The drill-down of the RSA indicators: the rows each figure counts, ordered, paged by the caller.

Only the lines of the page shown become rows with their person: a figure of 10 000 lines
costs one page of work. The population is read once, as the ordered primary keys of its lines
(the paginator counts them), then the page's lines by primary key; a COUNT followed by a
sorted slice read the whole population twice.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from relais.rsa.models import Exit
from relais.rsa.queries.indicators_populations import (
    DELAY_TARGET_DAYS,
    closures,
    contract_window_orientations,
    delay_orientations,
    exits,
    first_contracts,
    subject_persons,
)


@dataclass(frozen=True)
class Lines:
    items: Sequence  # KeyedLines or a list, ordered, sliced by the paginator
    rows: Callable[[Sequence], list[dict]]  # the page's items → {"person", <columns>…}


class KeyedLines(Sequence):
    """An ordered queryset as a sequence: its length and slices from its ordered keys."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset
        self._keys = None

    def keys(self) -> list:
        if self._keys is None:
            self._keys = list(self.queryset.values_list("pk", flat=True))
        return self._keys

    def __len__(self) -> int:
        return len(self.keys())

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self.queryset.get(pk=self.keys()[index])
        keys = self.keys()[index]
        found = self.queryset.in_bulk(keys) if keys else {}
        return [found[key] for key in keys]

    def __iter__(self):
        return iter(self.queryset)


def _lines(queryset, fields, extra=None) -> Lines:
    def rows(items):
        found = []
        for item in items:
            row = {"person": item.person, **{name: getattr(item, name) for name in fields}}
            found.append({**row, **(extra(row) if extra else {})})
        return found

    return Lines(KeyedLines(queryset.select_related("person")), rows)


def _within_target(row) -> dict:
    return {"within": row["delay"] <= DELAY_TARGET_DAYS}


def _positive(row) -> dict:
    return {"positive": row["reason"] in Exit.POSITIVE}


def delay_lines(period, persons) -> Lines:
    queryset = delay_orientations(period, persons).order_by("decided_on", "id")
    return _lines(queryset, ["entered_on", "decided_on", "delay"], _within_target)


def first_contract_lines(period, persons) -> Lines:
    queryset = first_contracts(period, persons).order_by("signed_on", "id")
    return _lines(queryset, ["oriented_on", "signed_on", "delay"])


def contract_window_lines(period, persons) -> Lines:
    queryset = contract_window_orientations(period, persons).order_by("decided_on", "id")
    return _lines(queryset, ["track", "decided_on", "contract_signed_on", "gap", "within"])


def subject_lines(period, persons) -> Lines:
    # One line per person (their latest rights-and-duties change), in the persons' order.
    order = ("person__birth_name", "person__first_names", "person_id")
    return _lines(subject_persons(period, persons).order_by(*order), ["track", "has_contract"])


def exit_lines(period, persons) -> Lines:
    return _lines(exits(period, persons).order_by("on", "id"), ["on", "reason"], _positive)


def closure_lines(period, persons) -> Lines:
    items = sorted(closures(period, persons), key=lambda r: (r["closed_on"], r["person_id"]))

    def rows(page):
        found = persons.in_bulk([row["person_id"] for row in page])
        return [{**row, "person": found[row["person_id"]]} for row in page]

    return Lines(items, rows)
