"""Small CAF flows written by the tests themselves, and the XSD check where the schema is."""

import datetime as dt
import os
from pathlib import Path

import pytest
from lxml import etree

from relais.rsa.caf.flowxml import write_flow
from relais.rsa.caf.specs import HouseholdSpec, PersonSpec
from relais.rsa.services.flows import import_path

XSD = Path(os.environ.get("RELAIS_CAF_XSD", "/work/shared/formats/caf/vrsb0801.xsd"))
DAY = dt.date(2026, 3, 2)  # a Monday
_schema = None


@pytest.fixture
def imports_dir(settings, tmp_path):
    """Kept raw files and progress files go to the test's own directory."""
    settings.RELAIS_IMPORTS_DIR = tmp_path / "imports"
    return settings.RELAIS_IMPORTS_DIR


def person(name="DUPONT", first="Marie", born=dt.date(1985, 4, 2), **fields) -> PersonSpec:
    return PersonSpec(birth_name=name, first_name=first, birth_date=born, **fields)


def household(caf_number=1234567, persons=None, **fields) -> HouseholdSpec:
    return HouseholdSpec(
        caf_number=caf_number,
        application_number=f"{int(caf_number) % 10_000_000:07d}0001",
        application_date=dt.date(2025, 11, 3),
        persons=persons if persons is not None else [person(nir=nir_for(caf_number, 0))],
        **fields,
    )


def nir_for(caf_number, rank: int, sex: str = "2") -> str:
    """A NIR-shaped value with a valid key, unique per CAF number (last five digits) and rank;
    born in "département 00", which no real NIR has."""
    body = f"{sex}850400{int(caf_number) % 100_000:05d}{rank}"
    return f"{body}{97 - int(body) % 97:02d}"


def write(directory: Path, households, name="flux.xml", *, created_on=DAY, **options) -> Path:
    path = Path(directory) / name
    write_flow(path, households, created_on=created_on, **options)
    return path


def run(path: Path, departement):
    return import_path(path, departement=departement)


def assert_schema_valid(path: Path) -> None:
    """The test file is what the CNAF schema allows (skipped where the schema is absent)."""
    global _schema
    if not XSD.exists():
        return
    if _schema is None:
        _schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.parse(str(path))
    assert _schema.validate(document), _schema.error_log.last_error


def couple(caf_number=1234567, **fields):
    """A household of three: the applicant, her partner (not subject), their child (not stored)."""
    return household(
        caf_number,
        persons=[
            person(
                "DUPONT",
                "Marie",
                dt.date(1985, 4, 2),
                usage_name="DURAND",
                other_first_names=("Louise",),
                nir=nir_for(caf_number, 0),
                france_travail_id="1234567A",
                birth_place="MOISSAC",
            ),
            person(
                "DURAND", "Jean", dt.date(1983, 9, 9), role="CJT", sex="1", subject_to_duties=False
            ),
            person(
                "DURAND", "Léo", dt.date(2015, 1, 1), role="ENF", sex="1", subject_to_duties=None
            ),
        ],
        **fields,
    )
