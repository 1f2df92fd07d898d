"""Check one raw household and turn it into the values Relais stores, or reject it.

Everything is checked here, in Python, before anything of the household is written: a
rejected household leaves no trace but its line in the report (position and reason, in
French, never a name or a NIR).
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from relais.rsa.caf.checks import HouseholdRejected, date_value, text_value
from relais.rsa.caf.person_checks import check_person
from relais.rsa.caf.records import FlowHeader, RawHousehold

RIGHT_STATES = set("0123456")
_INTEGER = re.compile(r"\+?0*(\d+)")


@dataclass(slots=True)
class HouseholdData:
    position: int
    caf_number: str
    application_number: str
    application_date: dt.date
    right_state: str
    suspension_reason: str = ""
    suspended_on: dt.date | None = None
    closure_reason: str = ""
    closed_on: dt.date | None = None
    transferred_in_from: str = ""
    transferred_in_on: dt.date | None = None
    transferred_out_to: str = ""
    transferred_out_on: dt.date | None = None
    address: str = ""
    commune_code: str = ""
    persons: list = field(default_factory=list)
    skipped: int = 0
    content_hash: str = ""


def caf_number_of(raw: RawHousehold) -> str:
    return caf_number_from(raw.leaves.get("MATRICULE"))


def caf_number_from(text: str | None) -> str:
    """MATRICULE (an integer of up to 15 digits) as Relais's 7 digits, left-padded."""
    match = _INTEGER.fullmatch((text or "").strip())
    if match is None:
        raise HouseholdRejected("Numéro allocataire (MATRICULE) absent ou non numérique.")
    digits = match[1]
    if len(digits) > 7:
        raise HouseholdRejected(
            "Numéro allocataire (MATRICULE) de plus de 7 chiffres significatifs : Relais ne "
            "connaît que les numéros à 7 chiffres ; signalez-le à la CAF."
        )
    if int(digits) == 0:
        raise HouseholdRejected("Numéro allocataire (MATRICULE) nul.")
    return digits.zfill(7)


def validate(raw: RawHousehold, *, header: FlowHeader, departement_code: str) -> HouseholdData:
    caf_number = caf_number_of(raw)
    try:
        return _validate(raw, caf_number, header, departement_code)
    except HouseholdRejected as rejection:
        rejection.caf_number = caf_number
        raise


def _validate(raw, caf_number, header, departement_code) -> HouseholdData:
    values = raw.leaves
    if values.get("IDEPARTE", "") != departement_code.zfill(3):
        raise HouseholdRejected(
            f"Dossier d'un autre département (IDEPARTE « {values.get('IDEPARTE', '')[:3]} ») : "
            "il n'est pas importé."
        )
    state = values.get("ETATDOSRSA", "")
    if state not in RIGHT_STATES:
        raise HouseholdRejected("État du droit (ETATDOSRSA) absent ou hors des valeurs 0 à 6.")
    household = HouseholdData(
        position=raw.position,
        caf_number=caf_number,
        application_number=text_value(values, "NUMDEMRSA", 11, "numéro de demande RSA"),
        application_date=date_value(values, "DTDEMRSA", "date de la demande RSA"),
        right_state=state,
    )
    _situation(raw, household)
    _transfers(raw, household)
    _address(raw, household)
    _persons(raw, household, header)
    return household


def _situation(raw: RawHousehold, household: HouseholdData):
    latest = None
    for tag, values in raw.suspensions:
        reason_tag, date_tag = (
            ("MOTISUSDRORSA", "DDSUSDRORSA")
            if tag == "SuspensionDroit"
            else ("MOTISUSVERSRSA", "DDSUSVERSRSA")
        )
        reason = text_value(values, reason_tag, 3, "motif de suspension")
        on = date_value(values, date_tag, "date de suspension")
        if latest is None or on >= latest[1]:
            latest = (reason, on)
    if latest:
        household.suspension_reason, household.suspended_on = latest
    closure = raw.closure or raw.earlier_closure
    if closure is not None:
        household.closure_reason = text_value(closure, "MOTICLORSA", 3, "motif de clôture")
        household.closed_on = date_value(closure, "DTCLORSA", "date de clôture")


def _transfers(raw: RawHousehold, household: HouseholdData):
    if raw.transfer_in is not None:
        values = raw.transfer_in
        household.transferred_in_from = _organisation(values, "FONORGCEDMUT", "NUMORGCEDMUT")
        household.transferred_in_on = date_value(values, "DDARRMUT", "date d'arrivée")
    if raw.transfer_out is not None:
        values = raw.transfer_out
        household.transferred_out_to = _organisation(values, "FONORGPRENMUT", "NUMORGPRENMUT")
        household.transferred_out_on = date_value(values, "DDDEPAMUT", "date de départ")


def _organisation(values: dict, kind_tag: str, number_tag: str) -> str:
    kind = text_value(values, kind_tag, 3, "type d'organisme")
    return kind + text_value(values, number_tag, 3, "numéro d'organisme")


def _address(raw: RawHousehold, household: HouseholdData):
    """The address of rank 1 (RGADR), or the lowest rank the flow gives."""
    ranked = []
    for common, detail in raw.addresses:
        match = _INTEGER.fullmatch(common.get("RGADR", ""))
        ranked.append((int(match[1]) if match else 99, common, detail))
    if not ranked:
        raise HouseholdRejected("Adresse du foyer (DonneesAdministratives/Adresse) absente.")
    _rank, _common, detail = min(ranked, key=lambda item: item[0])
    if "NUMCOM" in detail:
        street = " ".join(
            part for part in (detail.get(k) for k in ("NUMVOIE", "LIBTYPEVOIE", "NOMVOIE")) if part
        )
        town = " ".join(part for part in (detail.get("CODEPOS"), detail.get("NOMCOM")) if part)
        parts = (detail.get("COMPLIDEADR"), detail.get("COMPLADR"), street, detail.get("LIEUDIST"))
        household.address = ", ".join(part for part in (*parts, town) if part)[:250]
        household.commune_code = detail.get("NUMCOM", "")[:5]
    else:
        lines = (detail.get(f"LIBLIG{n}ADR") for n in range(2, 8))
        household.address = ", ".join(line for line in lines if line)[:250]


def _persons(raw: RawHousehold, household: HouseholdData, header: FlowHeader):
    if not raw.persons:
        raise HouseholdRejected("Aucune personne (Personne) dans le dossier.")
    seen_nirs = set()
    for rank, person in enumerate(raw.persons, 1):
        data = check_person(person, rank, header)
        if data is None:
            household.skipped += 1
            continue
        if data.nir_hash:
            if data.nir_hash in seen_nirs:
                raise HouseholdRejected(f"Le NIR de la personne n° {rank} figure deux fois.")
            seen_nirs.add(data.nir_hash)
        household.persons.append(data)
