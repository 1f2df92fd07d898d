"""The synthetic flow generator: deterministic, schema-valid, and a next day that tells a story."""

import copy
import datetime as dt
import io

import pytest

from relais.rsa.caf.flowxml import write_flow
from relais.rsa.caf.generator import TARN_ET_GARONNE, FlowGenerator, synthetic_nir
from relais.rsa.models import RsaFile

# The fixture, imported for usefixtures: kept raw files go to the test's directory.
from tests.rsa.caf_helpers import (
    DAY,
    assert_schema_valid,
    imports_dir,  # noqa: F401
    run,
    write,
)

pytestmark = pytest.mark.usefixtures("imports_dir")


def _bytes(households, **options) -> bytes:
    buffer = io.BytesIO()
    write_flow(buffer, households, created_on=DAY, **options)
    return buffer.getvalue()


def test_the_same_seed_gives_the_same_flow_and_another_seed_another():
    communes = TARN_ET_GARONNE
    one = _bytes(FlowGenerator(seed=4, communes=communes).households(30))
    again = _bytes(FlowGenerator(seed=4, communes=communes).households(30))
    other = _bytes(FlowGenerator(seed=5, communes=communes).households(30))

    assert one == again
    assert one != other


def test_a_household_depends_only_on_the_seed_and_its_index():
    generator = FlowGenerator(seed=2, communes=TARN_ET_GARONNE)
    streamed = list(generator.households(5, start=10))
    assert streamed[3] == FlowGenerator(seed=2, communes=TARN_ET_GARONNE).household(13)


@pytest.mark.parametrize(("encoding", "compress"), [("utf-8", False), ("windows-1252", True)])
def test_generated_flows_are_valid_against_the_schema(tmp_path, encoding, compress):
    households = FlowGenerator(seed=1, communes=TARN_ET_GARONNE).build(60)
    path = write(
        tmp_path,
        households,
        "flux.xml.gz" if compress else "flux.xml",
        encoding=encoding,
        compress=compress,
    )
    if compress:
        import gzip

        plain = tmp_path / "plain.xml"
        plain.write_bytes(gzip.decompress(path.read_bytes()))
        path = plain
    assert_schema_valid(path)


def test_synthetic_nirs_have_a_valid_key_and_are_unique():
    nir = synthetic_nir("2", dt.date(1985, 4, 2), 2_345_678)
    assert nir[:13] == "2854400345678"  # month 04 + 2 × 20, département 00, serial 345678
    assert int(nir[13:]) == 97 - int(nir[:13]) % 97
    households = FlowGenerator(seed=3, communes=TARN_ET_GARONNE).build(400)
    nirs = [p.nir for h in households for p in h.persons]
    assert len(nirs) == len(set(nirs))
    numbers = [h.caf_number for h in households]
    assert len(numbers) == len(set(numbers))
    assert all(1_000_000 <= number <= 9_999_999 for number in numbers)


def test_communes_come_from_the_database_when_it_has_the_departements(world):
    generator = FlowGenerator(seed=0)
    codes = {h.commune_code for h in generator.build(40)}
    assert codes <= {world.commune_a.insee_code, world.commune_b.insee_code}


def test_the_next_day_brings_entries_closures_a_departure_and_arrivals(world, tmp_path):
    generator = FlowGenerator(seed=7, communes=TARN_ET_GARONNE)
    stock = generator.build(120)
    kept = copy.deepcopy(stock)
    departement = world.mds_a.departement
    first = run(write(tmp_path, stock, "stock.xml", nature="monthly"), departement)
    assert first.new_entrants == 0  # a stock without entry flags: nobody "enters" on it

    tomorrow = generator.evolve(
        stock,
        day=DAY + dt.timedelta(days=1),
        entries=4,
        closures=3,
        transfers_out=1,
        new=2,
        transfers_in=1,
    )
    report = run(
        write(tmp_path, tomorrow, "j1.xml", created_on=DAY + dt.timedelta(days=1)), departement
    )

    assert stock == kept  # evolve leaves the given list alone
    assert len(tomorrow) == 123
    new_adults = sum(1 for h in tomorrow[120:] for p in h.persons if p.role in ("DEM", "CJT"))
    assert report.new_entrants == 4 + new_adults
    assert (report.closures, report.transfers_out, report.transfers_in) == (4, 1, 1)
    assert (report.households.created, report.households.updated) == (3, 8)
    assert report.households.unchanged == 112
    assert RsaFile.objects.filter(closure_reason="MUT", transferred_out_to="CAF311").count() == 1
