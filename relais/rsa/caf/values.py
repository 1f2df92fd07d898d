"""Reading the flow's simple values (xsd:date, xsd:time, xsd:boolean) strictly.

`date.fromisoformat` is too lenient for a file we must check (it takes 20261124, or a week
date); these accept the schema's lexical forms only and return None for anything else.
"""

import datetime as dt
import re

# xsd:date: YYYY-MM-DD with an optional time zone, which a date of the flow does not need.
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?")
_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?")
_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
EARLIEST = dt.date(1880, 1, 1)


def parse_date(text: str | None) -> dt.date | None:
    match = _DATE.fullmatch(text or "")
    if match is None:
        return None
    try:
        value = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return value if value >= EARLIEST else None


def parse_time(text: str | None) -> dt.time | None:
    match = _TIME.fullmatch(text or "")
    if match is None:
        return None
    try:
        return dt.time(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_boolean(text: str | None) -> bool | None:
    return _BOOLEANS.get(text or "")
