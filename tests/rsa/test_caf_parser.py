"""The streamed reader: small flows written by the tests, XSD-valid, and files it refuses."""

import datetime as dt

import pytest

from relais.rsa.caf.parser import FlowReader
from relais.rsa.caf.records import FlowRefused
from tests.rsa.caf_helpers import DAY, assert_schema_valid, household, nir_for, person, write


def _read(path):
    with FlowReader(path) as reader:
        households = [item.read() for item in reader.households()]
        return reader, households


def test_it_reads_the_header_and_each_household_of_a_schema_valid_flow(tmp_path):
    flow = [
        household(1234567),
        household(
            7654321,
            persons=[
                person("MARTIN", "Léa", dt.date(1990, 1, 31), nir=nir_for(7654321, 0)),
                person("MARTIN", "Paul", dt.date(1989, 6, 1), role="CJT", sex="1"),
            ],
            right_state="4",
            suspension=("06", dt.date(2026, 2, 1)),
        ),
    ]
    path = write(tmp_path, flow, reference_date=dt.date(2026, 2, 28), nature="monthly")
    assert_schema_valid(path)

    reader, households = _read(path)

    assert reader.header.created_on == DAY
    assert reader.header.reference_date == dt.date(2026, 2, 28)
    assert reader.header.created_at == dt.time(6, 0)
    assert reader.header.nature == "monthly"
    assert [h.position for h in households] == [1, 2]
    second = households[1]
    assert second.leaves["MATRICULE"] == "7654321"
    assert second.leaves["ETATDOSRSA"] == "4"
    assert second.suspensions == [
        ("SuspensionVersement", {"MOTISUSVERSRSA": "06", "DDSUSVERSRSA": "2026-02-01"})
    ]
    assert [p.identity["PRENOM"] for p in second.persons] == ["Léa", "Paul"]
    assert second.persons[1].roles == [("PFA", "CJT"), ("RSA", "CJT")]
    assert reader.trailer.households == 2


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [("utf-8", False), ("windows-1252", False), ("utf-8", True), ("windows-1252", True)],
)
def test_it_reads_utf8_and_windows_1252_plain_or_gzip(tmp_path, encoding, compress):
    flow = [household(persons=[person("CŒUR", "Hélène", nir=nir_for(1, 0))])]
    path = write(tmp_path, flow, encoding=encoding, compress=compress)
    raw = path.read_bytes()
    assert raw[:2] == b"\x1f\x8b" if compress else raw.startswith(b"<?xml")

    _reader, households = _read(path)

    identity = households[0].persons[0].identity
    assert (identity["NOMNAI"], identity["PRENOM"]) == ("CŒUR", "Hélène")


def test_it_recognises_windows_1252_without_a_declaration(tmp_path):
    path = write(tmp_path, [household(persons=[person(first="Zoé")])], encoding="windows-1252")
    undeclared = path.read_bytes().replace(b' encoding="windows-1252"', b"")
    path.write_bytes(undeclared)

    _reader, households = _read(path)

    assert households[0].persons[0].identity["PRENOM"] == "Zoé"


def test_the_same_household_has_the_same_quick_hash_in_another_flow(tmp_path):
    first = write(tmp_path, [household(1), household(2)], "a.xml", created_on=DAY)
    second = write(tmp_path, [household(1), household(3)], "b.xml", created_on=DAY.replace(day=9))

    def hashes(path):
        with FlowReader(path) as reader:
            return [item.quick_hash() for item in reader.households()]

    a, b = hashes(first), hashes(second)
    assert a[0] == b[0]
    assert a[1] != b[1]


def _refusal(tmp_path, content: bytes, name="flux.xml") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FlowRefused) as refused:
        with FlowReader(path) as reader:
            for _household in reader.households():
                pass
    return str(refused.value)


def test_it_refuses_a_file_that_is_not_xml(tmp_path):
    reason = _refusal(tmp_path, b"MATRICULE;NOM\n1234567;DUPONT\n")
    assert "n'est pas un XML bien formé" in reason


def test_it_refuses_an_empty_file(tmp_path):
    assert "n'est pas un XML bien formé" in _refusal(tmp_path, b"")


def test_it_refuses_another_root(tmp_path):
    reason = _refusal(tmp_path, b'<?xml version="1.0"?><Flux><InfosFoyerRSA/></Flux>')
    assert "La racine du fichier est « Flux » et non « Racine »" in reason


def test_it_refuses_a_truncated_file(tmp_path):
    path = write(tmp_path, [household(1), household(2)])
    reason = _refusal(tmp_path, path.read_bytes()[:-400], "tronque.xml")
    assert "n'est pas un XML bien formé" in reason


def test_it_refuses_a_truncated_gzip(tmp_path):
    path = write(tmp_path, [household(n) for n in range(1, 30)], compress=True)
    reason = _refusal(tmp_path, path.read_bytes()[:-200], "tronque.xml.gz")
    assert "compressé est illisible ou tronqué" in reason or "XML bien formé" in reason


def test_it_refuses_counts_that_do_not_match_the_trailer(tmp_path):
    path = write(tmp_path, [household(1), household(2)])
    altered = path.read_bytes().replace(
        b"<NBTOTDOSRSATRANSM>2</NBTOTDOSRSATRANSM>", b"<NBTOTDOSRSATRANSM>3</NBTOTDOSRSATRANSM>"
    )
    reason = _refusal(tmp_path, altered, "compte.xml")
    assert "annonce 3 dossiers (NBTOTDOSRSATRANSM) mais en contient 2" in reason


def test_it_refuses_a_flow_without_its_trailer(tmp_path):
    path = write(tmp_path, [household(1)])
    content = path.read_bytes()
    start = content.index(b"<TransmissionFlux>")
    end = content.index(b"</TransmissionFlux>") + len(b"</TransmissionFlux>")
    reason = _refusal(tmp_path, content[:start] + content[end:], "sans-fin.xml")
    assert "TransmissionFlux manque" in reason


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (b"<TYPEFLUX>I</TYPEFLUX>", b"<TYPEFLUX>X</TYPEFLUX>", "type de flux « X »"),
        (b"<NATFLUX>D</NATFLUX>", b"<NATFLUX>I</NATFLUX>", "nature de flux « I »"),
        (b"<DTCREAFLUX>2026-03-02", b"<DTCREAFLUX>2026-13-02", "DTCREAFLUX"),
    ],
)
def test_it_refuses_a_header_it_cannot_use(tmp_path, old, new, expected):
    path = write(tmp_path, [household(1)])
    assert _refusal(tmp_path, path.read_bytes().replace(old, new), "entete.xml").count(expected)


def test_it_refuses_a_household_before_the_header(tmp_path):
    path = write(tmp_path, [household(1)])
    content = path.read_bytes()
    start, end = content.index(b"<IdentificationFlux>"), content.index(b"<InfosFoyerRSA>")
    header = content[start:end]
    moved = content[:start] + content[end:].replace(
        b"<TransmissionFlux>", header + b"<TransmissionFlux>"
    )
    assert "IdentificationFlux doit ouvrir le fichier" in _refusal(tmp_path, moved, "ordre.xml")


def test_reading_keeps_memory_to_the_households_at_hand(tmp_path):
    """Each household leaves the tree as it is read: the tree does not grow with the file."""
    path = write(tmp_path, [household(n) for n in range(1, 601)])
    with FlowReader(path) as reader:
        sizes = []
        for item in reader.households():
            assert item.element.getparent() is None
            sizes.append(len(reader.root))
    # The root holds only what the parser has read ahead (one buffer), never the whole file.
    assert len(sizes) == 600
    assert max(sizes) < 60
