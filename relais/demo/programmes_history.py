"""Back-dating the simulated year, and what the operators recorded along it.

The prescription services stamp the moment they run; the demo's year happened over twelve
months. Once the simulation is over, each row it wrote gets its simulated moment: the
prescriptions' timestamps, the timeline lines (by the status each one records), the consents
and the notifications (by their subject). The audit trail keeps the real moment of the load:
it records what the machine did, and is never rewritten.
"""

import datetime as dt
import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Max

from relais.core.models import Notification
from relais.people.models import Consent, Event
from relais.programmes.models import LanguageAssessment, Prescription, WorkDay

STAMPED = ("sent_at", "answered_at", "waitlisted_at", "accepted_at", "refused_at", "withdrawn_at")
# Which moment a timeline line or a notification tells of.
BY_STATUS = {
    "sent": "sent_at",
    "waitlisted": "waitlisted_at",
    "accepted": "accepted_at",
    "refused": "refused_at",
    "withdrawn": "withdrawn_at",
    "entered": "entered",
    "ended": "ended",
}
BY_SUBJECT = {
    "Nouvelle prescription": "sent_at",
    "Liste d'attente": "waitlisted_at",
    "Prescription acceptée": "accepted_at",
    "Place proposée": "accepted_at",
    "Prescription refusée": "refused_at",
    "Prescription retirée": "withdrawn_at",
    "Entrée dans l'action": "entered",
    "Sortie de l'action": "ended",
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def watermarks() -> dict[str, int]:
    """The last rows before the simulation: whatever comes after is the simulation's."""
    return {
        "event": Event.objects.aggregate(m=Max("pk"))["m"] or 0,
        "notification": Notification.objects.aggregate(m=Max("pk"))["m"] or 0,
    }


def backdate(sim, marks: dict[str, int]) -> None:
    moments = _prescriptions(sim)
    _events(sim, marks["event"], moments)
    _consents(sim)
    _notifications(marks["notification"], moments)


def _prescriptions(sim) -> dict[int, dict[str, dt.datetime]]:
    """Write the simulated moments; return every moment of each prescription, by name."""
    rows = list(Prescription.objects.filter(pk__in=sim.stamps).only("pk", *STAMPED, "entered_on"))
    moments = {}
    for row in rows:
        stamps = sim.stamps[row.pk]
        for name in STAMPED:
            if getattr(row, name) is not None and name in stamps:
                setattr(row, name, stamps[name])
        moments[row.pk] = dict(stamps)
    _write(rows, STAMPED)
    dates = Prescription.objects.filter(pk__in=sim.stamps).values_list(
        "pk", "entered_on", "ended_on", "uuid"
    )
    for pk, entered_on, ended_on, uuid in dates:
        moment = moments[pk]
        moment["uuid"] = str(uuid)
        if entered_on:
            moment["entered"] = sim.moment(entered_on, hour=10)
        if ended_on:
            moment["ended"] = sim.moment(ended_on, hour=16)
    return moments


def _events(sim, after: int, moments: dict) -> None:
    """Each line at the moment of what it tells: a step, a consent, an assessment, a day."""
    types = ContentType.objects.get_for_models(Prescription, Consent, LanguageAssessment, WorkDay)
    events = list(
        Event.objects.filter(pk__gt=after, source_type__in=types.values()).only(
            "pk", "occurred_at", "source_type_id", "source_id", "data"
        )
    )
    assessed = _days(LanguageAssessment, "assessed_on", events, types)
    worked = _days(WorkDay, "worked_on", events, types)
    for event in events:
        source = int(event.source_id)
        if event.source_type_id == types[Consent].pk:
            moment = sim.consents.get(source)
        elif event.source_type_id == types[LanguageAssessment].pk:
            moment = sim.moment(assessed[source], hour=11)
        elif event.source_type_id == types[WorkDay].pk:
            moment = sim.moment(worked[source], hour=17)
        else:
            known = moments.get(source, {})
            moment = known.get(BY_STATUS.get(event.data.get("status"), ""))
        event.occurred_at = moment or event.occurred_at
    _write(events, ["occurred_at"])


def _days(model, name: str, events, types) -> dict[int, dt.date]:
    """{pk: date} of the rows of `model` some of the events tell of."""
    pks = {int(e.source_id) for e in events if e.source_type_id == types[model].pk}
    return dict(model.objects.filter(pk__in=pks).values_list("pk", name))


def _consents(sim) -> None:
    consents = list(Consent.objects.filter(pk__in=sim.consents).only("pk", "recorded_at"))
    for consent in consents:
        consent.recorded_at = sim.consents[consent.pk]
    _write(consents, ["recorded_at"])


def _notifications(after: int, moments: dict) -> None:
    """Sent when their step happened: the task worker must not mail a year of news today."""
    by_uuid = {moment["uuid"]: moment for moment in moments.values()}
    notifications = list(Notification.objects.filter(pk__gt=after))
    for notification in notifications:
        found = UUID.search(notification.body)
        known = by_uuid.get(found.group(0), {}) if found else {}
        moment = known.get(BY_SUBJECT.get(notification.subject, ""), known.get("sent_at"))
        if moment is None:
            continue
        notification.created_at = notification.sent_at = moment
        notification.status = Notification.Status.SENT
    _write(notifications, ["created_at", "sent_at", "status"])


def _write(rows: list, names) -> None:
    """One UPDATE statement run for all rows: bulk_update's CASE took seconds for a thousand."""
    if not rows:
        return
    meta = rows[0]._meta
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
