"""Permission rules of the agenda views (merged into tests/test_permission_matrix.py)."""

import datetime as dt

from django.utils import timezone

from relais.agenda import services
from relais.agenda.models import Agenda, CalendarFeed, CollectiveSession, Motive, Opening
from relais.agenda.slots import materialise
from tests.permissions import only, rule

_A_BOOKING = ("social_worker_a", "employment_agent_a", "reception_a", "manager_a")
_ALL_BOOKING = (*_A_BOOKING, "social_worker_b", "manager_b")

EXPECTED = {
    "agenda:agendas": only(_ALL_BOOKING, 200),
    "agenda:book": only(_A_BOOKING, 200),
    "agenda:week": only(_A_BOOKING, 200),
    "agenda:openings": only(("reception_a", "manager_a"), 200),
    "agenda:absence_add": rule(405),
    "agenda:appointment": only(_A_BOOKING, 200),
    "agenda:appointment_status": rule(405),
    "agenda:convocation": only(_A_BOOKING, 200),
    "agenda:feed": only(_ALL_BOOKING, 200),
    "agenda:sessions": only(_ALL_BOOKING, 200),
    "agenda:session_register": rule(405),
    "agenda:feed_renew": rule(405),
    "agenda:feed_revoke": rule(405),
    # The secret link is the credential: calendar software does not log in.
    "agenda:ical": rule(200, anonymous=200),
}


def url_kwargs(world) -> dict:
    motive = Motive.objects.create(
        departement=world.mds_a.departement, code="matrice", label="Accès aux droits"
    )
    agenda = Agenda.objects.create(
        organisation=world.mds_a,
        site=world.mds_a.sites.first(),
        name="Agenda A",
        owner=world.user("social_worker_a"),
    )
    opening = Opening.objects.create(
        agenda=agenda,
        weekday=(timezone.localdate() + dt.timedelta(days=1)).weekday(),
        start_time=dt.time(9),
        end_time=dt.time(12),
        valid_from=dt.date(2020, 1, 1),
    )
    opening.motives.set([motive])
    materialise(agenda)
    appointment = services.book(
        user=world.user("reception_a"),
        slot_id=agenda.slots.order_by("start").last().pk,
        person=world.person_a,
        motive=motive,
        mode="in_person",
        requested_at=timezone.localdate(),
    )
    feed = CalendarFeed.objects.create(user=world.user("social_worker_a"))
    session = CollectiveSession.objects.create(
        organisation=world.mds_a,
        site=agenda.site,
        motive=motive,
        title="Information RSA",
        start=timezone.now() + dt.timedelta(days=5),
        end=timezone.now() + dt.timedelta(days=5, hours=2),
        capacity=12,
    )
    return {
        "agenda_uuid": agenda.uuid,
        "appointment_uuid": appointment.uuid,
        "token": feed.token,
        "session_uuid": session.uuid,
    }
