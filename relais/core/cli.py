"""Small helpers shared by the management commands that print figures."""

import datetime as dt

from django.core.management.base import CommandError


def iso_date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"{option} « {value} » n'est pas une date : écrivez-la AAAA-MM-JJ, par exemple "
            "2026-01-31."
        ) from error


def rounded(value, mean_keys=frozenset({"mean"}), key=""):
    """Shares to 4 decimals, means to 2: the JSON stays readable and stable across runs."""
    if isinstance(value, dict):
        return {k: rounded(v, mean_keys, k) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 2 if key in mean_keys else 4)
    return value
