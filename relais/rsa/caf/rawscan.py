"""Hash each household's bytes as the parser reads them: the cheap "unchanged" check.

A daily or monthly flow repeats most households byte for byte. Serialising each parsed
element again to hash it would cost a quarter of the parse; instead the file object given
to the parser also cuts the byte stream at `<InfosFoyerRSA` … `</InfosFoyerRSA>` and hashes
each household as it passes (a `bytes.find` per boundary). The parser checks that the k-th
hash belongs to the k-th household (same MATRICULE) and falls back to serialising the
element when it does not (a comment quoting the tag, say): a wrong pairing is never used.
"""

from collections import deque

from relais.rsa.caf.hashing import raw_hasher

OPEN, CLOSE = b"<InfosFoyerRSA", b"</InfosFoyerRSA>"
_AFTER_NAME = frozenset(b"> \t\r\n/")


class HashingReader:
    """A file object around the decompressed stream; `hashes` receives (MATRICULE, digest)."""

    def __init__(self, stream, encoding: str):
        self.stream = stream
        self.hashes = deque()
        self.digest = raw_hasher(encoding)
        self._carry = b""
        self._parts = None  # the open household's bytes so far, or None between households

    def read(self, size=-1) -> bytes:
        data = self.stream.read(size)
        if data:
            self._scan(self._carry + data)
        return data

    def _scan(self, text: bytes) -> None:
        position, self._carry = 0, b""
        while True:
            if self._parts is None:
                start = text.find(OPEN, position)
                if start < 0 or start + len(OPEN) >= len(text):
                    keep = start if start >= 0 else max(position, len(text) - len(OPEN) + 1)
                    self._carry = text[keep:]
                    return
                position = start + len(OPEN)
                if text[position] in _AFTER_NAME:
                    self._parts, position = [], start
                continue
            end = text.find(CLOSE, position)
            if end < 0:
                keep = max(position, len(text) - len(CLOSE) + 1)
                self._parts.append(text[position:keep])
                self._carry = text[keep:]
                return
            end += len(CLOSE)
            self._parts.append(text[position:end])
            self._close(b"".join(self._parts))
            self._parts, position = None, end

    def _close(self, household: bytes) -> None:
        start = household.find(b"<MATRICULE>")
        end = household.find(b"</MATRICULE>", start)
        number = household[start + 11 : end].strip().decode("ascii", "replace") if end > 0 else ""
        self.hashes.append((number if start >= 0 else "", self.digest(household)))
