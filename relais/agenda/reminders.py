"""Reminders the day before an appointment, by SMS or e-mail, only with the person's consent."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from relais.agenda.models import Appointment, Reminder
from relais.core.notifications import notify_by_email, notify_by_sms
from relais.people.consents import latest_consents
from relais.people.models import Consent


@dataclass
class ReminderReport:
    due: int = 0
    sms: int = 0
    email: int = 0
    without_consent: int = 0
    already_sent: int = 0
    details: list = field(default_factory=list)


def reminder_text(appointment: Appointment) -> str:
    # No motive in the message: a phone screen is read by others too.
    start = timezone.localtime(appointment.start)
    site = appointment.site
    text = (
        f"Rappel : rendez-vous le {date_format(start, 'l j F')} à {start:%H:%M}, "
        f"{site.name}, {site.address}."
    )
    if site.phone:
        text += f" En cas d'empêchement, appelez le {site.phone}."
    return text


def send_reminders(*, day: dt.date, wet_run: bool) -> ReminderReport:
    """Remind every planned appointment of `day`; dry run unless wet_run (batch habit)."""
    tz = timezone.get_current_timezone()
    appointments = (
        Appointment.objects.filter(
            status=Appointment.Status.PLANNED,
            start__gte=dt.datetime.combine(day, dt.time.min, tz),
            start__lt=dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tz),
        )
        .select_related("person", "site")
        .order_by("start")
    )
    report = ReminderReport()
    appointments = list(appointments)
    consents = latest_consents([a.person_id for a in appointments])
    reminded = set(
        Reminder.objects.filter(appointment__in=appointments).values_list(
            "appointment_id", flat=True
        )
    )
    for appointment in appointments:
        report.due += 1
        if appointment.pk in reminded:
            report.already_sent += 1
            continue
        channel = _channel(appointment.person, consents)
        if channel is None:
            report.without_consent += 1
            continue
        setattr(report, channel, getattr(report, channel) + 1)
        if wet_run:
            _remind(appointment, channel)
    return report


def _channel(person, consents) -> str | None:
    if person.phone and consents.get((person.pk, Consent.Purpose.SMS)):
        return "sms"
    if person.email and consents.get((person.pk, Consent.Purpose.EMAIL)):
        return "email"
    return None


@transaction.atomic
def _remind(appointment: Appointment, channel: str) -> Reminder:
    text = reminder_text(appointment)
    if channel == "sms":
        notification = notify_by_sms(
            to=appointment.person.phone, kind="appointment_reminder", body=text
        )
    else:
        notification = notify_by_email(
            to=appointment.person.email,
            kind="appointment_reminder",
            subject="Rappel de votre rendez-vous",
            body=text,
        )
    return Reminder.objects.create(appointment=appointment, notification=notification)
