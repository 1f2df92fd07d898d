"""The shared person file: the person, their household, référent, consents, documents, timeline."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from relais.core.text import normalize
from relais.territory.models import Commune, Departement, Organisation, TimeStamped


class Sex(models.TextChoices):
    FEMALE = "F", "Femme"
    MALE = "M", "Homme"


class Nationality(models.TextChoices):
    # Data minimisation: the three groups the rights depend on, nothing finer.
    FRENCH = "french", "Française"
    EU = "eu", "Union européenne / EEE / Suisse"
    OUTSIDE_EU = "outside_eu", "Hors Union européenne"
    UNKNOWN = "unknown", "Non renseignée"


class HouseholdRole(models.TextChoices):
    APPLICANT = "applicant", "Demandeur / allocataire"
    PARTNER = "partner", "Conjoint·e"
    CHILD = "child", "Enfant"
    OTHER = "other", "Autre membre"


class Household(TimeStamped):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    caf_number = models.CharField("numéro allocataire", max_length=7, blank=True)

    class Meta:
        verbose_name = "foyer"
        indexes = [models.Index(fields=["departement", "caf_number"], name="household_caf_idx")]

    def __str__(self):
        return f"Foyer {self.caf_number or self.uuid.hex[:8]}"


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Imported here: the policy sits above the models in the dependency order.
        from relais.people.policy import visible_persons

        return visible_persons(self, user)


class Person(TimeStamped):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    birth_name = models.CharField("nom de naissance", max_length=100)
    usage_name = models.CharField("nom d'usage", max_length=100, blank=True)
    first_names = models.CharField("prénoms", max_length=150)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("date de naissance")
    birth_place = models.CharField("lieu de naissance", max_length=150, blank=True)
    nationality = models.CharField(
        "nationalité", max_length=12, choices=Nationality.choices, default=Nationality.UNKNOWN
    )
    languages = models.CharField(
        "langues parlées", max_length=200, blank=True, help_text="Séparées par des virgules."
    )
    needs_interpreter = models.BooleanField("besoin d'un interprète", default=False)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    address = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    caf_number = models.CharField("numéro allocataire CAF", max_length=7, blank=True)
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    household_role = models.CharField(
        "place dans le foyer", max_length=10, choices=HouseholdRole.choices, blank=True
    )
    # The current référent de parcours; the history is in ReferentAssignment.
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_persons",
        verbose_name="référent de parcours",
    )
    referent_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisme du référent",
    )
    # Lower-case, unaccented names: what search matches against (trigram-indexed on PostgreSQL).
    search_text = models.CharField(max_length=400, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "personne"
        ordering = ["birth_name", "first_names"]
        indexes = [
            models.Index(fields=["departement", "caf_number"], name="person_caf_idx"),
            models.Index(fields=["birth_date"], name="person_birth_date_idx"),
            models.Index(fields=["commune"], name="person_commune_idx"),
            models.Index(fields=["referent_organisation"], name="person_referent_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(caf_number="") | Q(caf_number__regex=r"^[0-9]{7}$"),
                name="person_caf_number_7_digits",
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def display_name(self) -> str:
        return self.usage_name or self.birth_name

    @property
    def full_name(self) -> str:
        return f"{self.display_name.upper()} {self.first_names}"

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        return normalize(f"{self.birth_name} {self.usage_name} {self.first_names}")


class ReferentAssignment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referent_history")
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("depuis le")
    ended_at = models.DateTimeField("jusqu'au", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "désignation de référent"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_at__isnull=True),
                name="one_current_referent_per_person",
            )
        ]

    def __str__(self):
        return f"{self.referent} ({self.organisation})"


class Consent(models.Model):
    class Purpose(models.TextChoices):
        SHARING = "sharing", "Partage du dossier avec les partenaires qui l'accompagnent"
        PRESCRIPTION = (
            "prescription",
            "Transmission des coordonnées à l'opérateur d'une action prescrite",
        )
        SMS = "sms", "Rappels par SMS"
        EMAIL = "email", "Échanges par courriel"
        JOB_PLATFORM = "job_platform", "Publication du CV sur la plateforme emploi"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField("objet", max_length=20, choices=Purpose.choices)
    given = models.BooleanField("accordé")
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "consentement"
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.get_purpose_display()} : {'oui' if self.given else 'non'}"


class Document(models.Model):
    class Kind(models.TextChoices):
        IDENTITY = "identity", "Pièce d'identité ou titre de séjour"
        ADDRESS = "address", "Justificatif de domicile"
        CAF = "caf", "Attestation CAF"
        RESOURCES = "resources", "Justificatif de ressources"
        CONTRACT = "contract", "Contrat ou engagement"
        CV = "cv", "CV"
        OTHER = "other", "Autre document"
        # A paper of a FARE82 application (a bank statement…): served by the fund's pages
        # to those who see the application, never listed with the file's documents.
        AID = "aid", "Pièce d'une demande FARE82"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("type de document", max_length=20, choices=Kind.choices)
    title = models.CharField("intitulé", max_length=150)
    # A random name under DOCUMENTS_ROOT: never the uploaded name, never under the static root.
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "document"
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[
            self.content_type
        ]


class Event(models.Model):
    """One line of the shared timeline. Every service that changes a file writes one."""

    class Kind(models.TextChoices):
        PERSON_CREATED = "person_created", "Création du dossier"
        PERSON_UPDATED = "person_updated", "Mise à jour du dossier"
        REFERENT_ASSIGNED = "referent_assigned", "Désignation du référent de parcours"
        DOCUMENT_ADDED = "document_added", "Dépôt d'un document"
        CONSENT_RECORDED = "consent_recorded", "Consentement enregistré"
        NOTE = "note", "Note de suivi"
        VISIT = "visit", "Accueil"
        APPOINTMENT = "appointment", "Rendez-vous"
        RSA = "rsa", "Parcours RSA"
        PROGRAMME = "programme", "Offre d'insertion"
        AID = "aid", "Fonds FARE82"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    occurred_at = models.DateTimeField("date")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    summary = models.CharField("résumé", max_length=300)
    data = models.JSONField(default=dict, blank=True)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "événement"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-occurred_at"], name="event_person_time_idx"),
        ]

    def __str__(self):
        return self.summary
