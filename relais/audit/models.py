"""Who read or changed a person's data. Rows are written once and never changed."""

from django.conf import settings
from django.db import models

from relais.people.models import Person
from relais.territory.models import Organisation


class ImmutableRecordError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError("Les traces d'accès ne peuvent pas être modifiées.")

    def delete(self):
        raise ImmutableRecordError("Les traces d'accès ne peuvent pas être supprimées.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecordError("Les traces d'accès ne peuvent pas être modifiées.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("Les traces d'accès ne peuvent pas être supprimées.")


class AccessRecord(AppendOnly):
    class Action(models.TextChoices):
        VIEW = "view", "Consultation du dossier"
        DOWNLOAD = "download", "Téléchargement d'un document"
        PRINT = "print", "Impression"
        EXPORT = "export", "Export"

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    role = models.CharField("rôle", max_length=30, blank=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="access_records")
    action = models.CharField("action", max_length=10, choices=Action.choices)
    target = models.CharField("objet", max_length=100, blank=True)

    class Meta:
        verbose_name = "trace de consultation"
        verbose_name_plural = "traces de consultation"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"], name="access_person_time_idx")]

    def __str__(self):
        return f"{self.get_action_display()} le {self.at:%d/%m/%Y %H:%M}"


class ChangeRecord(AppendOnly):
    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="change_records")
    model = models.CharField("objet modifié", max_length=100)
    object_id = models.CharField(max_length=64)
    # {"field": [old, new]} — old and new values as text.
    changes = models.JSONField("modifications")

    class Meta:
        verbose_name = "trace de modification"
        verbose_name_plural = "traces de modification"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"], name="change_person_time_idx")]

    def __str__(self):
        return f"Modification de {self.model} le {self.at:%d/%m/%Y %H:%M}"
