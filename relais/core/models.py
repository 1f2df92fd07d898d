"""Messages sent to professionals: one row per message, whatever the channel."""

from django.db import models


class Notification(models.Model):
    """An e-mail or an SMS, queued after commit and sent by the task worker.

    The body is stored so that a failed message can be retried; services must therefore
    write bodies without personal data (a link to the file, not the person's name).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "Courriel"
        SMS = "sms", "SMS"

    class Status(models.TextChoices):
        QUEUED = "queued", "En attente d'envoi"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Échec"

    created_at = models.DateTimeField("créée le", auto_now_add=True)
    channel = models.CharField("canal", max_length=10, choices=Channel.choices)
    kind = models.CharField("type", max_length=50)
    recipient = models.CharField("destinataire", max_length=254)
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("texte")
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.QUEUED)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    error = models.CharField("erreur", max_length=300, blank=True)

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_channel_display()} à {self.recipient} : {self.subject}"
