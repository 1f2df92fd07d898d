"""The insertion offer: the catalogue, prescriptions, and each programme's specifics."""

from relais.programmes.models.catalogue import (
    CapacityModel,
    IntakeMode,
    Programme,
    ProgrammeCoach,
    ProgrammeKind,
    Session,
    TargetUnit,
)
from relais.programmes.models.prescriptions import (
    OPEN_STATUSES,
    PLACE_HOLDING_STATUSES,
    POSITIVE_OUTCOMES,
    TRANSITIONS,
    Outcome,
    Prescription,
    RefusalReason,
    Status,
)
from relais.programmes.models.specifics import Cefr, LanguageAssessment, WorkDay

__all__ = [
    "OPEN_STATUSES",
    "PLACE_HOLDING_STATUSES",
    "POSITIVE_OUTCOMES",
    "TRANSITIONS",
    "CapacityModel",
    "Cefr",
    "IntakeMode",
    "LanguageAssessment",
    "Outcome",
    "Prescription",
    "Programme",
    "ProgrammeCoach",
    "ProgrammeKind",
    "RefusalReason",
    "Session",
    "Status",
    "TargetUnit",
    "WorkDay",
]
