"""Household and person specs: what a synthetic flow says, before it is written as XML.

Tests and the demo build them by hand or through `generator.FlowGenerator`, change them
(`dataclasses.replace`, or `FlowGenerator.evolve` for the next day's flow) and write them
with `flowxml.write_flow`.
"""

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class PersonSpec:
    birth_name: str
    first_name: str
    birth_date: dt.date
    role: str = "DEM"  # ROLEPERS: DEM, CJT, ENF, AUT, RDO
    sex: str = "2"  # SEXE: "1" male, "2" female
    usage_name: str = ""  # NOM when it differs from the birth name
    other_first_names: tuple = ()
    birth_place: str = "MONTAUBAN"
    nir: str = ""
    france_travail_id: str = ""
    # TOPPERSDRODEVORSA; None leaves the MontantCalculDroitRSAPersonne block out.
    subject_to_duties: bool | None = True
    entering: bool = False  # TOPPERSENTDRODEVORSA = 1 in this flow


@dataclass
class HouseholdSpec:
    caf_number: int | str
    application_number: str
    application_date: dt.date
    persons: list = field(default_factory=list)
    right_state: str = "2"  # ETATDOSRSA
    departement: str = "082"  # IDEPARTE
    commune_code: str = "82121"
    postcode: str = "82000"
    commune_name: str = "MONTAUBAN"
    street_number: str = "1"
    street_type: str = "RUE"
    street_name: str = "DE LA REPUBLIQUE"
    address_complement: str = ""
    suspension: tuple | None = None  # (MOTISUSVERSRSA, date)
    closure: tuple | None = None  # (MOTICLORSA, date)
    transfer_in: tuple | None = None  # ("CAF311", DDARRMUT)
    transfer_out: tuple | None = None  # ("CAF311", DDDEPAMUT)
