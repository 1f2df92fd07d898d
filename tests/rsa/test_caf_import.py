"""The import of a flow: what a first flow creates, what a household that fails a check gets."""

import dataclasses
import datetime as dt

import pytest

from relais.audit.models import ChangeRecord
from relais.people.models import Event, Household, Person
from relais.rsa.caf.hashing import nir_hash
from relais.rsa.models import CafFlow, DutiesChange, RightStateChange, RsaFile

# The fixture, imported for usefixtures: kept raw files go to the test's directory.
from tests.rsa.caf_helpers import (
    DAY,
    couple,
    household,
    imports_dir,  # noqa: F401
    nir_for,
    person,
    run,
    write,
)

pytestmark = pytest.mark.usefixtures("imports_dir")


def test_a_first_flow_creates_the_files_persons_and_their_history(world, tmp_path):
    departement = world.mds_a.departement
    path = write(tmp_path, [couple(street_number="12", street_type="RUE", street_name="DES LILAS")])

    report = run(path, departement)

    assert report.status == "done"
    assert dataclasses.asdict(report.households) == {
        "read": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    # The child is counted, not stored: data minimisation.
    assert dataclasses.asdict(report.persons) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "skipped": 1,
    }
    rsa_file = RsaFile.objects.get(caf_number="1234567")
    assert rsa_file.right_state == "2"
    assert rsa_file.right_state_since == DAY
    assert rsa_file.application_number == "12345670001"
    assert rsa_file.address == "12 RUE DES LILAS, 82000 MONTAUBAN"
    assert rsa_file.commune == world.commune_a  # NUMCOM 82121
    assert rsa_file.household.caf_number == "1234567"
    marie = Person.objects.get(first_names="Marie Louise")
    assert (marie.birth_name, marie.usage_name, marie.sex) == ("DUPONT", "DURAND", "F")
    assert (marie.birth_date, marie.birth_place) == (dt.date(1985, 4, 2), "MOISSAC")
    assert (marie.caf_number, marie.household_role) == ("1234567", "applicant")
    assert marie.household == rsa_file.household
    assert marie.commune == world.commune_a
    assert marie.search_text == "dupont durand marie louise"
    beneficiary = marie.beneficiary
    assert beneficiary.caf_role == "DEM"
    assert beneficiary.france_travail_id == "1234567A"
    assert beneficiary.nir_hash == nir_hash(nir_for(1234567, 0))
    assert nir_for(1234567, 0) not in beneficiary.nir_hash
    assert beneficiary.subject_to_duties is True
    # First sight without the entry flag: subject, but not a new entrant.
    assert beneficiary.duties_entered_on is None
    jean = Person.objects.get(first_names="Jean")
    assert (jean.sex, jean.household_role, jean.beneficiary.subject_to_duties) == (
        "M",
        "partner",
        False,
    )
    assert list(
        DutiesChange.objects.values_list("person__first_names", "subject_to_duties", "is_entry")
    ) in (
        [("Marie Louise", True, False), ("Jean", False, False)],
        [("Jean", False, False), ("Marie Louise", True, False)],
    )
    assert list(RightStateChange.objects.values_list("state", "on")) == [("2", DAY)]
    assert list(marie.events.values_list("kind", "summary", "actor")) == [
        (Event.Kind.RSA, "Dossier créé à partir du flux CAF (droit RSA : ouvert et versable)", None)
    ]
    created = marie.events.get()
    assert (created.source_type.model_class(), created.source_id) == (
        type(beneficiary),
        str(beneficiary.pk),
    )
    record = ChangeRecord.objects.get(person=marie)
    assert record.user is None
    assert record.changes["birth_name"] == ["", "DUPONT"]
    assert record.changes["subject_to_duties"] == ["", "True"]
    flow = CafFlow.objects.get()
    assert (flow.status, flow.nature, flow.created_on) == ("done", "daily", DAY)
    assert flow.report["households"]["created"] == 1
    assert flow.storage_name and flow.keep_until


def test_the_caf_number_is_padded_to_seven_digits_and_longer_ones_are_rejected(world, tmp_path):
    path = write(tmp_path, [household(42), household(123456789), household(777)])

    report = run(path, world.mds_a.departement)

    assert sorted(RsaFile.objects.values_list("caf_number", flat=True)) == ["0000042", "0000777"]
    assert report.households.rejected == 1
    assert report.rejections == [
        {
            "position": 2,
            "caf_number": "",
            "reason": "Numéro allocataire (MATRICULE) de plus de 7 chiffres significatifs : Relais "
            "ne connaît que les numéros à 7 chiffres ; signalez-le à la CAF.",
        }
    ]


