"""Who is who: persons of the flow matched to the files of Relais, and conflicts reported."""

import datetime as dt

import pytest

from relais.people.models import HouseholdRole, Person
from relais.people.services import create_person
from relais.rsa.caf.hashing import nir_hash
from relais.rsa.models import Beneficiary, RsaFile

# The fixture, imported for usefixtures: kept raw files go to the test's directory.
from tests.rsa.caf_helpers import (
    DAY,
    household,
    imports_dir,  # noqa: F401
    nir_for,
    person,
    run,
    write,
)

pytestmark = pytest.mark.usefixtures("imports_dir")

BORN = dt.date(1985, 4, 2)


def _import(world, tmp_path, households, name="flux.xml", day=DAY):
    return run(write(tmp_path, households, name, created_on=day), world.mds_a.departement)


def test_a_file_entered_by_an_agent_is_completed_not_duplicated(world, tmp_path):
    agent = world.user("reception_a")
    known = create_person(
        user=agent,
        departement=world.mds_a.departement,
        data={
            "birth_name": "DUPONT",
            "first_names": "Marie",
            "sex": "F",
            "birth_date": BORN,
            "caf_number": "1234567",
            "household_role": HouseholdRole.APPLICANT,
            "phone": "0600000000",
        },
    )

    report = _import(world, tmp_path, [household(1234567)])

    assert (report.persons.created, report.persons.updated) == (0, 1)
    known.refresh_from_db()
    assert Person.objects.filter(caf_number="1234567").count() == 1
    assert known.beneficiary.caf_role == "DEM"
    assert known.phone == "0600000000"  # the agent's own data stays
    assert known.address == "1 RUE DE LA REPUBLIQUE, 82000 MONTAUBAN"
    assert RsaFile.objects.get().household == known.household
    # Matched on CAF number, role and birth date: the NIR hash is now known too.
    assert known.beneficiary.nir_hash == nir_hash(nir_for(1234567, 0))


def test_a_person_who_moves_to_another_caf_file_is_found_by_the_nir(world, tmp_path):
    nir = nir_for(1111111, 0)
    _import(world, tmp_path, [household(1111111, persons=[person(nir=nir)])], "a.xml")
    marie = Person.objects.get(first_names="Marie")

    report = _import(
        world,
        tmp_path,
        [household(2222222, persons=[person(nir=nir, born=dt.date(1985, 4, 3))])],
        "b.xml",
        DAY.replace(day=3),
    )

    assert (report.persons.created, report.persons.updated) == (0, 1)
    marie.refresh_from_db()
    assert (marie.caf_number, marie.birth_date) == ("2222222", dt.date(1985, 4, 3))
    assert marie.household.caf_number == "2222222"
    assert marie.beneficiary.rsa_file.caf_number == "2222222"
    assert Person.objects.filter(first_names="Marie").count() == 1


def test_the_same_caf_number_with_another_nir_is_a_conflict_never_merged(world, tmp_path):
    _import(world, tmp_path, [household(1234567)], "a.xml")
    before = Beneficiary.objects.get()
    # The same CAF number, role and birth date, but another NIR.
    other = household(1234567, persons=[person(nir=nir_for(9999999, 0))])

    report = _import(world, tmp_path, [other, household(7654321)], "b.xml", DAY.replace(day=3))

    assert report.conflicts == 1
    assert report.households.rejected == 1
    assert report.rejections[0]["position"] == 1
    assert report.rejections[0]["caf_number"] == "1234567"
    assert "Conflit d'identité" in report.rejections[0]["reason"]
    assert nir_for(9999999, 0) not in str(report.as_dict())
    after = Beneficiary.objects.get(pk=before.pk)
    assert after.nir_hash == before.nir_hash
    assert Person.objects.filter(caf_number="1234567").count() == 1
    assert RsaFile.objects.filter(caf_number="7654321").exists()


def test_a_nir_in_two_households_of_one_flow_is_a_conflict(world, tmp_path):
    nir = nir_for(1, 0)
    first = household(1111111, persons=[person(nir=nir)])
    second = household(2222222, persons=[person("ROUX", "Inès", dt.date(1990, 1, 1), nir=nir)])

    report = _import(world, tmp_path, [first, second])

    assert report.conflicts == 1
    assert report.rejections[0]["position"] == 2
    assert not Person.objects.filter(first_names="Inès").exists()
    assert Person.objects.get(first_names="Marie").caf_number == "1111111"
