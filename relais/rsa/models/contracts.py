"""Contracts (CER, PPAE, contrat d'engagement), joint support with France Travail, exits."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from relais.people.models import Person
from relais.rsa.models.orientation import Orientation
from relais.territory.models import Organisation

# The 2025 law: an action plan of at least 15 hours a week unless adjusted (C. trav. L5411-6-1).
MINIMUM_WEEKLY_HOURS = 15


class Contract(models.Model):
    class Kind(models.TextChoices):
        CER = "cer", "Contrat d'engagement réciproque (CER)"
        PPAE = "ppae", "Projet personnalisé d'accès à l'emploi (PPAE)"
        ENGAGEMENT = "engagement", "Contrat d'engagement"

    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        SIGNED = "signed", "Signé"
        ACTIVE = "active", "En cours"
        ENDED = "ended", "Terminé"
        RENEWED = "renewed", "Renouvelé"

    TRANSITIONS = {
        Status.DRAFT: {Status.SIGNED},
        Status.SIGNED: {Status.ACTIVE, Status.ENDED},
        Status.ACTIVE: {Status.ENDED, Status.RENEWED},
        Status.ENDED: set(),
        Status.RENEWED: set(),
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contracts")
    kind = models.CharField("type de contrat", max_length=12, choices=Kind.choices)
    orientation = models.ForeignKey(
        Orientation, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts"
    )
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.DRAFT)
    objectives = models.TextField("objectifs", blank=True)
    adjustment_reason = models.CharField(
        "motif d'adaptation de la durée d'activité",
        max_length=300,
        blank=True,
        help_text="Obligatoire si le plan d'action compte moins de 15 heures par semaine.",
    )
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    signed_on = models.DateField("signé le", null=True, blank=True)
    ended_on = models.DateField("terminé le", null=True, blank=True)
    renewed_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewal"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    external_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "contrat"
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["signed_on"], name="contract_signed_idx"),
            models.Index(fields=["status", "ends_on"], name="contract_status_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="contract_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_on__isnull=False),
                name="contract_signed_has_date",
            ),
            models.UniqueConstraint(
                fields=["person", "external_key"],
                condition=~Q(external_key=""),
                name="contract_unique_external_key",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.starts_on:%d/%m/%Y}"

    def can_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


class ContractAction(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="actions")
    label = models.CharField("action", max_length=200)
    hours_per_week = models.DecimalField("heures par semaine", max_digits=4, decimal_places=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "action du contrat"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0) & Q(hours_per_week__lte=60),
                name="contract_action_hours_range",
            )
        ]

    def __str__(self):
        return self.label


class JointSupport(models.Model):
    """Accompagnement global with France Travail (action sheet 5.1)."""

    class Axis(models.IntegerChoices):
        INFORMATION = 1, "Axe 1 — information sur les ressources sociales"
        JOINT = 2, "Axe 2 — accompagnement global conjoint"
        SOCIAL = 3, "Axe 3 — accompagnement social exclusif"

    class Outcome(models.TextChoices):
        JOB = "job", "Emploi"
        TRAINING = "training", "Formation"
        SOCIAL_TRACK = "social_track", "Poursuite en accompagnement social"
        DROPPED = "dropped", "Abandon"
        OTHER = "other", "Autre"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="joint_supports")
    axis = models.PositiveSmallIntegerField("axe", choices=Axis.choices)
    adviser_name = models.CharField("conseiller·e France Travail", max_length=150)
    agency = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="agence France Travail",
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="travailleur social du Département",
    )
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    outcome = models.CharField("résultat", max_length=15, choices=Outcome.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "accompagnement global"
        verbose_name_plural = "accompagnements globaux"
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="joint_support_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | ~Q(outcome=""),
                name="joint_support_ended_has_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.get_axis_display()} depuis le {self.starts_on:%d/%m/%Y}"


class Exit(models.Model):
    class Reason(models.TextChoices):
        DURABLE_JOB = "durable_job", "Emploi durable (6 mois et plus)"
        SHORT_JOB = "short_job", "Emploi de moins de 6 mois"
        QUALIFYING_TRAINING = "training", "Formation qualifiante"
        INCOME = "income", "Fin du RSA pour ressources"
        MOVED = "moved", "Déménagement hors du département"
        DEATH = "death", "Décès"
        OTHER = "other", "Autre motif"

    POSITIVE = {Reason.DURABLE_JOB, Reason.SHORT_JOB, Reason.QUALIFYING_TRAINING}

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rsa_exits")
    on = models.DateField("date de sortie")
    reason = models.CharField("motif", max_length=15, choices=Reason.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    external_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sortie du parcours"
        ordering = ["-on"]
        indexes = [models.Index(fields=["on"], name="exit_on_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "external_key"],
                condition=~Q(external_key=""),
                name="exit_unique_external_key",
            )
        ]

    def __str__(self):
        return f"Sortie le {self.on:%d/%m/%Y} : {self.get_reason_display()}"

    @property
    def is_positive(self) -> bool:
        return self.reason in self.POSITIVE
