"""Random corruptions of a valid flow: never a traceback, never half a household written.

Each example runs in a transaction rolled back at its end, so that every corrupted file
meets the same empty database (and the checksum ledger does not remember it).
"""

import datetime as dt
import gzip
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relais.audit.models import ChangeRecord
from relais.people.models import Event, Household, Person
from relais.rsa.models import Beneficiary, CafFlow, DutiesChange, RightStateChange, RsaFile
from relais.rsa.services.flows import import_path

# The fixture, imported for usefixtures: kept raw files go to the test's directory.
from tests.rsa.caf_helpers import (
    household,
    imports_dir,  # noqa: F401
    nir_for,
    person,
    write,
)

pytestmark = pytest.mark.usefixtures("imports_dir")


def _base(tmp_path) -> bytes:
    households = [
        household(1111111),
        household(
            2222222,
            persons=[
                person(
                    "MARTIN", "Zoé", dt.date(1990, 1, 1), nir=nir_for(2222222, 0), entering=True
                ),
                person("MARTIN", "Hugo", dt.date(1988, 5, 6), role="CJT", sex="1"),
                person(
                    "MARTIN",
                    "Noé",
                    dt.date(2016, 2, 2),
                    role="ENF",
                    sex="1",
                    subject_to_duties=None,
                ),
            ],
        ),
        household(3333333, right_state="5", closure=("RFD", dt.date(2026, 2, 1))),
    ]
    return write(tmp_path, households, "base.xml").read_bytes()


LEAF = re.compile(rb"<(\w+)>([^<]*)</\1>")
LINE = re.compile(rb"[^\n]*\n")


def _corrupt(base: bytes, steps) -> bytes:
    data = base
    for kind, a, b in steps:
        size = max(len(data), 1)
        if kind == "flip":
            position = a % size
            data = data[:position] + bytes([b % 256]) + data[position + 1 :]
        elif kind == "cut":
            data = data[: a % (size + 1)]
        elif kind == "drop":
            position = a % size
            data = data[:position] + data[position + 1 + b % 200 :]
        elif kind == "repeat":
            position = a % size
            data = data[:position] + data[position : position + 1 + b % 400] + data[position:]
        elif kind == "text":
            leaves = list(LEAF.finditer(data))
            if leaves:
                leaf = leaves[a % len(leaves)]
                data = data[: leaf.start(2)] + b.encode("utf-8") + data[leaf.end(2) :]
        elif kind == "line":
            lines = list(LINE.finditer(data))
            if lines:
                line = lines[a % len(lines)]
                data = data[: line.start()] + data[line.end() :]
    return data


STEP = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.just(0)),
    st.tuples(st.just("drop"), st.integers(0, 10**6), st.integers(0, 199)),
    st.tuples(st.just("repeat"), st.integers(0, 10**6), st.integers(0, 399)),
    # Up to 300 characters: past every length the schema and the tables allow.
    st.tuples(st.just("text"), st.integers(0, 10**4), st.text(max_size=300)),
    st.tuples(st.just("line"), st.integers(0, 10**4), st.just(0)),
)


def _check_whole_households(report) -> None:
    """Everything written belongs to a complete household; a refusal writes nothing."""
    files = RsaFile.objects.count()
    beneficiaries = Beneficiary.objects.count()
    if report.status == "refused":
        assert report.error
        assert (files, beneficiaries, Household.objects.count()) == (0, 0, 0)
        assert not (Event.objects.exists() or ChangeRecord.objects.exists())
        return
    assert report.status == "done"
    h, p = report.households, report.persons
    assert h.read == h.created + h.rejected
    assert files == h.created == RightStateChange.objects.count()
    assert beneficiaries == p.created == DutiesChange.objects.count()
    assert ChangeRecord.objects.count() == p.created
    assert len(report.rejections) == h.rejected
    for beneficiary in Beneficiary.objects.select_related("person", "rsa_file__household"):
        assert beneficiary.person.caf_number == beneficiary.rsa_file.caf_number
        assert beneficiary.person.household_id == beneficiary.rsa_file.household_id
        assert beneficiary.person.events.exists()


def _run(tmp_path, content: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(content)
    departement = Person.objects.first().departement
    with transaction.atomic():
        report = import_path(path, departement=departement)
        _check_whole_households(report)
        if report.status == "refused":
            assert CafFlow.objects.get().status == "refused"
        transaction.set_rollback(True)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=3))
def test_a_corrupted_flow_is_refused_or_imported_household_by_household(world, tmp_path, steps):
    _run(tmp_path, _corrupt(_base(tmp_path), steps), "corrompu.xml")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(STEP.filter(lambda s: s[0] in ("flip", "cut", "drop")), min_size=1, max_size=2)
)
def test_a_corrupted_gzip_flow_is_refused_or_imported_household_by_household(
    world, tmp_path, steps
):
    compressed = gzip.compress(_base(tmp_path), mtime=0)
    _run(tmp_path, _corrupt(compressed, steps), "corrompu.xml.gz")


def test_the_uncorrupted_base_imports_whole(world, tmp_path):
    """The corruptions start from a file that imports entirely: the checks above bite."""
    path = tmp_path / "base.xml"
    path.write_bytes(_base(tmp_path))
    report = import_path(path, departement=world.mds_a.departement)
    assert (report.households.created, report.persons.created, report.persons.skipped) == (3, 4, 1)
    _check_whole_households(report)
