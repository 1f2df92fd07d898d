"""Changes of the territory's reference data."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from relais.territory.models import Commune, Departement, Epci

DATA_DIR = Path(__file__).resolve().parent / "data"

DEPARTEMENT_NAMES = {"82": "Tarn-et-Garonne"}


@dataclass
class TerritoryReport:
    communes_created: int = 0
    communes_updated: int = 0
    communes_unchanged: int = 0
    epcis_created: int = 0
    epcis_updated: int = 0
    epcis_unchanged: int = 0

    def count(self, kind: str, status: str) -> None:
        name = f"{kind}_{status}"
        setattr(self, name, getattr(self, name) + 1)


def _upsert(model, lookup: dict, values: dict) -> str:
    """Create or update a row; unchanged rows are not written. Returns what happened."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        model.objects.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=[*changed, "updated_at"])
    return "updated"


@transaction.atomic
def load_territory(*, code: str = "82", data_dir: Path = DATA_DIR) -> TerritoryReport:
    """Load the communes and EPCI of a département from the shipped CSV files (idempotent)."""
    departement, _ = Departement.objects.get_or_create(
        code=code, defaults={"name": DEPARTEMENT_NAMES.get(code, code)}
    )
    report = TerritoryReport()
    epcis = {}
    with open(data_dir / f"epci-{code}.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            status = _upsert(
                Epci,
                {"siren": row["epci_code"]},
                {
                    "departement": departement,
                    "name": row["epci_nom"],
                    "kind": row["type"],
                    "population": int(row["population_municipale"]),
                },
            )
            report.count("epcis", status)
            epcis[row["epci_code"]] = Epci.objects.get(siren=row["epci_code"])
    with open(data_dir / f"communes-{code}.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            status = _upsert(
                Commune,
                {"insee_code": row["code_insee"]},
                {
                    "departement": departement,
                    "name": row["nom"],
                    "postcodes": row["codes_postaux"].replace(" ", ""),
                    "population": int(row["population"]),
                    "latitude": Decimal(row["latitude"]),
                    "longitude": Decimal(row["longitude"]),
                    "epci": epcis.get(row["epci_code"]),
                },
            )
            report.count("communes", status)
    return report
