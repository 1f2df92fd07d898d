"""Équipes pluridisciplinaires: sessions, members, cases, and the 2025 sanction scale."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from relais.people.models import Person
from relais.territory.models import Organisation


class EpSession(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Programmée"
        HELD = "held", "Tenue"
        CLOSED = "closed", "Clôturée (décisions notifiées)"

    TRANSITIONS = {
        Status.PLANNED: {Status.HELD},
        Status.HELD: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mds = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="ep_sessions", verbose_name="MDS"
    )
    date = models.DateTimeField("date et heure")
    place = models.CharField("lieu", max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "séance d'équipe pluridisciplinaire"
        verbose_name_plural = "séances d'équipe pluridisciplinaire"
        ordering = ["-date"]

    def __str__(self):
        return f"EP du {self.date:%d/%m/%Y}"


class EpMember(models.Model):
    class Quality(models.TextChoices):
        PRESIDENT_DELEGATE = "president_delegate", "Représentant·e du président du Département"
        DEPARTEMENT = "departement", "Professionnel·le du Département"
        FRANCE_TRAVAIL = "france_travail", "France Travail"
        PARTNER = "partner", "Partenaire de l'insertion"
        BENEFICIARY_REPRESENTATIVE = "beneficiary", "Représentant·e des bénéficiaires du RSA"

    session = models.ForeignKey(EpSession, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("nom", max_length=150)
    quality = models.CharField("qualité", max_length=20, choices=Quality.choices)
    present = models.BooleanField("présent·e", null=True, blank=True)

    class Meta:
        verbose_name = "membre de l'EP"
        ordering = ["quality", "name"]

    def __str__(self):
        return self.name


class EpCase(models.Model):
    """A person's file before the EP: listed, put on a session's agenda, reviewed, decided."""

    class Theme(models.TextChoices):
        ORIENTATION_ABSENCE = "orientation_absence", "Absence à l'entretien d'orientation"
        REORIENTATION = "reorientation", "Réorientation"
        BREACH = "breach", "Manquement au contrat d'engagement"

    class Status(models.TextChoices):
        LISTED = "listed", "À inscrire"
        SCHEDULED = "scheduled", "Inscrit à une séance"
        REVIEWED = "reviewed", "Avis rendu"
        DECIDED = "decided", "Décision prise"
        NOTIFIED = "notified", "Décision notifiée"
        WITHDRAWN = "withdrawn", "Retiré"

    TRANSITIONS = {
        Status.LISTED: {Status.SCHEDULED, Status.WITHDRAWN},
        Status.SCHEDULED: {Status.REVIEWED, Status.LISTED, Status.WITHDRAWN},
        Status.REVIEWED: {Status.DECIDED},
        Status.DECIDED: {Status.NOTIFIED},
        Status.NOTIFIED: set(),
        Status.WITHDRAWN: set(),
    }

    class Opinion(models.TextChoices):
        REMINDER = "reminder", "Rappel des droits et devoirs, orientation validée"
        KEEP_ORIENTATION = "keep_orientation", "Maintien de l'orientation"
        REORIENT = "reorient", "Réorientation"
        NO_SANCTION = "no_sanction", "Pas de sanction"
        SUSPENSION = "suspension", "Suspension-remobilisation"
        SUPPRESSION = "suppression", "Suppression du RSA"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ep_cases")
    mds = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    theme = models.CharField("thème", max_length=20, choices=Theme.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LISTED)
    session = models.ForeignKey(
        EpSession, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    # Where it came from: the missed appointment, the contract breached (ids, not FKs across stages).
    source_summary = models.CharField("origine", max_length=300)
    listed_at = models.DateTimeField(auto_now_add=True)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person_attended = models.BooleanField("personne présente", null=True, blank=True)
    opinion = models.CharField("avis de l'EP", max_length=20, choices=Opinion.choices, blank=True)
    opinion_note = models.CharField("motivation de l'avis", max_length=500, blank=True)
    decision = models.CharField("décision", max_length=20, choices=Opinion.choices, blank=True)
    decision_note = models.CharField("motivation de la décision", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField("décidé le", null=True, blank=True)
    notified_on = models.DateField("notifié le", null=True, blank=True)

    class Meta:
        verbose_name = "dossier présenté en EP"
        verbose_name_plural = "dossiers présentés en EP"
        ordering = ["listed_at"]
        constraints = [
            # A theme is not listed twice for a person while a first listing is pending.
            models.UniqueConstraint(
                fields=["person", "theme"],
                condition=Q(status__in=["listed", "scheduled", "reviewed"]),
                name="ep_case_one_open_per_theme",
            )
        ]

    def __str__(self):
        return f"{self.get_theme_display()} — {self.person}"


class Sanction(models.Model):
    """A suspension-remobilisation (CASF L262-37, R262-68) or a suppression after the EP."""

    class Level(models.TextChoices):
        FIRST = "first", "Premier manquement"
        REPEATED = "repeated", "Manquement persistant ou répété"
        SUPPRESSION = "suppression", "Suppression"

    # The legal bounds per level: (minimum rate %, minimum months, maximum months).
    BOUNDS = {Level.FIRST: (30, 1, 2), Level.REPEATED: (30, 1, 4)}

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(EpCase, on_delete=models.PROTECT, related_name="sanction")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sanctions")
    level = models.CharField("niveau", max_length=12, choices=Level.choices)
    rate = models.PositiveSmallIntegerField("taux de suspension (%)", null=True, blank=True)
    months = models.PositiveSmallIntegerField("durée (mois)", null=True, blank=True)
    starts_on = models.DateField("à partir du")
    ends_on = models.DateField("jusqu'au", null=True, blank=True)
    lifted_on = models.DateField("levée le", null=True, blank=True)
    lifted_reason = models.CharField("motif de la levée", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sanction"
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="suppression")
                | (Q(rate__gte=30) & Q(rate__lte=100) & Q(months__gte=1) & Q(months__lte=4)),
                name="sanction_within_legal_bounds",
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()} à partir du {self.starts_on:%d/%m/%Y}"
