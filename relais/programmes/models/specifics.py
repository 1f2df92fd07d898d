"""What some programmes record beyond the prescription: language assessments, TAPAJ days."""

import uuid

from django.conf import settings
from django.db import models

from relais.programmes.models.prescriptions import Prescription


class Cefr(models.TextChoices):
    """The CEFR scale, with A0 for a person who does not yet reach A1."""

    A0 = "A0", "A0 (non atteint A1)"
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


SKILLS = (
    ("oral_comprehension", "Compréhension orale"),
    ("oral_expression", "Expression orale"),
    ("written_comprehension", "Compréhension écrite"),
    ("written_expression", "Expression écrite"),
)


class LanguageAssessment(models.Model):
    """An assessment by the language platform (action sheet 8.3), initial or final."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Évaluation initiale"
        FINAL = "final", "Évaluation finale"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField("type", max_length=8, choices=Kind.choices)
    assessed_on = models.DateField("évaluée le")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    oral_comprehension = models.CharField("compréhension orale", max_length=2, choices=Cefr.choices)
    oral_expression = models.CharField("expression orale", max_length=2, choices=Cefr.choices)
    written_comprehension = models.CharField(
        "compréhension écrite", max_length=2, choices=Cefr.choices
    )
    written_expression = models.CharField("expression écrite", max_length=2, choices=Cefr.choices)
    comment = models.TextField("observations", blank=True)
    # The course the platform oriented to after this assessment, if any.
    oriented_to = models.ForeignKey(
        Prescription, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "évaluation linguistique"
        ordering = ["assessed_on", "id"]
        indexes = [models.Index(fields=["assessed_on"], name="assessment_date_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.assessed_on:%d/%m/%Y}"

    def levels(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, field)) for field, label in SKILLS]


class WorkDay(models.Model):
    """A day of paid work in TAPAJ (action sheet 8.1)."""

    prescription = models.ForeignKey(
        Prescription, on_delete=models.CASCADE, related_name="work_days"
    )
    worked_on = models.DateField("date")
    hours = models.DecimalField("heures", max_digits=4, decimal_places=1)
    work_site = models.CharField("chantier", max_length=150)
    paid = models.BooleanField("payée", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "journée travaillée"
        ordering = ["-worked_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=12),
                name="workday_hours_range",
            ),
            models.UniqueConstraint(
                fields=["prescription", "worked_on", "work_site"], name="workday_unique"
            ),
        ]

    def __str__(self):
        return f"{self.worked_on:%d/%m/%Y} — {self.work_site}"
