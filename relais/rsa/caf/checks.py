"""What every check of a household shares: the rejection, and reading a text or a date."""

import datetime as dt

from relais.rsa.caf.values import parse_date


class HouseholdRejected(Exception):
    """A household left out of the import, with a French reason (never a name or a NIR)."""

    def __init__(self, reason: str, caf_number: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.caf_number = caf_number


def text_value(values: dict, tag: str, max_length: int, label: str, *, required=True) -> str:
    text = values.get(tag) or ""
    if required and not text:
        raise HouseholdRejected(f"{label[0].upper()}{label[1:]} ({tag}) absent.")
    if len(text) > max_length:
        raise HouseholdRejected(f"{label[0].upper()}{label[1:]} ({tag}) trop long.")
    return text


def date_value(values: dict, tag: str, label: str) -> dt.date:
    value = parse_date(values.get(tag))
    if value is None:
        raise HouseholdRejected(
            f"{label[0].upper()}{label[1:]} ({tag}) absente ou invalide (attendu : AAAA-MM-JJ)."
        )
    return value
