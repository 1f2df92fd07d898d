"""Operators who leave a prescription unanswered are reminded (daily batch).

A prescription still "sent" RELAIS_PRESCRIPTION_REMINDER_DAYS after it was sent — or after
the last reminder — gets one reminder to the operator's staff; the prescriber sees the date
of the reminder on the prescription's page.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from relais.programmes.models import Prescription, Status
from relais.programmes.services import notify


def due(now: dt.datetime | None = None):
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.RELAIS_PRESCRIPTION_REMINDER_DAYS)
    return Prescription.objects.filter(status=Status.SENT, sent_at__lte=limit).exclude(
        reminded_at__gt=limit
    )


def remind_unanswered(*, now: dt.datetime | None = None, wet_run: bool = False) -> int:
    """Remind each operator of its overdue prescriptions; without wet_run, only count them."""
    now = now or timezone.now()
    pending = due(now).select_related("programme", "person")
    if not wet_run:
        return pending.count()
    reminded = 0
    for prescription in pending:
        with transaction.atomic():
            days = (now - prescription.sent_at).days
            notify.tell_operator(
                prescription,
                "Prescription en attente de réponse",
                f"Une prescription vers « {prescription.programme.name} » attend votre réponse "
                f"depuis {days} jours.",
            )
            Prescription.objects.filter(pk=prescription.pk).update(reminded_at=now)
            reminded += 1
    return reminded
