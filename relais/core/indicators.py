"""One registry of indicators: each figure has one definition, shown beside it everywhere.

Apps declare their indicators in <app>/indicators.py (imported at start-up by their
AppConfig); dashboards, exports and docs/indicators.md read this registry.
"""

import datetime as dt
import math
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps

from django.db import models


@dataclass(frozen=True)
class Scope:
    """Where a figure is computed: the département, optionally one organisation or site."""

    departement_id: int
    organisation_id: int | None = None
    site_id: int | None = None

    def filter(self, queryset, *, organisation="organisation_id", site="site_id"):
        if self.site_id is not None:
            return queryset.filter(**{site: self.site_id})
        if self.organisation_id is not None:
            return queryset.filter(**{organisation: self.organisation_id})
        return queryset


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def year_to(cls, end: dt.date) -> "Period":
        return cls(end - dt.timedelta(days=364), end)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    unit: str
    action_sheets: tuple[str, ...]
    compute: Callable  # (period, scope) -> value (number, dict or list of rows)
    target: str = ""
    group: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


_registry: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    _registry[indicator.code] = indicator
    return indicator


def indicators(group: str | None = None) -> list[Indicator]:
    found = [i for i in _registry.values() if group is None or i.group == group]
    return sorted(found, key=lambda i: i.code)


def get(code: str) -> Indicator:
    return _registry[code]


class DaysBetween(models.Func):
    """Whole days from a date to another (later minus earlier), on PostgreSQL and SQLite."""

    output_field = models.IntegerField()

    def __init__(self, later, earlier):
        super().__init__(later, earlier)

    def as_postgresql(self, compiler, connection, **extra):
        later, earlier = (compiler.compile(e) for e in self.get_source_expressions())
        return f"({later[0]} - {earlier[0]})", [*later[1], *earlier[1]]

    def as_sqlite(self, compiler, connection, **extra):
        later, earlier = (compiler.compile(e) for e in self.get_source_expressions())
        sql = f"CAST(julianday({later[0]}) - julianday({earlier[0]}) AS INTEGER)"
        return sql, [*later[1], *earlier[1]]


def percentile_from_histogram(histogram: dict[int, int], share: float) -> float | None:
    """The value below which `share` of the observations fall (nearest rank)."""
    total = sum(histogram.values())
    if total == 0:
        return None
    # Nearest rank: the smallest value with at least ceil(share × total) observations at or below.
    rank = max(1, math.ceil(round(share * total, 9)))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)


def flatten(value) -> list[tuple[str, object]]:
    """A figure as (label, number) lines, whatever its shape."""
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            for sub, number in flatten(item):
                lines.append((" ".join(filter(None, [_label(key), sub])), number))
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            label = str(item.get("label") or item.get("site") or "")
            number = item.get("value", item.get("days"))
            lines.append((label, number))
        return lines
    return [("", value)]


def _label(key) -> str:
    labels = {
        "count": "rendez-vous honorés (nombre)",
        "median": "médiane (jours)",
        "p90": "90e centile (jours)",
    }
    if isinstance(key, int):
        return f"sous {key} jours"
    return labels.get(key, str(key))


# While a dashboard is computed, figures that read the same rows share one query.
_memo: ContextVar[dict | None] = ContextVar("indicator_memo", default=None)


@contextmanager
def shared_queries():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def shared(function):
    """Memoise a (period, scope) helper inside `shared_queries()`; a plain call elsewhere."""

    @wraps(function)
    def wrapper(*args):
        memo = _memo.get()
        if memo is None:
            return function(*args)
        key = (function.__module__, function.__qualname__, args)
        if key not in memo:
            memo[key] = function(*args)
        return memo[key]

    return wrapper
