"""One household of a batch on its way through the import: read and checked once, lazily.

An unchanged household (same bytes as last time) is never read in detail; a household of a
first import is read and checked before the batch's queries, while the previous batch is
still being written (see `importer`).
"""

from relais.rsa.caf.checks import HouseholdRejected
from relais.rsa.caf.hashing import content_digest
from relais.rsa.caf.validation import validate


class Candidate:
    __slots__ = ("item", "caf_number", "quick", "_raw", "_slow", "_checked")

    def __init__(self, item, caf_number: str, quick: str):
        self.item = item  # parser.FlowHousehold
        self.caf_number = caf_number
        self.quick = quick  # hash of the household's bytes
        self._raw = self._slow = self._checked = None

    def raw(self):
        if self._raw is None:
            self._raw = self.item.read()
        return self._raw

    def slow(self) -> str:
        """Hash of what Relais reads of the household (its fields, not its bytes)."""
        if self._slow is None:
            self._slow = content_digest(self.raw().signature())
        return self._slow

    def check(self, header, departement_code: str):
        """The checked household (HouseholdData), or the HouseholdRejected that refused it."""
        if self._checked is None:
            try:
                self._checked = validate(
                    self.raw(), header=header, departement_code=departement_code
                )
                self._checked.content_hash = self.quick + self.slow()
            except HouseholdRejected as rejection:
                self._checked = rejection
        return self._checked
