"""The catalogue: programmes, their structured eligibility rules, capacity and intakes."""

import uuid

from django.conf import settings
from django.db import models

from relais.people.models import Sex
from relais.territory.models import Commune, Departement, Organisation, Sector


class ProgrammeKind(models.TextChoices):
    MOBILITY = "mobility", "Plateforme mobilité"
    DAY_WORK = "day_work", "Travail à la journée (TAPAJ)"
    SUPPORT = "support", "Accompagnement individuel et collectif"
    LANGUAGE_PLATFORM = "language_platform", "Plateforme linguistique (évaluation et orientation)"
    LANGUAGE_COURSE = "language_course", "Formation linguistique (FLE)"
    COACHING = "coaching", "Coaching emploi"
    OTHER = "other", "Autre action"


class CapacityModel(models.TextChoices):
    INTAKE = "intake", "Places par session"
    CONTINUOUS = "continuous", "Places en continu"
    PORTFOLIO = "portfolio", "Portefeuille par coach"


class IntakeMode(models.TextChoices):
    CONTINUOUS = "continuous", "Entrées et sorties permanentes"
    DATED = "dated", "Sessions à dates fixes"


class TargetUnit(models.TextChoices):
    PERSONS = "persons", "personnes accompagnées"
    ASSESSMENTS = "assessments", "évaluations"


class Programme(models.Model):
    """An action of the insertion offer, run by an operator (an Organisation)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name="opérateur",
    )
    code = models.SlugField("code", max_length=40)
    name = models.CharField("intitulé", max_length=150)
    kind = models.CharField("nature", max_length=20, choices=ProgrammeKind.choices)
    action_sheet = models.CharField("fiche action", max_length=10, blank=True)
    description = models.TextField("description", blank=True)
    public = models.TextField("public visé", blank=True)
    # Structured eligibility: an empty value means "no condition on this point".
    min_age = models.PositiveSmallIntegerField("âge minimum", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("âge maximum", null=True, blank=True)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    requires_duties = models.BooleanField("réservé aux soumis aux droits et devoirs", default=False)
    min_rsa_years = models.PositiveSmallIntegerField(
        "années au RSA (minimum)", null=True, blank=True
    )
    tracks = models.JSONField(
        "orientations acceptées",
        default=list,
        blank=True,
        help_text="Codes d'orientation (professional, socio_professional, social) ; vide : toutes.",
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="+", verbose_name="communes desservies"
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name="secteurs desservis"
    )
    prescriber_criteria = models.JSONField(
        "critères confirmés par le prescripteur",
        default=list,
        blank=True,
        help_text="Critères que le prescripteur atteste sans en donner le détail.",
    )
    # Capacity and rhythm.
    capacity_model = models.CharField(
        "modèle de capacité", max_length=12, choices=CapacityModel.choices
    )
    places = models.PositiveIntegerField("places (en continu)", null=True, blank=True)
    portfolio_size = models.PositiveIntegerField(
        "personnes par coach en même temps", null=True, blank=True
    )
    intake_mode = models.CharField("entrées", max_length=12, choices=IntakeMode.choices)
    max_duration_days = models.PositiveIntegerField("durée maximale (jours)", null=True, blank=True)
    usual_duration_days = models.PositiveIntegerField(
        "durée habituelle (jours)", help_text="Sert à estimer la date d'entrée en liste d'attente."
    )
    hours_per_week = models.DecimalField(
        "heures par semaine", max_digits=4, decimal_places=1, null=True, blank=True
    )
    documents_expected = models.TextField("pièces attendues", blank=True)
    funding = models.CharField("financement", max_length=250, blank=True)
    budget = models.DecimalField(
        "budget prévisionnel (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    yearly_target = models.PositiveIntegerField("objectif annuel", null=True, blank=True)
    target_unit = models.CharField(
        "unité de l'objectif", max_length=12, choices=TargetUnit.choices, blank=True
    )
    is_active = models.BooleanField("ouvert aux prescriptions", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "action d'insertion"
        verbose_name_plural = "actions d'insertion"
        ordering = ["action_sheet", "name"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "code"], name="programme_unique_code"),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="programme_age_bounds",
            ),
            models.CheckConstraint(
                condition=~models.Q(capacity_model="continuous") | models.Q(places__isnull=False),
                name="programme_continuous_has_places",
            ),
            models.CheckConstraint(
                condition=~models.Q(capacity_model="portfolio")
                | models.Q(portfolio_size__isnull=False),
                name="programme_portfolio_has_size",
            ),
        ]

    def __str__(self):
        return self.name


class Session(models.Model):
    """An intake: dated places of a programme whose capacity is counted per session."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    label = models.CharField("intitulé", max_length=100, blank=True)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    places = models.PositiveIntegerField("places")

    class Meta:
        verbose_name = "session"
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="session_dates_order"
            ),
        ]

    def __str__(self):
        return self.label or f"Session du {self.starts_on:%d/%m/%Y}"


class ProgrammeCoach(models.Model):
    """A coach of a portfolio programme: at most `portfolio_size` active persons at a time."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="coaches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="coach"
    )
    is_active = models.BooleanField("en activité", default=True)

    class Meta:
        verbose_name = "coach"
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="coach_unique"),
        ]

    def __str__(self):
        return self.user.get_full_name()
