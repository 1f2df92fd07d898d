"""Reading the history CSV: the header checked once, each line parsed and validated alone.

A file that is not the expected format raises FormatRefused (the whole file is refused);
a line that is wrong raises LineRejected (that line only). Reasons never quote the line's
values: the report is printed and kept, and a CAF number or a birth date is personal data.
"""

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from relais.rsa.models import Contract, Exit, ReferentBody, Track

COLUMNS = [
    "caf_number",
    "birth_date",
    "record",
    "decided_on",
    "notified_on",
    "track",
    "referent_body",
    "kind",
    "signed_on",
    "starts_on",
    "ends_on",
    "exit_on",
    "exit_reason",
]
RECORDS = ("orientation", "contract", "exit")
CAF_NUMBER = re.compile(r"^[0-9]{7}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FRENCH_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


class FormatRefused(Exception):
    """The file as a whole is not what the import expects: nothing is written."""


class LineRejected(Exception):
    """One line is wrong: it is reported with its number, the others go on."""


@dataclass(frozen=True)
class Line:
    number: int
    caf_number: str
    birth_date: dt.date
    record: str
    values: dict
    # A digest of the line's normalised content: the same line twice is recognised.
    key: str


def rows(stream) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each data line of a binary stream; blank lines are skipped."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=";", strict=True)
    try:
        header = next(reader, None)
        _check_header(header)
        for fields in reader:
            if any(value.strip() for value in fields):
                yield reader.line_num, fields
    except UnicodeDecodeError as error:
        raise FormatRefused(
            "Le fichier n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 » et recommencez."
        ) from error
    except csv.Error as error:
        raise FormatRefused(
            f"Le fichier n'est pas un CSV lisible (ligne {reader.line_num}) : vérifiez qu'il "
            "s'agit bien de l'export de l'historique, au format décrit dans "
            "docs/formats/historique-parcours.md."
        ) from error


def _check_header(header: list[str] | None) -> None:
    if header is None:
        raise FormatRefused("Le fichier est vide : l'en-tête des colonnes est attendu.")
    names = [name.strip().lower() for name in header]
    if len(names) == 1 and ("," in names[0] or "\t" in names[0]):
        raise FormatRefused(
            "Les colonnes doivent être séparées par des points-virgules (;), pas par des "
            "virgules ni des tabulations."
        )
    if names != COLUMNS:
        missing = [name for name in COLUMNS if name not in names]
        unknown = [name for name in names if name not in COLUMNS]
        detail = "; ".join(
            part
            for part in (
                f"colonnes manquantes : {', '.join(missing)}" if missing else "",
                f"colonnes inconnues : {', '.join(unknown[:5])}" if unknown else "",
                "colonnes en double ou dans le désordre" if not missing and not unknown else "",
            )
            if part
        )
        raise FormatRefused(
            f"En-tête inattendu ({detail}). La première ligne doit être : {';'.join(COLUMNS)}"
        )


def parse(number: int, fields: list[str], today: dt.date) -> Line:
    if len(fields) != len(COLUMNS):
        raise LineRejected(f"{len(fields)} champs au lieu de {len(COLUMNS)}")
    row = {name: value.strip() for name, value in zip(COLUMNS, fields, strict=True)}
    if not CAF_NUMBER.match(row["caf_number"]):
        raise LineRejected("caf_number : le numéro allocataire compte 7 chiffres")
    birth_date = _date(row, "birth_date", required=True)
    record = row["record"].lower()
    if record not in RECORDS:
        raise LineRejected(f"record : valeur attendue parmi {', '.join(RECORDS)}")
    values = PARSERS[record](row, today)
    content = "|".join(
        [record, row["caf_number"], birth_date.isoformat()]
        + [f"{name}={_text(value)}" for name, value in sorted(values.items())]
    )
    key = hashlib.sha256(content.encode()).hexdigest()
    return Line(number, row["caf_number"], birth_date, record, values, key)


def _text(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def _date(row: dict, name: str, *, required: bool = False, today: dt.date | None = None):
    value = row[name]
    if not value:
        if required:
            raise LineRejected(f"{name} : date obligatoire pour ce type de ligne")
        return None
    try:
        if ISO_DATE.match(value):
            day = dt.date.fromisoformat(value)
        elif FRENCH_DATE.match(value):
            day = dt.datetime.strptime(value, "%d/%m/%Y").date()
        else:
            raise ValueError
    except ValueError:
        raise LineRejected(f"{name} : date invalide (jj/mm/aaaa ou aaaa-mm-jj)") from None
    if today is not None and day > today:
        raise LineRejected(f"{name} : la date ne peut pas être dans le futur")
    return day


def _code(row: dict, name: str, allowed) -> str:
    value = row[name].lower()
    if value not in allowed:
        raise LineRejected(f"{name} : code attendu parmi {', '.join(allowed)}")
    return value


def _orientation(row: dict, today: dt.date) -> dict:
    decided_on = _date(row, "decided_on", required=True, today=today)
    notified_on = _date(row, "notified_on", today=today)
    if notified_on and notified_on < decided_on:
        raise LineRejected("notified_on : la notification ne peut pas précéder la décision")
    return {
        "decided_on": decided_on,
        "notified_on": notified_on,
        "track": _code(row, "track", Track.values),
        "referent_body": _code(row, "referent_body", ReferentBody.values),
    }


def _contract(row: dict, today: dt.date) -> dict:
    kind = _code(row, "kind", Contract.Kind.values)
    starts_on = _date(row, "starts_on", required=True)
    ends_on = _date(row, "ends_on", required=True)
    signed_on = _date(row, "signed_on", today=today)
    if ends_on <= starts_on:
        raise LineRejected("ends_on : la fin du contrat doit être après son début")
    if signed_on is None and ends_on < today:
        raise LineRejected("signed_on : un contrat déjà échu doit avoir sa date de signature")
    return {"kind": kind, "signed_on": signed_on, "starts_on": starts_on, "ends_on": ends_on}


def _exit(row: dict, today: dt.date) -> dict:
    return {
        "exit_on": _date(row, "exit_on", required=True, today=today),
        "exit_reason": _code(row, "exit_reason", Exit.Reason.values),
    }


PARSERS = {"orientation": _orientation, "contract": _contract, "exit": _exit}
