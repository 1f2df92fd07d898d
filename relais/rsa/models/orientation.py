"""From the week's new entrants to the orientation decision: convocation, diagnostic, orientation."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from relais.agenda.models import Appointment
from relais.people.models import Person
from relais.territory.models import Departement, Organisation


class Track(models.TextChoices):
    PROFESSIONAL = "professional", "Professionnelle"
    SOCIO_PROFESSIONAL = "socio_professional", "Socio-professionnelle"
    SOCIAL = "social", "Sociale"


class ReferentBody(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    CAP_EMPLOI = "cap_emploi", "Cap emploi"
    DEPARTEMENT = "departement", "Le Département"
    DELEGATE = "delegate", "Organisme délégataire"


class Convocation(models.Model):
    """A person summoned to an orientation appointment (or to an EP), as one batch sent."""

    class Purpose(models.TextChoices):
        ORIENTATION = "orientation", "Entretien d'orientation"
        EP = "ep", "Équipe pluridisciplinaire"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="convocations")
    purpose = models.CharField("objet", max_length=12, choices=Purpose.choices)
    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="convocation"
    )
    # All the convocations sent in one action share a batch: one PDF of letters per batch.
    batch = models.UUIDField(db_index=True)
    sent_by_sms = models.BooleanField(default=False)
    sent_by_email = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "convocation"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Convocation ({self.get_purpose_display()})"


class Level(models.TextChoices):
    """How heavy a constraint weighs on a return to work, on France Travail's shared scale."""

    NONE = "none", "Aucune difficulté"
    SOME = "some", "Difficulté à prendre en compte"
    MAJOR = "major", "Frein majeur"


class Diagnostic(models.Model):
    """The structured diagnostic of the orientation appointment (France Travail's criteria).

    Health is recorded as yes/no only: a constraint exists, never its nature.
    """

    class Situation(models.TextChoices):
        EMPLOYED = "employed", "En emploi"
        JOB_SEEKER = "job_seeker", "En recherche d'emploi"
        TRAINING = "training", "En formation"
        INACTIVE = "inactive", "Sans activité"
        SELF_EMPLOYED = "self_employed", "Travailleur indépendant"

    class Capacity(models.TextChoices):
        NOW = "now", "Peut travailler dès maintenant"
        SOON = "soon", "Pourra travailler après levée de freins"
        NOT_NOW = "not_now", "Ne peut pas travailler à court terme"

    class Project(models.TextChoices):
        DEFINED = "defined", "Projet professionnel défini"
        TO_BUILD = "to_build", "Projet à construire"
        NONE = "none", "Pas de projet pour l'instant"

    class Education(models.TextChoices):
        NONE = "none", "Aucun diplôme"
        LEVEL_3 = "3", "CAP, BEP (niveau 3)"
        LEVEL_4 = "4", "Baccalauréat (niveau 4)"
        LEVEL_5 = "5", "Bac + 2 (niveau 5)"
        LEVEL_6 = "6", "Bac + 3 et plus (niveau 6 et plus)"

    class Experience(models.TextChoices):
        NONE = "none", "Aucune expérience professionnelle"
        LESS_THAN_2 = "lt2", "Moins de 2 ans"
        FROM_2_TO_5 = "2to5", "De 2 à 5 ans"
        MORE_THAN_5 = "gt5", "Plus de 5 ans"

    # The constraint fields, in display order; each holds a Level.
    CONSTRAINTS = [
        "housing",
        "mobility",
        "family",
        "finances",
        "digital",
        "administrative",
        "french",
        "numeracy",
    ]

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="diagnostics")
    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="diagnostic"
    )
    situation = models.CharField(
        "situation professionnelle", max_length=15, choices=Situation.choices
    )
    capacity = models.CharField("capacité à travailler", max_length=10, choices=Capacity.choices)
    project = models.CharField("projet professionnel", max_length=10, choices=Project.choices)
    health = models.BooleanField("contrainte de santé", help_text="Oui ou non, sans détail.")
    housing = models.CharField("logement", max_length=5, choices=Level.choices)
    mobility = models.CharField("mobilité", max_length=5, choices=Level.choices)
    family = models.CharField("situation familiale", max_length=5, choices=Level.choices)
    finances = models.CharField("difficultés financières", max_length=5, choices=Level.choices)
    digital = models.CharField("usage du numérique", max_length=5, choices=Level.choices)
    administrative = models.CharField(
        "démarches administratives", max_length=5, choices=Level.choices
    )
    french = models.CharField("maîtrise du français", max_length=5, choices=Level.choices)
    numeracy = models.CharField("calcul", max_length=5, choices=Level.choices)
    education = models.CharField("niveau de formation", max_length=4, choices=Education.choices)
    experience = models.CharField(
        "expérience professionnelle", max_length=4, choices=Experience.choices
    )
    target_job = models.CharField(
        "métier recherché",
        max_length=120,
        blank=True,
        help_text="Un intitulé de métier, sans détail personnel.",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("réalisé le", auto_now_add=True)
    sent_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="transmis à",
    )
    sent_at = models.DateTimeField("transmis le", null=True, blank=True)

    class Meta:
        verbose_name = "diagnostic"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Diagnostic du {self.created_at:%d/%m/%Y}"

    def levels(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.CONSTRAINTS}

    def major_constraints(self) -> int:
        return sum(1 for level in self.levels().values() if level == Level.MAJOR)


