"""What the CAF tells the département: imported flows, RSA files (households), beneficiaries.

The flow is the source of truth for rights; Relais keeps the history of what each flow said
(right state, rights-and-duties flag) so that entries and exits can be dated afterwards.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from relais.people.models import Household, Person
from relais.territory.models import Commune, Departement


class RightState(models.TextChoices):
    """ETATDOSRSA, as the CNAF schema defines it."""

    AWAITING = "0", "Nouvelle demande en attente de décision"
    REFUSED = "1", "Droit refusé"
    PAYABLE = "2", "Droit ouvert et versable"
    SUSPENDED = "3", "Droit ouvert et suspendu"
    PAYMENT_SUSPENDED = "4", "Droit ouvert, versement suspendu"
    CLOSED = "5", "Droit clos"
    CLOSED_EARLIER = "6", "Droit clos sur un mois antérieur"


# A right in these states is open: a person subject to duties in it may be a new entrant.
OPEN_RIGHT_STATES = {RightState.PAYABLE, RightState.SUSPENDED, RightState.PAYMENT_SUSPENDED}
CLOSED_RIGHT_STATES = {RightState.CLOSED, RightState.CLOSED_EARLIER}


class ImportStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    REFUSED = "refused", "Refusé"


class ImportedFile(models.Model):
    """One file given to an import: the checksum ledger that makes a second run a no-op."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    # The uploaded name, for the history page only; the raw file is stored under a random name.
    file_name = models.CharField("fichier", max_length=200)
    size = models.PositiveBigIntegerField("taille")
    storage_name = models.CharField(max_length=64, blank=True)
    keep_until = models.DateField("conservé jusqu'au", null=True, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    # Progress for the upload screen: records read so far, and the total once known.
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    report = models.JSONField("compte rendu", default=dict, blank=True)
    error = models.TextField("motif du refus", blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("déposé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class CafFlow(ImportedFile):
    class Nature(models.TextChoices):
        DAILY = "daily", "Quotidien"
        MONTHLY = "monthly", "Mensuel"

    nature = models.CharField("nature", max_length=8, choices=Nature.choices, blank=True)
    # IdentificationFlux: DTCREAFLUX (dates entries) and DTREF (dates states).
    created_on = models.DateField("créé par la CAF le", null=True, blank=True)
    reference_date = models.DateField("date de référence", null=True, blank=True)

    class Meta(ImportedFile.Meta):
        verbose_name = "flux CAF"
        verbose_name_plural = "flux CAF"
        constraints = [
            models.UniqueConstraint(fields=["departement", "sha256"], name="caf_flow_unique_file")
        ]

    def __str__(self):
        return f"Flux {self.get_nature_display().lower()} du {self.created_on or '?'}"


class HistoryImport(ImportedFile):
    """A CSV of orientations, contracts and exits from the département's previous system."""

    class Meta(ImportedFile.Meta):
        verbose_name = "reprise d'historique"
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "sha256"], name="history_import_unique_file"
            )
        ]

    def __str__(self):
        return f"Reprise {self.file_name}"


class RsaFile(models.Model):
    """The household's RSA right as the CAF flow describes it (one per CAF number)."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    household = models.OneToOneField(Household, on_delete=models.PROTECT, related_name="rsa_file")
    caf_number = models.CharField("numéro allocataire", max_length=7)
    application_number = models.CharField("numéro de demande RSA", max_length=11)
    application_date = models.DateField("date de la demande")
    right_state = models.CharField("état du droit", max_length=1, choices=RightState.choices)
    right_state_since = models.DateField("état depuis le")
    suspension_reason = models.CharField("motif de suspension", max_length=3, blank=True)
    suspended_on = models.DateField("suspendu le", null=True, blank=True)
    closure_reason = models.CharField("motif de clôture", max_length=3, blank=True)
    closed_on = models.DateField("clos le", null=True, blank=True)
    transferred_in_on = models.DateField("arrivé d'un autre organisme le", null=True, blank=True)
    transferred_in_from = models.CharField("organisme cédant", max_length=6, blank=True)
    transferred_out_on = models.DateField("parti vers un autre organisme le", null=True, blank=True)
    transferred_out_to = models.CharField("organisme prenant", max_length=6, blank=True)
    address = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A digest of everything above as the flow gave it: an unchanged household is not rewritten.
    content_hash = models.CharField(max_length=64)
    last_flow = models.ForeignKey(CafFlow, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "dossier RSA"
        verbose_name_plural = "dossiers RSA"
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "caf_number"], name="rsa_file_unique_caf_number"
            )
        ]

    def __str__(self):
        return f"Dossier RSA {self.caf_number}"

    @property
    def is_open(self) -> bool:
        return self.right_state in OPEN_RIGHT_STATES


class RightStateChange(models.Model):
    rsa_file = models.ForeignKey(RsaFile, on_delete=models.CASCADE, related_name="state_history")
    state = models.CharField("état du droit", max_length=1, choices=RightState.choices)
    on = models.DateField("date (DTREF du flux)")
    flow = models.ForeignKey(CafFlow, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "changement d'état du droit"
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["state", "on"], name="right_state_change_idx")]

    def __str__(self):
        return f"{self.get_state_display()} au {self.on:%d/%m/%Y}"


class Beneficiary(models.Model):
    """A person as the CAF flow knows them: role, NIR hash, rights-and-duties flag."""

    class CafRole(models.TextChoices):
        APPLICANT = "DEM", "Demandeur"
        PARTNER = "CJT", "Conjoint"
        CHILD = "ENF", "Enfant"
        OTHER = "AUT", "Autre personne"
        FILE_HOLDER = "RDO", "Responsable du dossier"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="beneficiary")
    rsa_file = models.ForeignKey(RsaFile, on_delete=models.PROTECT, related_name="beneficiaries")
    caf_role = models.CharField("rôle (ROLEPERS)", max_length=3, choices=CafRole.choices)
    # HMAC-SHA256 of the NIR with a secret key: matches persons, cannot be read back or shown.
    nir_hash = models.CharField(max_length=64, blank=True)
    france_travail_id = models.CharField("identifiant France Travail", max_length=8, blank=True)
    subject_to_duties = models.BooleanField("soumis aux droits et devoirs", default=False)
    # The creation date of the first flow of the current rights-and-duties episode.
    duties_entered_on = models.DateField(
        "entré·e dans les droits et devoirs le", null=True, blank=True
    )
    content_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "bénéficiaire"
        indexes = [
            models.Index(fields=["nir_hash"], name="beneficiary_nir_idx"),
            models.Index(
                fields=["subject_to_duties", "duties_entered_on"], name="beneficiary_sdd_idx"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_caf_role_display()})"


class DutiesChange(models.Model):
    """One change of the rights-and-duties flag as a flow showed it.

    `is_entry` marks the start of an episode (the entry flag, or a 0 → 1 change, with an
    open right): these rows are the week's new entrants, dated by the flow's creation date.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duties_history")
    subject_to_duties = models.BooleanField()
    is_entry = models.BooleanField(default=False)
    on = models.DateField("date (DTCREAFLUX du flux)")
    reference_date = models.DateField("date de référence (DTREF)")
    flow = models.ForeignKey(CafFlow, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "changement de droits et devoirs"
        ordering = ["-on", "-id"]
        indexes = [
            models.Index(fields=["on"], condition=Q(is_entry=True), name="duties_entry_on_idx"),
            models.Index(fields=["person", "-on"], name="duties_person_on_idx"),
        ]

    def __str__(self):
        return f"{'Soumis' if self.subject_to_duties else 'Non soumis'} au {self.on:%d/%m/%Y}"
