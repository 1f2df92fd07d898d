"""What the parser reads from a flow, before any check: texts, as the file gives them."""

import datetime as dt
from dataclasses import dataclass, field


class FlowRefused(Exception):
    """The file as a whole is not a CNAF beneficiaries flow: nothing of it is imported."""


@dataclass(frozen=True)
class FlowHeader:
    """IdentificationFlux."""

    application: str
    version: str
    flow_type: str  # TYPEFLUX: I daily, M monthly, R resumption
    flow_nature: str  # NATFLUX: D beneficiaries
    created_on: dt.date  # DTCREAFLUX
    created_at: dt.time  # HEUCREAFLUX
    reference_date: dt.date  # DTREF

    @property
    def nature(self) -> str:
        return "daily" if self.flow_type == "I" else "monthly"


@dataclass(slots=True)
class RawPerson:
    # Identification, DossierPoleEmploi and MontantCalculDroitRSAPersonne leaves by tag name.
    identity: dict
    duties: dict | None  # None: the MontantCalculDroitRSAPersonne block is absent
    roles: list  # (NATPREST, ROLEPERS) of each Prestations block
    france_travail_id: str | None


@dataclass(slots=True)
class RawHousehold:
    position: int  # 1-based rank of the InfosFoyerRSA element in the file
    leaves: dict  # MATRICULE, IDEPARTE, DTDEMRSA, NUMDEMRSA, ETATDOSRSA by tag name
    transfer_in: dict | None = None  # OrganismeCedant
    transfer_out: dict | None = None  # OrganismePrenant
    closure: dict | None = None  # FinDroit
    earlier_closure: dict | None = None  # FinDroitMoisAnterieur
    suspensions: list = field(default_factory=list)  # (tag, leaves) of each suspension
    addresses: list = field(default_factory=list)  # (TroncCommunAdresse, detail) leaves
    persons: list = field(default_factory=list)
    anomalies: int = 0

    def signature(self) -> str:
        """Everything Relais reads of the household, in a fixed order: what its hash covers."""
        return repr(
            (
                self.leaves,
                self.transfer_in,
                self.transfer_out,
                self.closure,
                self.earlier_closure,
                self.suspensions,
                self.addresses,
                [(p.identity, p.duties, p.roles, p.france_travail_id) for p in self.persons],
            )
        )


@dataclass(frozen=True)
class FlowTrailer:
    """TransmissionFlux: the counts the CAF announces, checked against what was read."""

    households: int
    households_with_anomalies: int
