"""Read the parts of one `InfosFoyerRSA` element Relais needs, by walking its children once.

Walking the children (rather than one XPath per field) keeps the parse cheap: the file is
large and most of each household (resources, controls…) is not read at all.
"""

from lxml import etree

from relais.rsa.caf.records import RawHousehold, RawPerson


def leaves(element) -> dict:
    """{tag: stripped text} of the element's children (empty elements give "")."""
    return {
        child.tag: (child.text or "").strip() for child in element if isinstance(child.tag, str)
    }


def household_from(element, position: int) -> RawHousehold:
    household = RawHousehold(position=position, leaves={})
    for block in element:
        tag = block.tag
        if tag == "Personne":
            household.persons.append(_person(block))
        elif tag == "IdentificationRSA":
            _identification(block, household)
        elif tag == "PrestationRSA":
            _benefit(block, household)
        elif tag == "DonneesAdministratives":
            household.addresses = [_address(item) for item in block if item.tag == "Adresse"]
        elif tag == "Anomalie":
            household.anomalies += 1
    return household


def _identification(block, household: RawHousehold):
    for part in block:
        tag = part.tag
        if tag in ("Organisme", "Partenaire", "DemandeRSA"):
            household.leaves.update(leaves(part))
        elif tag == "OrganismeCedant":
            household.transfer_in = leaves(part)
        elif tag == "OrganismePrenant":
            household.transfer_out = leaves(part)


def _benefit(block, household: RawHousehold):
    for part in block:
        if part.tag != "SituationDossierRSA":
            continue
        for item in part:
            tag = item.tag
            if tag == "EtatDossierRSA":
                household.leaves.update(leaves(item))
            elif tag in ("SuspensionDroit", "SuspensionVersement"):
                household.suspensions.append((tag, leaves(item)))
            elif tag == "FinDroit":
                household.closure = leaves(item)
            elif tag == "FinDroitMoisAnterieur":
                household.earlier_closure = leaves(item)


def _address(block) -> tuple:
    common, detail = {}, {}
    for part in block:
        if part.tag == "TroncCommunAdresse":
            common = leaves(part)
        elif part.tag in ("AdresseDetailleeFrance", "AdresseHorsFrance"):
            detail = leaves(part)
    return common, detail


def _person(block) -> RawPerson:
    person = RawPerson(identity={}, duties=None, roles=[], france_travail_id=None)
    for part in block:
        tag = part.tag
        if tag == "Identification":
            person.identity = leaves(part)
        elif tag == "Prestations":
            values = leaves(part)
            person.roles.append((values.get("NATPREST"), values.get("ROLEPERS")))
        elif tag == "MontantCalculDroitRSAPersonne":
            person.duties = leaves(part)
        elif tag == "DossierPoleEmploi":
            person.france_travail_id = leaves(part).get("IDASSEDIC")
    return person


class FlowHousehold:
    """One `InfosFoyerRSA` element as read, and what the importer asks of it."""

    __slots__ = ("position", "element", "_scanned", "_digest", "_caf_text")

    def __init__(self, position: int, element, scanned, digest):
        self.position = position  # 1-based rank in the file
        self.element = element
        self._scanned = scanned  # (MATRICULE, hash of the bytes) from the HashingReader
        self._digest = digest
        self._caf_text = False

    def caf_text(self) -> str | None:
        if self._caf_text is False:
            self._caf_text = _matricule(self.element)
        return self._caf_text

    def quick_hash(self) -> str:
        """The hash of the household's bytes: equal bytes, equal household."""
        if self._scanned is not None and self._scanned[0] == (self.caf_text() or "").strip():
            return self._scanned[1]
        return self._digest(etree.tostring(self.element, with_tail=False))

    def person_count(self) -> int:
        return sum(1 for _ in self.element.iterchildren("Personne"))

    def read(self) -> RawHousehold:
        return household_from(self.element, self.position)


def _matricule(element) -> str | None:
    # The schema's order puts it at IdentificationRSA/Organisme/MATRICULE = [0][0][2].
    try:
        identification = element[0]
        organisme = identification[0]
        number = organisme[2]
        if (identification.tag, organisme.tag, number.tag) == (
            "IdentificationRSA",
            "Organisme",
            "MATRICULE",
        ):
            return number.text
    except IndexError:
        pass
    return element.findtext("IdentificationRSA/Organisme/MATRICULE")
