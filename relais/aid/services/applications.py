"""The agent's side: a draft, its papers, the submission to the secretariat, a cancellation.

Each function is one transaction writing the person's timeline and the audit trail; bad
input raises AidError with what to do, and nothing is written.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from relais.aid import iban as ibans
from relais.aid.eligibility import evaluate
from relais.aid.models import AidApplication, AidDocument, AidFund, DocumentKind, Status
from relais.aid.services import AidError
from relais.aid.services.common import check_move, locked, log, state
from relais.aid.services.rules import check_ceilings, missing_documents
from relais.people.models import Document
from relais.people.services import add_document

# What an agent fills in; the rest the services set.
FIELDS = (
    "category",
    "amount_requested",
    "purpose",
    "employer_or_body",
    "activity_starts_on",
    "contract_kind",
    "why_not_employer",
    "payee_kind",
    "payee_name",
)


def _fund(departement_id, year: int) -> AidFund:
    fund = AidFund.objects.filter(departement_id=departement_id, year=year).first()
    if fund is None:
        raise AidError(
            f"Aucune enveloppe FARE82 n'est ouverte pour {year} : la Direction de la Cohésion "
            "sociale doit d'abord la créer."
        )
    return fund


@sensitive_variables("raw", "iban")
def _set_iban(application, raw: str) -> None:
    try:
        iban = ibans.check(raw)
    except ibans.IbanError as error:
        raise AidError(str(error)) from error
    application.iban_encrypted = ibans.encrypt(iban)
    application.iban_last4 = iban[-4:]


def still_eligible(application) -> None:
    """The person may have left the RSA since the draft: checked again at each step."""
    eligibility = evaluate(application.person, organisation=application.applicant_organisation)
    if not eligibility.eligible:
        raise AidError(f"La personne ne relève plus du FARE82 : {eligibility.reason}.")


def _apply_fields(application, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            setattr(application, name, data[name])
    if application.amount_requested is None or application.amount_requested <= Decimal("0"):
        raise AidError("Indiquez un montant demandé supérieur à 0 €.")
    if not application.category.is_active:
        raise AidError("Cette catégorie d'aide est fermée : choisissez-en une autre.")


@sensitive_variables("iban")
@transaction.atomic
def create(*, user, person, data: dict, iban: str) -> AidApplication:
    membership = user.membership
    eligibility = evaluate(person, organisation=membership.organisation)
    if not eligibility.eligible:
        raise AidError(f"La personne ne relève pas du FARE82 : {eligibility.reason}.")
    application = AidApplication(
        departement_id=person.departement_id,
        fund=_fund(person.departement_id, timezone.localdate().year),
        person=person,
        applicant=user,
        applicant_organisation_id=membership.organisation_id,
    )
    _apply_fields(application, data)
    _set_iban(application, iban)
    application.save()
    log(
        user,
        application,
        {},
        "Demande d'aide FARE82 préparée",
    )
    return application


@sensitive_variables("iban")
@transaction.atomic
def update(*, user, application, data: dict, iban: str = "") -> AidApplication:
    application = locked(application)
    if application.status not in (Status.DRAFT, Status.INCOMPLETE):
        raise AidError("Seule une demande en brouillon ou incomplète se modifie.")
    before = state(application)
    payee = (application.payee_kind, application.payee_name)
    _apply_fields(application, data)
    if iban:
        _set_iban(application, iban)
    elif (application.payee_kind, application.payee_name) != payee:
        # Another payee, the old account: the money would go to the wrong person.
        raise AidError(
            "Le bénéficiaire du paiement a changé : saisissez l'IBAN de ce nouveau bénéficiaire."
        )
    application.save()
    log(user, application, before, "Demande d'aide FARE82 complétée")
    return application


@transaction.atomic
def attach_document(*, user, application, kind: str, uploaded, title: str) -> AidDocument:
    if kind not in DocumentKind.values:
        raise AidError("Choisissez le type de la pièce.")
    if application.status not in (Status.DRAFT, Status.INCOMPLETE):
        raise AidError("Les pièces s'ajoutent à une demande en brouillon ou incomplète.")
    # The file joins the person's documents (one storage, one type check), as a kind the
    # file's pages never list; its title, read on the shared timeline, stays neutral.
    document = add_document(
        user=user,
        person=application.person,
        uploaded=uploaded,
        kind=Document.Kind.AID,
        title="Pièce d'une demande FARE82",
    )
    return AidDocument.objects.create(application=application, kind=kind, document=document)


@transaction.atomic
def submit(*, user, application, today=None) -> AidApplication:
    today = today or timezone.localdate()
    application = locked(application)
    check_move(application, Status.SUBMITTED)
    still_eligible(application)
    missing = missing_documents(application)
    if missing:
        raise AidError(
            "La demande ne peut pas être transmise sans " + " ni ".join(missing) + " : "
            "ajoutez la pièce, puis transmettez."
        )
    check_ceilings(application, application.amount_requested, today)
    before = state(application)
    application.status = Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.missing_items = ""
    application.save()
    log(
        user,
        application,
        before,
        "Demande d'aide FARE82 transmise au secrétariat",
    )
    return application


@transaction.atomic
def cancel(*, user, application, reason: str) -> AidApplication:
    reason = reason.strip()
    if not reason:
        raise AidError("Écrivez pourquoi la demande est annulée.")
    application = locked(application)
    check_move(application, Status.CANCELLED)
    if application.payment_batch_id is not None:
        # The finance software has it: cancelling here would not stop the payment.
        raise AidError(
            "Cette aide est déjà transmise au paiement : demandez au secrétariat du FARE82 "
            "d'arrêter le paiement auprès du service financier. Rien n'a été modifié."
        )
    before = state(application)
    application.status = Status.CANCELLED
    application.cancelled_at = timezone.now()
    application.cancel_reason = reason[:300]
    application.save()
    log(user, application, before, "Demande d'aide FARE82 annulée")
    return application
