"""Check one person of a household, and keep only those Relais stores (minimisation)."""

import datetime as dt
import re
from dataclasses import dataclass

from relais.rsa.caf.checks import HouseholdRejected, date_value, text_value
from relais.rsa.caf.hashing import content_digest, nir_hash
from relais.rsa.caf.records import FlowHeader, RawPerson
from relais.rsa.caf.values import parse_boolean

# Data minimisation: the applicant, the partner and the file holder are stored; other members
# (children…) only when the flow says they are subject to rights and duties.
STORED_ROLES = {"DEM", "CJT", "RDO"}
CAF_ROLES = {"DEM", "CJT", "ENF", "AUT", "RDO"}
HOUSEHOLD_ROLES = {
    "DEM": "applicant",
    "RDO": "applicant",
    "CJT": "partner",
    "ENF": "child",
    "AUT": "other",
}
SEXES = {"1": "M", "2": "F"}
_NIR = re.compile(r"[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{6}(?:[0-9]{2})?")


@dataclass(slots=True)
class PersonData:
    rank: int  # 1-based rank of the Personne element in the household
    caf_role: str
    household_role: str
    birth_name: str
    usage_name: str
    first_names: str
    sex: str
    birth_date: dt.date
    birth_place: str
    nir_hash: str
    france_travail_id: str
    subject: bool | None  # None: the flow says nothing this time
    entering: bool
    content_hash: str = ""


def check_person(person: RawPerson, rank: int, header: FlowHeader) -> PersonData | None:
    """The person's values, or None for a member Relais does not store (minimisation)."""
    role = _role(person, rank)
    subject, entering = _duties(person, rank)
    if role not in STORED_ROLES and not subject:
        return None
    identity = person.identity
    label = f"de la personne n° {rank}"
    birth_date = date_value(identity, "DTNAI", f"date de naissance {label}")
    if birth_date > header.created_on:
        raise HouseholdRejected(f"Date de naissance {label} (DTNAI) postérieure à la date du flux.")
    sex = SEXES.get(identity.get("SEXE", ""))
    if sex is None:
        raise HouseholdRejected(f"Sexe {label} (SEXE) absent ou différent de 1 ou 2.")
    birth_name = text_value(identity, "NOMNAI", 100, f"nom de naissance {label}")
    usage_name = text_value(identity, "NOM", 100, f"nom {label}", required=False)
    # The schema allows 32 + 15 + 15 characters; the file's field holds 150.
    first_names = " ".join(
        text_value(identity, tag, 48, f"prénom {label}", required=tag == "PRENOM")
        for tag in ("PRENOM", "PRENOM2", "PRENOM3")
        if tag == "PRENOM" or identity.get(tag)
    )
    nir = identity.get("NIR") or ""
    if nir and not _NIR.fullmatch(nir.replace(" ", "").upper()):
        raise HouseholdRejected(f"NIR {label} mal formé (13 ou 15 caractères attendus).")
    france_travail_id = person.france_travail_id or ""
    if len(france_travail_id) > 8:
        raise HouseholdRejected(f"Identifiant France Travail {label} (IDASSEDIC) trop long.")
    return PersonData(
        rank=rank,
        caf_role=role,
        household_role=HOUSEHOLD_ROLES[role],
        birth_name=birth_name,
        usage_name="" if usage_name == birth_name else usage_name,
        first_names=first_names,
        sex=sex,
        birth_date=birth_date,
        birth_place=text_value(
            identity, "NOMCOMNAI", 150, f"commune de naissance {label}", required=False
        ),
        nir_hash=nir_hash(nir) if nir else "",
        france_travail_id=france_travail_id,
        subject=subject,
        entering=entering,
        content_hash=content_digest(
            repr((person.identity, person.duties, person.roles, france_travail_id))
        ),
    )


def _raw_role(person: RawPerson) -> str | None:
    """ROLEPERS of the RSA benefit (NATPREST RSA), else of the first Prestations block."""
    roles = [role for nature, role in person.roles if nature == "RSA"] or [
        role for _nature, role in person.roles
    ]
    return roles[0] if roles else None


def _role(person: RawPerson, rank: int) -> str:
    role = _raw_role(person)
    if role not in CAF_ROLES:
        raise HouseholdRejected(
            f"Rôle de la personne n° {rank} (ROLEPERS) absent ou inconnu (DEM, CJT, ENF, AUT, RDO)."
        )
    return role


def _duties(person: RawPerson, rank: int) -> tuple[bool | None, bool]:
    if person.duties is None:
        return None, False
    subject = parse_boolean(person.duties.get("TOPPERSDRODEVORSA"))
    if subject is None:
        raise HouseholdRejected(
            f"Soumission aux droits et devoirs de la personne n° {rank} (TOPPERSDRODEVORSA) "
            "absente ou différente de 0 ou 1."
        )
    entering_text = person.duties.get("TOPPERSENTDRODEVORSA")
    entering = parse_boolean(entering_text) if entering_text else False
    if entering is None:
        raise HouseholdRejected(
            f"Entrée dans les droits et devoirs de la personne n° {rank} (TOPPERSENTDRODEVORSA) "
            "différente de 0 ou 1."
        )
    if entering and not subject:
        raise HouseholdRejected(
            f"La personne n° {rank} entre dans les droits et devoirs (TOPPERSENTDRODEVORSA = 1) "
            "sans y être soumise (TOPPERSDRODEVORSA = 0) : le dossier est incohérent."
        )
    return subject, entering
