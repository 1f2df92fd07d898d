"""The fund's yearly envelope and its categories of costs, each with its ceilings and papers."""

from django.db import models

from relais.territory.models import Departement, Organisation


class CategoryCode(models.TextChoices):
    """The eight costs action sheet 7.1 lists."""

    VEHICLE_PURCHASE = "vehicle_purchase", "Achat d'un véhicule"
    VEHICLE_REPAIR = "vehicle_repair", "Réparation d'un véhicule"
    VEHICLE_RENTAL = "vehicle_rental", "Location d'un véhicule"
    VEHICLE_INSURANCE = "vehicle_insurance", "Assurance d'un véhicule"
    DRIVING_LICENCE = "driving_licence", "Permis de conduire ou BSR"
    TRAVEL = "travel", "Frais de déplacement"
    MEALS = "meals", "Frais de repas"
    LODGING = "lodging", "Frais d'hébergement"


class DocumentKind(models.TextChoices):
    QUOTE = "quote", "Devis"
    INVOICE = "invoice", "Facture"
    CONTRACT = "contract", "Contrat de travail ou de formation"
    PROMISE = "promise", "Promesse d'embauche"
    ENTRY_CERTIFICATE = "entry_certificate", "Attestation d'entrée en formation"
    BANK_DETAILS = "bank_details", "Relevé d'identité bancaire"


# The proof that a job or a training is being taken up: any one of these.
PROOF_OF_ACTIVITY = (DocumentKind.CONTRACT, DocumentKind.PROMISE, DocumentKind.ENTRY_CERTIFICATE)
# The proof of the cost: a quote or an invoice.
PROOF_OF_COST = (DocumentKind.QUOTE, DocumentKind.INVOICE)


class AidFund(models.Model):
    """One year of the fund: its envelope and the budget line payments are charged to."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    envelope = models.DecimalField("enveloppe (€)", max_digits=10, decimal_places=2)
    budget_line = models.CharField("ligne budgétaire", max_length=50)
    # The one organisation whose secretariat and managers study, decide and pay (the
    # Direction de la Cohésion sociale): named, not inferred from a kind of organisation.
    secretariat = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="secrétariat qui instruit et paie",
    )

    class Meta:
        verbose_name = "enveloppe annuelle du FARE82"
        verbose_name_plural = "enveloppes annuelles du FARE82"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "year"], name="aidfund_unique_year"),
            models.CheckConstraint(condition=models.Q(envelope__gte=0), name="aidfund_envelope"),
        ]

    def __str__(self):
        return f"FARE82 {self.year}"


class AidCategory(models.Model):
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    code = models.CharField("catégorie", max_length=20, choices=CategoryCode.choices)
    ceiling_per_application = models.DecimalField(
        "plafond par demande (€)", max_digits=8, decimal_places=2
    )
    ceiling_per_person = models.DecimalField(
        "plafond par personne sur 12 mois glissants (€)", max_digits=8, decimal_places=2
    )
    requires_cost_proof = models.BooleanField("devis ou facture exigé", default=True)
    requires_activity_proof = models.BooleanField(
        "preuve de l'emploi ou de la formation exigée", default=True
    )
    is_active = models.BooleanField("ouverte aux demandes", default=True)

    class Meta:
        verbose_name = "catégorie d'aide"
        verbose_name_plural = "catégories d'aide"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "code"], name="aidcategory_unique"),
            models.CheckConstraint(
                condition=models.Q(ceiling_per_application__lte=models.F("ceiling_per_person")),
                name="aidcategory_ceilings_order",
            ),
        ]

    def __str__(self):
        return self.get_code_display()

    def required_documents(self) -> list[tuple[str, tuple]]:
        """(what is missing, the kinds that satisfy it) for each paper the category asks."""
        needs = []
        if self.requires_cost_proof:
            needs.append(("un devis ou une facture", PROOF_OF_COST))
        if self.requires_activity_proof:
            needs.append(
                (
                    "le contrat, la promesse d'embauche ou l'attestation d'entrée en formation",
                    PROOF_OF_ACTIVITY,
                )
            )
        return needs
