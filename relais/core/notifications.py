"""One way to send a message to a professional: a row now, the sending after commit."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from relais.core.models import Notification
from relais.core.sms import send_sms

logger = logging.getLogger("relais.notifications")


def notify_by_email(*, to: str, kind: str, subject: str, body: str) -> Notification:
    return _queue(Notification.Channel.EMAIL, to=to, kind=kind, subject=subject, body=body)


def notify_by_sms(*, to: str, kind: str, body: str) -> Notification:
    return _queue(Notification.Channel.SMS, to=to, kind=kind, subject=kind, body=body)


def _queue(channel, *, to, kind, subject, body) -> Notification:
    notification = Notification.objects.create(
        channel=channel, kind=kind, recipient=to, subject=subject, body=body
    )
    # Sent only once the change that caused it is committed: no mail about a rolled-back act.
    transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


@task()
def send_notification(notification_id: int) -> None:
    notification = Notification.objects.get(pk=notification_id)
    if notification.status == Notification.Status.SENT:
        return
    notification.attempts += 1
    notification.save(update_fields=["attempts"])
    try:
        if notification.channel == Notification.Channel.SMS:
            send_sms(notification.recipient, notification.body)
        else:
            send_mail(
                notification.subject,
                notification.body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.recipient],
            )
    except Exception as error:  # the backend's errors are many; the row keeps the reason
        notification.status = Notification.Status.FAILED
        notification.error = str(error)[:300]
        notification.save(update_fields=["status", "error"])
        # The id only: the recipient and the text stay out of the logs.
        logger.warning("Notification %s non envoyée", notification.pk)
        raise
    notification.status = Notification.Status.SENT
    notification.sent_at = timezone.now()
    notification.error = ""
    notification.save(update_fields=["status", "sent_at", "error"])


MAX_ATTEMPTS = 3


def retry_failed(*, wet_run: bool) -> int:
    """Queue again the messages whose sending failed, up to MAX_ATTEMPTS tries each."""
    failed = Notification.objects.filter(
        status=Notification.Status.FAILED, attempts__lt=MAX_ATTEMPTS
    )
    ids = list(failed.values_list("pk", flat=True))
    if wet_run:
        for pk in ids:
            Notification.objects.filter(pk=pk).update(status=Notification.Status.QUEUED)
            send_notification.enqueue(pk)
    return len(ids)
