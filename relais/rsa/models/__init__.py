"""The RSA pathway's data, one module per stage; import models from here."""

from relais.rsa.models.contracts import Contract, ContractAction, Exit, JointSupport
from relais.rsa.models.ep import EpCase, EpMember, EpSession, Sanction
from relais.rsa.models.flows import (
    Beneficiary,
    CafFlow,
    DutiesChange,
    HistoryImport,
    RightState,
    RightStateChange,
    RsaFile,
)
from relais.rsa.models.orientation import (
    Convocation,
    Diagnostic,
    Orientation,
    OrientationRule,
    ReferentBody,
    ReorientationRequest,
    Track,
)

__all__ = [
    "Beneficiary",
    "CafFlow",
    "Contract",
    "ContractAction",
    "Convocation",
    "Diagnostic",
    "DutiesChange",
    "EpCase",
    "EpMember",
    "EpSession",
    "Exit",
    "HistoryImport",
    "JointSupport",
    "Orientation",
    "OrientationRule",
    "ReferentBody",
    "ReorientationRequest",
    "RightState",
    "RightStateChange",
    "RsaFile",
    "Sanction",
    "Track",
]
