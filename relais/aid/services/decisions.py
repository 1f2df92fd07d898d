"""The secretariat's side: study, approve within the envelope, refuse, ask for what is missing.

Approval commits the granted amount on the year's envelope: it locks the fund's row first, so
two approvals at the same instant are serialised and the second sees the first's commitment.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from relais.aid.models import AidFund, RefusalReason, Status
from relais.aid.queries.budget import spent
from relais.aid.services import AidError
from relais.aid.services.applications import still_eligible
from relais.aid.services.common import check_move, euros, locked, log, state
from relais.aid.services.rules import check_ceilings


def lock_fund(fund_id: int) -> AidFund:
    return AidFund.objects.select_for_update().get(pk=fund_id)


def _year_fund(departement_id, year: int) -> AidFund:
    fund = AidFund.objects.select_for_update().filter(departement_id=departement_id, year=year)
    found = fund.first()
    if found is None:
        raise AidError(
            f"Aucune enveloppe FARE82 n'est ouverte pour {year} : créez-la avant d'accorder."
        )
    return found


@transaction.atomic
def start_review(*, user, application) -> object:
    application = locked(application)
    check_move(application, Status.UNDER_REVIEW)
    before = state(application)
    application.status = Status.UNDER_REVIEW
    application.save()
    log(user, application, before, "Demande d'aide FARE82 à l'étude")
    return application


@transaction.atomic
def approve(*, user, application, amount: Decimal, comment: str = "", today=None):
    """Charged to the envelope of the decision's year, whatever the year of the draft."""
    today = today or timezone.localdate()
    fund = _year_fund(application.departement_id, today.year)
    application = locked(application)
    check_move(application, Status.APPROVED)
    still_eligible(application)
    if amount is None or amount <= 0:
        raise AidError("Indiquez le montant accordé, supérieur à 0 €.")
    if amount > application.amount_requested:
        raise AidError(
            f"Le montant accordé ne peut pas dépasser le montant demandé "
            f"({euros(application.amount_requested)})."
        )
    check_ceilings(application, amount, today)
    used = spent(fund)
    left = fund.envelope - used["committed"] - used["paid"]
    if amount > left:
        raise AidError(
            f"L'enveloppe {fund.year} ne permet pas d'accorder {euros(amount)} : il reste "
            f"{euros(left)} après les aides déjà accordées."
        )
    before = state(application)
    application.status = Status.APPROVED
    application.fund = fund
    application.amount_granted = amount
    application.decided_at = timezone.now()
    application.decided_by = user
    application.decision_comment = comment.strip()
    application.save()
    log(user, application, before, "Aide FARE82 accordée")
    return application


@transaction.atomic
def refuse(*, user, application, reason: str, comment: str = ""):
    if reason not in RefusalReason.values:
        raise AidError("Choisissez le motif du refus.")
    application = locked(application)
    check_move(application, Status.REFUSED)
    before = state(application)
    application.status = Status.REFUSED
    application.refusal_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = user
    application.decision_comment = comment.strip()
    application.save()
    log(user, application, before, "Aide FARE82 refusée")
    return application


@transaction.atomic
def mark_incomplete(*, user, application, missing: str):
    missing = missing.strip()
    if not missing:
        raise AidError("Écrivez ce qui manque à la demande : l'agent le lira pour la compléter.")
    application = locked(application)
    check_move(application, Status.INCOMPLETE)
    before = state(application)
    application.status = Status.INCOMPLETE
    application.missing_items = missing
    application.save()
    log(user, application, before, "Demande d'aide FARE82 à compléter")
    return application