def test_an_invalid_household_is_rejected_with_its_position_and_the_others_are_imported(
    world, tmp_path
):
    good = household(1111111)
    bad_date = household(2222222, persons=[person(born=dt.date(1985, 4, 3))])
    path = write(tmp_path, [good, bad_date, household(3333333)])
    content = path.read_bytes()
    path.write_bytes(content.replace(b"<DTNAI>1985-04-03<", b"<DTNAI>1985-02-30<"))

    report = run(path, world.mds_a.departement)

    assert report.status == "done"
    assert (report.households.created, report.households.rejected) == (2, 1)
    assert report.persons.rejected == 1
    assert report.rejections == [
        {
            "position": 2,
            "caf_number": "2222222",
            "reason": "Date de naissance de la personne n° 1 (DTNAI) absente ou invalide "
            "(attendu : AAAA-MM-JJ).",
        }
    ]
    assert not RsaFile.objects.filter(caf_number="2222222").exists()
    assert not Person.objects.filter(caf_number="2222222").exists()
    assert not Household.objects.filter(caf_number="2222222").exists()


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (b"<ETATDOSRSA>2</ETATDOSRSA>", b"<ETATDOSRSA>9</ETATDOSRSA>", "ETATDOSRSA"),
        (b"<IDEPARTE>082</IDEPARTE>", b"<IDEPARTE>031</IDEPARTE>", "autre département"),
        (b"<SEXE>2</SEXE>", b"<SEXE>F</SEXE>", "SEXE"),
        # The role of the RSA benefit is the one read (the family benefits' one may differ).
        (
            b"<NATPREST>RSA</NATPREST>\n<ROLEPERS>DEM</ROLEPERS>",
            b"<NATPREST>RSA</NATPREST>\n<ROLEPERS>XYZ</ROLEPERS>",
            "ROLEPERS",
        ),
        (b"<NOMNAI>DUPONT</NOMNAI>", b"<NOMNAI></NOMNAI>", "NOMNAI"),
        (b"<DTDEMRSA>2025-11-03</DTDEMRSA>", b"<DTDEMRSA>20251103</DTDEMRSA>", "DTDEMRSA"),
        (b"<MATRICULE>1234567</MATRICULE>", b"<MATRICULE>12A4567</MATRICULE>", "MATRICULE"),
        (b"<NIR>", b"<NIR>9", "NIR de la personne n° 1 mal formé"),
        (b"<PRENOM>Marie</PRENOM>", b"<PRENOM>" + b"A" * 49 + b"</PRENOM>", "(PRENOM) trop long"),
        (b"<NOMNAI>DUPONT</NOMNAI>", b"<NOMNAI>" + b"D" * 101 + b"</NOMNAI>", "(NOMNAI) trop long"),
        (
            b"<TOPPERSDRODEVORSA>1</TOPPERSDRODEVORSA>",
            b"<TOPPERSDRODEVORSA>0</TOPPERSDRODEVORSA><TOPPERSENTDRODEVORSA>1</TOPPERSENTDRODEVORSA>",
            "incohérent",
        ),
    ],
)
def test_each_check_rejects_the_household_alone(world, tmp_path, old, new, reason):
    path = write(tmp_path, [household(1234567), household(7654321)])
    content = path.read_bytes()
    assert old in content
    path.write_bytes(content.replace(old, new, 1))

    report = run(path, world.mds_a.departement)

    assert report.status == "done"
    assert report.households.rejected == 1
    assert reason in report.rejections[0]["reason"]
    assert report.rejections[0]["position"] == 1
    assert list(RsaFile.objects.values_list("caf_number", flat=True)) == ["7654321"]


def test_the_same_caf_number_twice_in_a_flow_keeps_the_first(world, tmp_path):
    path = write(tmp_path, [household(5), household(6), household(5, right_state="5")])

    report = run(path, world.mds_a.departement)

    assert report.households.created == 2
    assert report.rejections[0]["position"] == 3
    assert "figure déjà plus haut" in report.rejections[0]["reason"]
    assert RsaFile.objects.get(caf_number="0000005").right_state == "2"


def test_the_same_households_in_a_new_file_are_counted_unchanged_and_not_rewritten(
    world, tmp_path, django_assert_max_num_queries
):
    departement = world.mds_a.departement
    run(write(tmp_path, [couple(), household(7654321)], "lundi.xml"), departement)
    written = {f.caf_number: f.updated_at for f in RsaFile.objects.all()}
    rows = [model.objects.count() for model in (Person, Event, ChangeRecord, DutiesChange)]
    again = write(
        tmp_path, [couple(), household(7654321)], "mardi.xml", created_on=DAY.replace(day=3)
    )

    with django_assert_max_num_queries(20):
        report = run(again, departement)

    assert report.status == "done"
    assert dataclasses.asdict(report.households) == {
        "read": 2,
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "rejected": 0,
    }
    assert (report.persons.unchanged, report.persons.skipped) == (3, 1)
    assert {f.caf_number: f.updated_at for f in RsaFile.objects.all()} == written
    assert [model.objects.count() for model in (Person, Event, ChangeRecord, DutiesChange)] == rows
