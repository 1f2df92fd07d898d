"""An application to the fund, from the agent's draft to the payment, and the payment batches."""

import uuid

from django.conf import settings
from django.db import models

from relais.aid.models.funds import AidCategory, AidFund, DocumentKind
from relais.people.models import Document, Person
from relais.territory.models import Departement, Organisation


class Status(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Transmise"
    UNDER_REVIEW = "under_review", "À l'étude"
    INCOMPLETE = "incomplete", "Incomplète"
    APPROVED = "approved", "Accordée"
    REFUSED = "refused", "Refusée"
    PAID = "paid", "Payée"
    CANCELLED = "cancelled", "Annulée"


# The one map of allowed moves; services refuse every other.
TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED, Status.CANCELLED},
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.CANCELLED},
    Status.UNDER_REVIEW: {Status.APPROVED, Status.REFUSED, Status.INCOMPLETE},
    Status.INCOMPLETE: {Status.SUBMITTED, Status.CANCELLED},
    Status.APPROVED: {Status.PAID, Status.CANCELLED},
    Status.REFUSED: set(),
    Status.PAID: set(),
    Status.CANCELLED: set(),
}
# Statuses whose granted amount weighs on the envelope: committed, then consumed.
COMMITTED = (Status.APPROVED,)
CONSUMED = (Status.PAID,)


class Purpose(models.TextChoices):
    JOB = "job", "Prise ou reprise d'un emploi"
    TRAINING = "training", "Entrée en formation qualifiante"


class ContractKind(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    TEMPORARY = "temporary", "Intérim"
    IAE = "iae", "Contrat d'insertion (IAE)"
    APPRENTICESHIP = "apprenticeship", "Apprentissage ou professionnalisation"
    TRAINING = "training", "Formation qualifiante"
    SELF_EMPLOYED = "self_employed", "Création d'activité"


class PayeeKind(models.TextChoices):
    PERSON = "person", "La personne"
    SUPPLIER = "supplier", "Le fournisseur (garage, assureur, auto-école…)"


class RefusalReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "La personne ne relève pas du fonds"
    EMPLOYER_PAYS = (
        "employer_pays",
        "L'employeur ou l'organisme de formation doit prendre en charge",
    )
    CEILING = "ceiling", "Plafond de la catégorie atteint"
    NO_ACTIVITY = "no_activity", "Pas de prise d'emploi ou de formation établie"
    BUDGET = "budget", "Enveloppe de l'année épuisée"
    OTHER = "other", "Autre motif"


class PaymentBatch(models.Model):
    """The approved applications sent together to the finance software."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("préparé le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("transmis le", null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "lot de paiement"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Lot du {self.created_at:%d/%m/%Y}"


class AidApplication(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    fund = models.ForeignKey(AidFund, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="aid_applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applicant_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(AidCategory, on_delete=models.PROTECT, related_name="+")
    amount_requested = models.DecimalField("montant demandé (€)", max_digits=8, decimal_places=2)
    amount_granted = models.DecimalField(
        "montant accordé (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    purpose = models.CharField("l'aide permet", max_length=10, choices=Purpose.choices)
    employer_or_body = models.CharField("employeur ou organisme de formation", max_length=200)
    activity_starts_on = models.DateField("début de l'emploi ou de la formation")
    contract_kind = models.CharField(
        "nature du contrat", max_length=20, choices=ContractKind.choices
    )
    why_not_employer = models.TextField(
        "pourquoi l'employeur ou l'organisme ne prend pas ce coût en charge"
    )
    payee_kind = models.CharField(
        "bénéficiaire du paiement", max_length=10, choices=PayeeKind.choices
    )
    payee_name = models.CharField("nom du bénéficiaire du paiement", max_length=200)
    # The IBAN is stored encrypted (aid.iban); only its last four characters stay readable.
    iban_encrypted = models.TextField(editable=False)
    iban_last4 = models.CharField(max_length=4, editable=False)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("transmise le", null=True, blank=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.CharField(
        "motif du refus", max_length=20, choices=RefusalReason.choices, blank=True
    )
    decision_comment = models.TextField("observations de la décision", blank=True)
    missing_items = models.TextField("pièces ou informations manquantes", blank=True)
    payment_batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    paid_on = models.DateField("payée le", null=True, blank=True)
    payment_reference = models.CharField("référence du paiement", max_length=50, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    cancel_reason = models.CharField("motif de l'annulation", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "demande d'aide FARE82"
        verbose_name_plural = "demandes d'aide FARE82"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["fund", "status"], name="aid_fund_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_requested__gt=0), name="aid_amount_requested_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_granted__isnull=True)
                | (
                    models.Q(amount_granted__gt=0)
                    & models.Q(amount_granted__lte=models.F("amount_requested"))
                ),
                name="aid_granted_within_requested",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "paid"])
                | models.Q(amount_granted__isnull=False),
                name="aid_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="aid_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid")
                | (models.Q(paid_on__isnull=False) & ~models.Q(payment_reference="")),
                name="aid_paid_has_reference",
            ),
        ]

    def __str__(self):
        return f"Demande FARE82 — {self.category}"


class AidDocument(models.Model):
    """A paper of the application, kept as a document of the person's file (people.Document)."""

    application = models.ForeignKey(
        AidApplication, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("pièce", max_length=20, choices=DocumentKind.choices)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "pièce d'une demande"
        ordering = ["kind", "id"]

    def __str__(self):
        return self.get_kind_display()