class OrientationRule(models.Model):
    """One line of the département's rule set: the first matching rule proposes the track."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("ordre")
    label = models.CharField("libellé", max_length=150)
    min_age = models.PositiveSmallIntegerField("âge minimum", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("âge maximum", null=True, blank=True)
    capacities = models.CharField(
        "capacités à travailler",
        max_length=40,
        blank=True,
        help_text="Codes séparés par des virgules ; vide = toutes.",
    )
    health = models.BooleanField("contrainte de santé", null=True, blank=True)
    min_major_constraints = models.PositiveSmallIntegerField("freins majeurs, au moins", default=0)
    max_major_constraints = models.PositiveSmallIntegerField(
        "freins majeurs, au plus", null=True, blank=True
    )
    track = models.CharField("orientation proposée", max_length=20, choices=Track.choices)
    referent_body = models.CharField(
        "organisme proposé", max_length=20, choices=ReferentBody.choices
    )
    is_active = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "règle d'orientation"
        verbose_name_plural = "règles d'orientation"
        ordering = ["departement", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "position"], name="orientation_rule_order"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.label}"


class Orientation(models.Model):
    """A decision on the person's track and referent body; the latest one is in force."""

    class Source(models.TextChoices):
        RELAIS = "relais", "Décidée dans Relais"
        HISTORY = "history", "Reprise de l'ancien système"
        FRANCE_TRAVAIL = "france_travail", "Décidée par France Travail (délai dépassé)"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="orientations")
    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.PROTECT, null=True, blank=True, related_name="orientations"
    )
    track = models.CharField("orientation", max_length=20, choices=Track.choices)
    referent_body = models.CharField(
        "organisme référent", max_length=20, choices=ReferentBody.choices
    )
    referent_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure référente",
    )
    # What the rule set proposed, kept beside the decision: an agent may decide otherwise.
    proposed_track = models.CharField(max_length=20, choices=Track.choices, blank=True)
    proposed_body = models.CharField(max_length=20, choices=ReferentBody.choices, blank=True)
    rule = models.ForeignKey(
        OrientationRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField("motif", max_length=300, blank=True)
    is_reorientation = models.BooleanField("réorientation", default=False)
    # The rights-and-duties entry this orientation answers (its 6-week clock started there).
    duties_entered_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField("décidée le")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notified_on = models.DateField("notifiée le", null=True, blank=True)
    source = models.CharField(max_length=15, choices=Source.choices, default=Source.RELAIS)
    # History imports: the key of the line that created it (idempotence).
    external_key = models.CharField(max_length=64, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "orientation"
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["decided_on"], name="orientation_decided_idx"),
            # The orientation in force, read from the index alone (indicators, deadlines).
            models.Index(
                fields=["person", "-decided_on", "-id"],
                include=["is_reorientation", "track"],
                name="orientation_person_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "external_key"],
                condition=~Q(external_key=""),
                name="orientation_unique_external_key",
            ),
            models.CheckConstraint(
                condition=Q(notified_on__isnull=True) | Q(notified_on__gte=models.F("decided_on")),
                name="orientation_notified_after_decision",
            ),
        ]

    def __str__(self):
        return (
            f"Orientation {self.get_track_display().lower()} ({self.get_referent_body_display()})"
        )


class ReorientationRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "En attente de décision"
        ACCEPTED = "accepted", "Acceptée"
        REFUSED = "refused", "Refusée"

    TRANSITIONS = {
        Status.PENDING: {Status.ACCEPTED, Status.REFUSED},
        Status.ACCEPTED: set(),
        Status.REFUSED: set(),
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="reorientation_requests"
    )
    orientation = models.ForeignKey(Orientation, on_delete=models.PROTECT, related_name="+")
    proposed_track = models.CharField("orientation demandée", max_length=20, choices=Track.choices)
    proposed_body = models.CharField(
        "organisme demandé", max_length=20, choices=ReferentBody.choices
    )
    reason = models.CharField("motif", max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    result = models.ForeignKey(
        Orientation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "demande de réorientation"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Demande de réorientation ({self.get_status_display()})"
