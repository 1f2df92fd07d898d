"""The FARE82 return-to-work fund (action sheet 7.1): funds, categories, applications."""

from relais.aid.models.applications import (
    TRANSITIONS,
    AidApplication,
    AidDocument,
    ContractKind,
    PayeeKind,
    PaymentBatch,
    Purpose,
    RefusalReason,
    Status,
)
from relais.aid.models.funds import AidCategory, AidFund, CategoryCode, DocumentKind

__all__ = [
    "TRANSITIONS",
    "AidApplication",
    "AidCategory",
    "AidDocument",
    "AidFund",
    "CategoryCode",
    "ContractKind",
    "DocumentKind",
    "PayeeKind",
    "PaymentBatch",
    "Purpose",
    "RefusalReason",
    "Status",
]
