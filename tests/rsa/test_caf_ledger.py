"""The checksum ledger: a file twice changes nothing, a refused or stalled file may come back."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.people.models import Event, Household, Person
from relais.rsa.models import CafFlow, DutiesChange, RsaFile

# The fixture, imported for usefixtures: kept raw files go to the test's directory.
from tests.rsa.caf_helpers import couple, household, imports_dir, run, write  # noqa: F401

pytestmark = pytest.mark.usefixtures("imports_dir")


def test_the_same_file_twice_changes_nothing(world, tmp_path):
    path = write(tmp_path, [couple()])
    departement = world.mds_a.departement
    run(path, departement)
    counts = [model.objects.count() for model in (Person, Event, ChangeRecord, DutiesChange)]

    report = run(path, departement)

    assert report.status == "already_imported"
    assert report.households.read == 0
    assert CafFlow.objects.count() == 1
    assert [
        model.objects.count() for model in (Person, Event, ChangeRecord, DutiesChange)
    ] == counts


def test_a_refused_file_writes_nothing_and_the_ledger_says_why(world, tmp_path):
    path = write(tmp_path, [household(1), household(2)])
    path.write_bytes(path.read_bytes().replace(b"<NBTOTDOSRSATRANSM>2<", b"<NBTOTDOSRSATRANSM>5<"))

    report = run(path, world.mds_a.departement)

    assert report.status == "refused"
    assert "annonce 5 dossiers" in report.error
    assert report.households.read == 2
    assert report.households.created == 0
    assert not RsaFile.objects.exists()
    assert not Household.objects.exists()
    assert Person.objects.count() == 2  # the world's two persons, nobody else
    flow = CafFlow.objects.get()
    assert flow.status == "refused"
    assert flow.error == report.error
    assert flow.report["status"] == "refused"


def test_a_refused_file_can_be_deposited_again(world, tmp_path):
    path = write(tmp_path, [household(1)])
    original = path.read_bytes()
    path.write_bytes(original.replace(b"<TYPEFLUX>I<", b"<TYPEFLUX>Z<"))
    assert run(path, world.mds_a.departement).status == "refused"

    # The same refused file again: refused again (not "already imported").
    assert run(path, world.mds_a.departement).status == "refused"
    assert CafFlow.objects.count() == 1


def test_an_import_whose_worker_stopped_can_be_deposited_again(world, tmp_path):
    path = write(tmp_path, [household(1)])
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    stalled = CafFlow.objects.create(
        departement=world.mds_a.departement,
        sha256=sha256,
        file_name="flux.xml",
        size=1,
        status="running",
    )
    CafFlow.objects.filter(pk=stalled.pk).update(created_at=timezone.now() - dt.timedelta(days=1))

    report = run(path, world.mds_a.departement)

    assert report.status == "done"
    assert report.flow["uuid"] == str(stalled.uuid)
    assert RsaFile.objects.filter(caf_number="0000001").exists()


def test_an_import_in_progress_is_not_started_twice(world, tmp_path):
    path = write(tmp_path, [household(1)])
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    CafFlow.objects.create(
        departement=world.mds_a.departement,
        sha256=sha256,
        file_name="flux.xml",
        size=1,
        status="running",
    )

    assert run(path, world.mds_a.departement).status == "already_imported"
    assert not RsaFile.objects.exists()
