"""Prescriptions: a professional sends a person to a programme; the operator answers."""

import uuid

from django.conf import settings
from django.db import models

from relais.people.models import Person
from relais.programmes.eligibility import operator_lines
from relais.programmes.models.catalogue import Programme, Session
from relais.territory.models import Departement, Organisation


class Status(models.TextChoices):
    SENT = "sent", "Envoyée"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    WAITLISTED = "waitlisted", "En liste d'attente"
    ENTERED = "entered", "Entrée dans l'action"
    ENDED = "ended", "Sortie de l'action"
    WITHDRAWN = "withdrawn", "Retirée par le prescripteur"


# The one map of allowed moves; services refuse every other.
TRANSITIONS = {
    Status.SENT: {Status.ACCEPTED, Status.REFUSED, Status.WAITLISTED, Status.WITHDRAWN},
    Status.WAITLISTED: {Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN},
    Status.ACCEPTED: {Status.ENTERED, Status.WITHDRAWN},
    Status.ENTERED: {Status.ENDED},
    Status.REFUSED: set(),
    Status.ENDED: set(),
    Status.WITHDRAWN: set(),
}
# A place is held from acceptance to the end (or the withdrawal).
PLACE_HOLDING_STATUSES = (Status.ACCEPTED, Status.ENTERED)
OPEN_STATUSES = (Status.SENT, Status.WAITLISTED, Status.ACCEPTED, Status.ENTERED)


class RefusalReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "Ne correspond pas au public de l'action"
    NO_SHOW = "no_show", "Absent à l'entretien préalable"
    DECLINED = "declined", "La personne ne souhaite pas entrer dans l'action"
    UNREACHABLE = "unreachable", "Personne injoignable"
    BETTER_ELSEWHERE = "better_elsewhere", "Une autre action est plus adaptée"
    OTHER = "other", "Autre motif"


class Outcome(models.TextChoices):
    DURABLE_JOB = "durable_job", "Emploi durable (CDI, CDD de 6 mois ou plus)"
    SHORT_JOB = "short_job", "Emploi de moins de 6 mois"
    TRAINING = "training", "Formation qualifiante"
    OTHER_PROGRAMME = "other_programme", "Orientation vers une autre action"
    COMPLETED = "completed", "Action terminée sans solution d'emploi ou de formation"
    DROPPED_OUT = "dropped_out", "Abandon"
    MOVED = "moved", "Déménagement"
    OTHER = "other", "Autre"


# Outcomes that count as a positive exit in the indicators.
POSITIVE_OUTCOMES = (Outcome.DURABLE_JOB, Outcome.SHORT_JOB, Outcome.TRAINING)


class Prescription(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="prescriptions", verbose_name="action"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="prescriptions")
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prescriptions",
        verbose_name="session",
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="coach",
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prescriber_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    # A language-platform assessment may orient to a course: the course's prescription
    # remembers where it came from.
    origin = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="followers"
    )
    objective = models.TextField("objectif de la prescription")
    eligible = models.BooleanField("éligible à l'envoi")
    eligibility = models.JSONField("explication de l'éligibilité", default=list)
    derogation_reason = models.TextField("motif de la dérogation", blank=True)
    criteria_confirmed = models.BooleanField(
        "critères confirmés par le prescripteur", default=False
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SENT)
    sent_at = models.DateTimeField("envoyée le")
    answered_at = models.DateTimeField("réponse le", null=True, blank=True)
    waitlisted_at = models.DateTimeField("mise en attente le", null=True, blank=True)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    refused_at = models.DateTimeField("refusée le", null=True, blank=True)
    refusal_reason = models.CharField(
        "motif du refus", max_length=20, choices=RefusalReason.choices, blank=True
    )
    refusal_comment = models.CharField("précision", max_length=300, blank=True)
    entered_on = models.DateField("entrée le", null=True, blank=True)
    ended_on = models.DateField("sortie le", null=True, blank=True)
    outcome = models.CharField(
        "situation à la sortie", max_length=20, choices=Outcome.choices, blank=True
    )
    outcome_comment = models.CharField("précision", max_length=300, blank=True)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)
    withdrawal_reason = models.CharField("motif du retrait", max_length=300, blank=True)
    reminded_at = models.DateTimeField("relance le", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "prescription"
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["programme", "status"], name="prescription_prog_status_idx"),
            models.Index(fields=["status", "waitlisted_at"], name="prescription_waitlist_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(eligible=True) | ~models.Q(derogation_reason=""),
                name="prescription_derogation_when_ineligible",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="prescription_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ended")
                | (models.Q(ended_on__isnull=False) & ~models.Q(outcome="")),
                name="prescription_end_has_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["entered", "ended"])
                | models.Q(entered_on__isnull=False),
                name="prescription_entry_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("entered_on")),
                name="prescription_end_after_entry",
            ),
        ]

    def __str__(self):
        return f"Prescription vers {self.programme}"

    @property
    def operator_eligibility(self) -> list[dict]:
        return operator_lines(self.eligibility)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
