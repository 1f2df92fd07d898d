"""Stream a CNAF beneficiaries flow into raw households, in constant memory.

lxml's iterparse builds each `InfosFoyerRSA` element, hands it over, and the element is
cleared with everything before it: memory holds one household at a time, whatever the size
of the file. The file is refused as a whole (FlowRefused, with a French reason) when it is
not XML, not rooted in `Racine`, or when `TransmissionFlux` does not count what was read.
"""

import codecs
import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from relais.rsa.caf.extract import FlowHousehold, leaves
from relais.rsa.caf.rawscan import HashingReader
from relais.rsa.caf.records import FlowHeader, FlowRefused, FlowTrailer
from relais.rsa.caf.values import parse_date, parse_time

ROOT = "Racine"
HEADER, HOUSEHOLD, TRAILER = "IdentificationFlux", "InfosFoyerRSA", "TransmissionFlux"
FLOW_TYPES = {"I", "M", "R"}  # TYPEFLUX: daily, monthly, resumption of the stock
BENEFICIARIES = "D"  # NATFLUX of the beneficiaries flow (I would be the instructions flow)
_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_PROLOG_BYTES = 4096
_CHUNK = 1 << 20
NOT_A_FLOW = "Vérifiez qu'il s'agit bien du flux bénéficiaires RSA transmis par la CAF."


class FlowReader:
    """Open with `with FlowReader(path) as reader:`; `reader.header`, then `reader.households()`.

    `households()` raises FlowRefused at the end of the file when the trailer is missing or its
    counts differ from what was read; the caller's transaction must then roll back.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self.header: FlowHeader | None = None
        self.trailer: FlowTrailer | None = None
        self.read_count = 0
        self._declared = None
        self.root = None
        self._raw = None
        self._events = None
        self._scanner = None

    def __enter__(self):
        try:
            encoding = self._check_prolog()
            self._scanner = HashingReader(self._open(), encoding or self._declared or "utf-8")
            self._events = etree.iterparse(
                self._scanner,
                events=("start", "end"),
                tag=(ROOT, HEADER, HOUSEHOLD, TRAILER),
                encoding=encoding,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                remove_comments=True,
                remove_pis=True,
            )
            self._read_header()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self._raw is not None:
            self._raw.close()
            self._raw = None

    @property
    def bytes_read(self) -> int:
        """How far in the (possibly compressed) file the parser is: the progress bar's base."""
        try:
            return self._raw.tell() if self._raw is not None else self.size
        except (OSError, ValueError):
            return 0

    def households(self) -> Iterator[FlowHousehold]:
        with _refusing_bad_input():
            for event, element in self._events:
                if event == "start":
                    continue
                if element.tag == HOUSEHOLD:
                    self._check_place(element)
                    self.read_count += 1
                    hashes = self._scanner.hashes
                    scanned = hashes.popleft() if hashes else None
                    yield FlowHousehold(
                        self.read_count, _detach(element), scanned, self._scanner.digest
                    )
                elif element.tag == TRAILER:
                    self._read_trailer(element)
        self._check_counts()

    # -- the frame of the file ----------------------------------------------------------

    def _open(self):
        self._raw = open(self.path, "rb")
        if self._raw.read(2) == b"\x1f\x8b":
            self._raw.seek(0)
            return gzip.GzipFile(fileobj=self._raw, mode="rb")
        self._raw.seek(0)
        return self._raw

    def _check_prolog(self) -> str | None:
        """The root element and the encoding, read from the first bytes only.

        A file that does not declare its encoding is UTF-8 by the XML rules; a windows-1252
        file without a declaration is recognised by a first pass that decodes it as UTF-8.
        """
        with _refusing_bad_input():
            stream = self._open()
            prolog = stream.read(_PROLOG_BYTES)
            declared = _DECLARED_ENCODING.search(prolog)
            self._declared = declared[1].decode("ascii").lower() if declared else None
            encoding = None if declared else _guess_encoding(prolog, stream)
            self.close()
            stream = self._open()
            root = _root_tag(stream, encoding)
            self.close()
            if root != ROOT:
                raise FlowRefused(
                    f"La racine du fichier est « {root} » et non « {ROOT} » : ce n'est pas un "
                    f"flux bénéficiaires RSA de la CNAF. {NOT_A_FLOW}"
                )
        return encoding

    def _read_header(self):
        with _refusing_bad_input():
            for event, element in self._events:
                if event == "start" and element.tag == ROOT:
                    self.root = element
                    continue
                if event == "end" and element.tag == HEADER and element.getparent() is not None:
                    self.header = _header(leaves(element))
                    return
                if event == "start" and element.tag == HEADER:
                    continue
                break
        raise FlowRefused(
            f"Le bloc IdentificationFlux doit ouvrir le fichier, avant tout dossier. {NOT_A_FLOW}"
        )

    def _check_place(self, element):
        parent = element.getparent()
        if parent is None or parent.getparent() is not None or self.trailer is not None:
            raise FlowRefused(
                f"Un bloc InfosFoyerRSA est mal placé (dossier n° {self.read_count + 1}) : "
                f"le fichier ne suit pas le schéma de la CNAF. {NOT_A_FLOW}"
            )

    def _read_trailer(self, element):
        values = leaves(element)
        try:
            self.trailer = FlowTrailer(
                int(values.get("NBTOTDOSRSATRANSM", "")),
                int(values.get("NBTOTDOSRSATRANSMANO", "")),
            )
        except ValueError as error:
            raise FlowRefused(
                "Le bloc TransmissionFlux ne donne pas les nombres de dossiers transmis : "
                "le fichier est incomplet ou altéré."
            ) from error

    def _check_counts(self):
        if self.trailer is None:
            raise FlowRefused(
                "Le bloc TransmissionFlux manque à la fin du fichier : le fichier est incomplet "
                "(transfert interrompu ?). Demandez à la CAF de le transmettre à nouveau."
            )
        if self.trailer.households != self.read_count:
            raise FlowRefused(
                f"Le flux annonce {self.trailer.households} dossiers (NBTOTDOSRSATRANSM) mais "
                f"en contient {self.read_count} : il est incomplet ou altéré. Demandez à la CAF "
                "de le transmettre à nouveau."
            )


