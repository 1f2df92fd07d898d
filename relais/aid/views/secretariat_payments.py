"""The secretariat's payment pages: the batches, the export for the finance software, one batch.

Served by the URL map through relais.aid.views.secretariat (the secretariat's one view module);
split off to keep each file readable.
"""

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.aid import iban as ibans
from relais.aid.models import PaymentBatch, Status
from relais.aid.queries import secretariat as queries
from relais.aid.services import AidError, payments
from relais.audit.models import AccessRecord
from relais.audit.services import record_accesses
from relais.core.http import attachment
from relais.people.policy import membership_of

logger = logging.getLogger(__name__)
PER_PAGE = 50
TARGET = "fare82"
Action = AccessRecord.Action


def _csv_name(batch) -> str:
    sent = timezone.localtime(batch.sent_at or batch.created_at)
    return f"fare82-paiements-{sent:%Y%m%d-%H%M}.csv"


def _total(applications):
    return sum(application.amount_granted for application in applications)


@require_GET
def batches(request):
    """The batches sent, and the approved applications waiting for the next one."""
    queries.require_secretariat(request.user)
    sent = (
        PaymentBatch.objects.filter(departement_id=queries.departement_id(request.user))
        .select_related("created_by")
        .annotate(count=Count("applications"), total=Sum("applications__amount_granted"))
        .order_by("-created_at", "-id")
    )
    page = Paginator(sent, PER_PAGE).get_page(request.GET.get("page"))
    pending = list(
        queries.received(request.user)
        .filter(status=Status.APPROVED, payment_batch=None)
        .order_by("decided_at", "id")
    )
    persons = [application.person for application in pending]
    record_accesses(user=request.user, persons=persons, action=Action.VIEW, target=TARGET)
    context = {"page": page, "pending": pending, "pending_total": _total(pending)}
    return render(request, "aid/secretariat/batches.html", context)


@require_POST
def export(request):
    """Every approved application not yet sent, as one batch and its CSV for the finance
    software; the audit trail is written in the same transaction as the batch."""
    queries.require_secretariat(request.user)
    departement = membership_of(request.user).organisation.departement
    try:
        with transaction.atomic():
            batch, content = payments.export_batch(user=request.user, departement=departement)
            persons = [application.person for application in batch.applications.all()]
            record_accesses(user=request.user, persons=persons, action=Action.EXPORT, target=TARGET)
    except AidError as error:
        messages.error(request, str(error))
        return redirect("aid:batches")
    except (ibans.IbanError, OSError, DatabaseError):
        # The traceback only: never the rows, which hold the IBANs.
        logger.exception("FARE82 payment export failed; the batch was rolled back")
        messages.error(
            request,
            "L'export a échoué : aucun lot n'a été transmis et les aides restent à payer. "
            "Réessayez ; si l'erreur persiste, prévenez votre correspondant informatique.",
        )
        return redirect("aid:batches")
    return attachment(content, _csv_name(batch))


@require_http_methods(["GET", "POST"])
def batch(request, batch_uuid):
    """One batch's applications; POST downloads its CSV again (a deliberate, audited act:
    the file holds the IBANs in clear, so no link a browser could prefetch or keep)."""
    sent = queries.batch_or_404(request.user, batch_uuid)
    rows = list(
        queries.received(request.user).filter(payment_batch=sent).order_by("decided_at", "id")
    )
    persons = [application.person for application in rows]
    if request.method == "POST":
        try:
            content = payments.csv_content(rows)
        except ibans.IbanError as error:
            messages.error(request, str(error))
            return redirect("aid:batch", batch_uuid=sent.uuid)
        record_accesses(user=request.user, persons=persons, action=Action.EXPORT, target=TARGET)
        return attachment(content, _csv_name(sent))
    record_accesses(user=request.user, persons=persons, action=Action.VIEW, target=TARGET)
    for application in rows:
        application.reference = payments.reference_of(application)
        application.iban_masked = ibans.masked(application.iban_last4)
    context = {"batch": sent, "rows": rows, "total": _total(rows)}
    return render(request, "aid/secretariat/batch.html", context)
