"""Paying: one payment recorded by the secretariat, and the batch export for the finance software.

The export is one transaction: the batch, the CSV and the "sent" mark happen together or not
at all — a failure while writing leaves the applications approved and in no batch.
"""

import csv
import datetime as dt
import hashlib
import io

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from relais.aid import iban as ibans
from relais.aid.models import AidApplication, PaymentBatch, Status
from relais.aid.services import AidError
from relais.aid.services.common import check_move, locked, log, state
from relais.aid.services.decisions import lock_fund

CSV_COLUMNS = ("beneficiaire", "iban", "montant", "ligne_budgetaire", "reference_demande")


@transaction.atomic
def pay(*, user, application, paid_on: dt.date, reference: str):
    reference = reference.strip()
    if not reference:
        raise AidError("Indiquez la référence du paiement (mandat ou virement).")
    if paid_on > timezone.localdate():
        raise AidError("La date de paiement ne peut pas être dans le futur.")
    lock_fund(application.fund_id)
    application = locked(application)
    check_move(application, Status.PAID)
    if application.payment_batch_id is None:
        raise AidError(
            "Transmettez d'abord l'aide au paiement (lot pour le logiciel financier), puis "
            "enregistrez le paiement."
        )
    before = state(application)
    application.status = Status.PAID
    application.paid_on = paid_on
    application.payment_reference = reference[:50]
    application.save()
    log(user, application, before, "Aide FARE82 payée")
    return application


def reference_of(application) -> str:
    """The application's reference for the finance software: no personal data in it."""
    return f"FARE82-{application.fund.year}-{application.pk:06d}"


def _cell(text: str) -> str:
    """Text a spreadsheet would read as a formula is quoted: the file is opened there too."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@sensitive_variables("buffer", "writer")
def csv_content(applications) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for application in applications:
        writer.writerow(
            [
                _cell(application.payee_name),
                ibans.decrypt(application.iban_encrypted),
                f"{application.amount_granted:.2f}".replace(".", ","),
                application.fund.budget_line,
                reference_of(application),
            ]
        )
    # UTF-8 with a BOM: the finance software and spreadsheets read the accents right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@sensitive_variables("content")
@transaction.atomic
def export_batch(*, user, departement) -> tuple[PaymentBatch, bytes]:
    """The approved applications not yet sent, as one batch marked sent with its CSV."""
    pending = list(
        AidApplication.objects.select_for_update(of=("self",))
        .select_related("fund", "person", "category")
        .filter(departement=departement, status=Status.APPROVED, payment_batch=None)
        .order_by("decided_at", "id")
    )
    if not pending:
        raise AidError("Aucune aide accordée n'attend d'être transmise au paiement.")
    batch = PaymentBatch.objects.create(departement=departement, created_by=user)
    content = csv_content(pending)
    for application in pending:
        before = state(application)
        application.payment_batch = batch
        application.save(update_fields=["payment_batch", "updated_at"])
        log(user, application, before, "Aide FARE82 transmise au paiement")
    batch.sent_at = timezone.now()
    batch.sha256 = hashlib.sha256(content).hexdigest()
    batch.save(update_fields=["sent_at", "sha256"])
    return batch, content