class _refusing_bad_input:
    """Turn what a damaged file makes the readers raise into a refusal with a reason."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None or isinstance(error, FlowRefused | GeneratorExit):
            return False
        if isinstance(error, etree.XMLSyntaxError):
            line = error.position[0] if error.position else "?"
            raise FlowRefused(
                f"Le fichier n'est pas un XML bien formé (erreur à la ligne {line}) : il est "
                f"tronqué ou altéré. {NOT_A_FLOW}"
            ) from None
        if isinstance(error, OSError | EOFError | zlib.error):
            raise FlowRefused(
                "Le fichier compressé est illisible ou tronqué. Déposez le fichier tel que la CAF "
                "l'a transmis (XML, ou XML compressé en gzip)."
            ) from None
        return False


def _root_tag(stream, encoding: str | None) -> str:
    parser = etree.XMLPullParser(
        events=("start",),
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
    )
    # Small chunks: the root is near the top, and a damaged byte further on must not hide it.
    while chunk := stream.read(512):
        parser.feed(chunk)
        for _event, element in parser.read_events():
            return element.tag if isinstance(element.tag, str) else "?"
    parser.close()  # raises XMLSyntaxError: an empty or unfinished document
    return "?"


def _guess_encoding(prolog: bytes, stream) -> str | None:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(prolog)
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "windows-1252"
    return None


def _header(values: dict) -> FlowHeader:
    created_on = parse_date(values.get("DTCREAFLUX"))
    created_at = parse_time(values.get("HEUCREAFLUX"))
    reference_date = parse_date(values.get("DTREF"))
    if created_on is None or created_at is None or reference_date is None:
        raise FlowRefused(
            "IdentificationFlux : la date de création (DTCREAFLUX), l'heure (HEUCREAFLUX) ou la "
            "date de référence (DTREF) manque ou n'est pas au format du schéma."
        )
    flow_type, nature = values.get("TYPEFLUX", ""), values.get("NATFLUX", "")
    if flow_type not in FLOW_TYPES:
        raise FlowRefused(
            f"IdentificationFlux : le type de flux « {flow_type[:3]} » n'est ni quotidien (I), "
            "ni mensuel (M), ni une reprise (R)."
        )
    if nature != BENEFICIARIES:
        raise FlowRefused(
            f"IdentificationFlux : la nature de flux « {nature[:3]} » n'est pas celle du flux "
            "bénéficiaires (D). Relais n'importe que le flux bénéficiaires RSA."
        )
    return FlowHeader(
        application=values.get("APPLIEME", ""),
        version=values.get("NUMVERSIONAPPLIEME", ""),
        flow_type=flow_type,
        flow_nature=nature,
        created_on=created_on,
        created_at=created_at,
        reference_date=reference_date,
    )


def _detach(element):
    """Take the household out of the tree, with whatever came before it (the header).

    The tree keeps nothing but the root: memory holds only the households the caller
    still references (a batch), whatever the size of the file.
    """
    root = element.getparent()
    # Only what precedes it: the parser may already have started the next household.
    while element.getprevious() is not None:
        del root[0]
    root.remove(element)
    return element
