"""Write household specs as a CNAF beneficiaries flow, valid against vrsb0801.xsd.

Streamed: each household is written as soon as it is given, so a flow of any size needs the
memory of one household. Elements follow the schema's sequences (order matters in XSD).
"""

import datetime as dt
import gzip
import io
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from relais.rsa.caf.specs import HouseholdSpec, PersonSpec

FLOW_TYPES = {"daily": "I", "monthly": "M"}


def write_flow(
    target,
    households: Iterable[HouseholdSpec],
    *,
    created_on: dt.date,
    reference_date: dt.date | None = None,
    created_at: dt.time = dt.time(6, 0, 0),
    nature: str = "daily",
    encoding: str = "utf-8",
    compress: bool = False,
) -> int:
    """Write the flow to `target` (a path or a binary file); return the number of households."""
    owned = isinstance(target, str | Path)
    binary = open(target, "wb") if owned else target
    raw = gzip.GzipFile(fileobj=binary, mode="wb", mtime=0) if compress else binary
    text = io.TextIOWrapper(raw, encoding=encoding, errors="xmlcharrefreplace", newline="\n")
    try:
        text.write(f'<?xml version="1.0" encoding="{encoding}"?>\n<Racine>\n')
        text.write(
            _element(
                "IdentificationFlux",
                _leaves(
                    ("APPLIEME", "CRI"),
                    ("NUMVERSIONAPPLIEME", "V1.0"),
                    ("TYPEFLUX", FLOW_TYPES[nature]),
                    ("NATFLUX", "D"),
                    ("DTCREAFLUX", created_on.isoformat()),
                    ("HEUCREAFLUX", created_at.strftime("%H:%M:%S")),
                    ("DTREF", (reference_date or created_on).isoformat()),
                ),
            )
        )
        count = 0
        for household in households:
            text.write(household_xml(household))
            count += 1
        text.write(
            _element(
                "TransmissionFlux",
                _leaves(("NBTOTDOSRSATRANSM", count), ("NBTOTDOSRSATRANSMANO", 0)),
            )
        )
        text.write("</Racine>\n")
        text.flush()
    finally:
        text.detach()
        if compress:
            raw.close()
        if owned:
            binary.close()
    return count


def household_xml(household: HouseholdSpec) -> str:
    identification = [
        _element(
            "Organisme",
            _leaves(("FONORG", "CAF"), ("NUMORG", "821"), ("MATRICULE", household.caf_number)),
        ),
        _element("Partenaire", _leaves(("TYPEPARTE", "CG"), ("IDEPARTE", household.departement))),
        _element(
            "DemandeRSA",
            _leaves(
                ("DTDEMRSA", household.application_date.isoformat()),
                ("NUMDEMRSA", household.application_number),
            ),
        ),
    ]
    if household.transfer_in:
        organisation, on = household.transfer_in
        identification.append(
            _element(
                "OrganismeCedant",
                _leaves(
                    ("FONORGCEDMUT", organisation[:3]),
                    ("NUMORGCEDMUT", organisation[3:]),
                    ("DDARRMUT", on.isoformat()),
                ),
            )
        )
    if household.transfer_out:
        organisation, on = household.transfer_out
        identification.append(
            _element(
                "OrganismePrenant",
                _leaves(
                    ("FONORGPRENMUT", organisation[:3]),
                    ("NUMORGPRENMUT", organisation[3:]),
                    ("DDDEPAMUT", on.isoformat()),
                ),
            )
        )
    return _element(
        "InfosFoyerRSA",
        _element("IdentificationRSA", "".join(identification))
        + "".join(_person(person, household) for person in household.persons)
        + _administrative(household)
        + _benefit(household),
    )


def _person(person: PersonSpec, household: HouseholdSpec) -> str:
    identity = [
        ("NOM", person.usage_name or person.birth_name),
        ("NOMNAI", person.birth_name),
        ("PRENOM", person.first_name),
    ]
    identity += [(f"PRENOM{n}", name) for n, name in enumerate(person.other_first_names[:2], 2)]
    identity += [("NOMCOMNAI", person.birth_place), ("DTNAI", person.birth_date.isoformat())]
    if person.nir:
        identity.append(("NIR", person.nir))
    identity.append(("SEXE", person.sex))
    holder = "1" if person.role in ("DEM", "RDO") else "0"
    parts = [
        _element("Identification", _leaves(*identity)),
        _element(
            "DossierCAF",
            _leaves(("TOPRESPDOS", holder), ("DDRATDOS", household.application_date.isoformat())),
        ),
        _element(
            "Prestations",
            _leaves(("NATPREST", "PFA"), ("ROLEPERS", person.role), ("TOPCHAPERS", "0")),
        ),
        _element(
            "Prestations",
            _leaves(("NATPREST", "RSA"), ("ROLEPERS", person.role), ("TOPCHAPERS", "0")),
        ),
    ]
    if person.france_travail_id:
        parts.append(
            _element("DossierPoleEmploi", _leaves(("IDASSEDIC", person.france_travail_id)))
        )
    if person.subject_to_duties is not None:
        duties = [("TOPPERSDRODEVORSA", int(person.subject_to_duties))]
        if person.entering:
            duties.append(("TOPPERSENTDRODEVORSA", 1))
        parts.append(_element("MontantCalculDroitRSAPersonne", _leaves(*duties)))
    return _element("Personne", "".join(parts))


def _administrative(household: HouseholdSpec) -> str:
    family = "MAR" if any(p.role == "CJT" for p in household.persons) else "CEL"
    address = _element(
        "Adresse",
        _element(
            "TroncCommunAdresse",
            _leaves(("RGADR", 1), ("PAYS", "FRA"), ("TYPEADR", "D"), ("ETATADR", "CO")),
        )
        + _element(
            "AdresseDetailleeFrance",
            _leaves(
                ("COMPLIDEADR", ""),
                ("COMPLADR", household.address_complement),
                ("NUMVOIE", household.street_number),
                ("LIBTYPEVOIE", household.street_type),
                ("NOMVOIE", household.street_name),
                ("LIEUDIST", ""),
                ("NUMCOM", household.commune_code),
                ("CODEPOS", household.postcode),
                ("NOMCOM", household.commune_name),
            ),
        ),
    )
    situation = _element(
        "SituationFamille",
        _leaves(("SITFAM", family), ("DDSITFAM", household.application_date.isoformat())),
    )
    return _element("DonneesAdministratives", situation + address)


def _benefit(household: HouseholdSpec) -> str:
    situation = [_element("EtatDossierRSA", _leaves(("ETATDOSRSA", household.right_state)))]
    if household.suspension:
        reason, on = household.suspension
        situation.append(
            _element(
                "SuspensionVersement",
                _leaves(("MOTISUSVERSRSA", reason), ("DDSUSVERSRSA", on.isoformat())),
            )
        )
    if household.closure:
        reason, on = household.closure
        situation.append(
            _element("FinDroit", _leaves(("MOTICLORSA", reason), ("DTCLORSA", on.isoformat())))
        )
    detail = _element("TroncCommunDroitRSA", _leaves(("TOPSANSDOMFIXE", "0"), ("ORIDEMRSA", "RSA")))
    return _element(
        "PrestationRSA",
        _element("SituationDossierRSA", "".join(situation)) + _element("DetailDroitRSA", detail),
    )


def _element(tag: str, content: str) -> str:
    return f"<{tag}>\n{content}</{tag}>\n"


def _leaves(*pairs) -> str:
    return "".join(f"<{tag}>{escape(str(value))}</{tag}>\n" for tag, value in pairs)
