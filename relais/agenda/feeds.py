"""An agent's appointments as an iCalendar feed. No person's name leaves Relais this way:
the calendar shows the motive and the site, and links back to the appointment."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from relais.agenda.models import Appointment

PAST_DAYS = 30
FUTURE_DAYS = 120


def calendar_for(user) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.RELAIS_SERVICE_NAME}//Agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.RELAIS_SERVICE_NAME} — mes rendez-vous")
    now = timezone.now()
    appointments = (
        Appointment.objects.filter(
            agenda__owner=user,
            start__gte=now - dt.timedelta(days=PAST_DAYS),
            start__lte=now + dt.timedelta(days=FUTURE_DAYS),
        )
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("motive", "site")
    )
    for appointment in appointments:
        event = Event()
        event.add("uid", f"{appointment.uuid}@relais")
        event.add("dtstamp", appointment.updated_at)
        event.add("dtstart", appointment.start)
        event.add("dtend", appointment.end)
        event.add("summary", f"Rendez-vous : {appointment.motive}")
        event.add("location", appointment.site.name)
        event.add(
            "url",
            settings.RELAIS_BASE_URL
            + reverse("agenda:appointment", kwargs={"appointment_uuid": appointment.uuid}),
        )
        calendar.add_component(event)
    return calendar.to_ical()
