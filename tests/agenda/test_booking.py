"""Booking a slot, the statuses of an appointment, collective sessions."""

import datetime as dt
import html
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.agenda import services
from relais.agenda.models import Agenda, Appointment, CollectiveSession, Slot
from relais.agenda.slots import materialise
from relais.audit.models import ChangeRecord
from relais.people.models import Event, Person
from tests.agenda.fixtures import add_opening, make_agenda


def next_free(agenda) -> Slot:
    return agenda.slots.filter(is_booked=False, start__gte=timezone.now()).order_by("start").first()


def book(world, slot, motive, **overrides):
    data = {
        "user": world.user("reception_a"),
        "slot_id": slot.pk,
        "person": world.person_a,
        "motive": motive,
        "mode": "in_person",
        "requested_at": timezone.localdate(),
    }
    return services.book(**{**data, **overrides})


def test_booking_takes_the_slot_writes_the_timeline_and_the_audit(world, agenda_a, motive):
    slot = next_free(agenda_a)
    appointment = book(world, slot, motive)
    slot.refresh_from_db()
    assert slot.is_booked
    assert (appointment.start, appointment.site) == (slot.start, agenda_a.site)
    assert Event.objects.get(person=world.person_a, kind=Event.Kind.APPOINTMENT)
    assert ChangeRecord.objects.get(model="agenda.Appointment").person == world.person_a


def test_a_slot_cannot_be_booked_twice(world, agenda_a, motive):
    slot = next_free(agenda_a)
    book(world, slot, motive)
    with pytest.raises(services.SlotTaken, match="vient d'être réservé"):
        book(world, slot, motive, person=world.person_b)
    assert Appointment.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"mode": "video"}, "modalité"),
        ({"requested_at": dt.date(2099, 1, 1)}, "futur"),
    ],
)
def test_booking_refuses_what_the_slot_does_not_offer(world, agenda_a, motive, overrides, message):
    with pytest.raises(services.AgendaError, match=message):
        book(world, next_free(agenda_a), motive, **overrides)
    assert not Appointment.objects.exists()


def test_booking_refuses_a_motive_the_opening_does_not_accept(world, agenda_a, other_motive):
    with pytest.raises(services.AgendaError, match="motif"):
        book(world, next_free(agenda_a), other_motive)


ALL = list(Appointment.Status)
ALLOWED = {(Appointment.Status.PLANNED, s) for s in ALL if s != Appointment.Status.PLANNED}


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_every_transition_is_allowed_or_refused_explicitly(world, agenda_a, motive, source, target):
    appointment = book(world, next_free(agenda_a), motive)
    Appointment.objects.filter(pk=appointment.pk).update(status=source)
    appointment.refresh_from_db()
    if (source, target) in ALLOWED:
        services.change_status(
            user=world.user("reception_a"), appointment=appointment, status=target
        )
        appointment.refresh_from_db()
        assert appointment.status == target
    else:
        with pytest.raises(services.AgendaError, match="ne peut pas devenir"):
            services.change_status(
                user=world.user("reception_a"), appointment=appointment, status=target
            )
        appointment.refresh_from_db()
        assert appointment.status == source


def test_cancelling_frees_the_slot_for_someone_else(world, agenda_a, motive):
    slot = next_free(agenda_a)
    first = book(world, slot, motive)
    services.change_status(user=world.user("reception_a"), appointment=first, status="cancelled")
    slot.refresh_from_db()
    assert not slot.is_booked
    second = book(world, slot, motive, person=world.person_b)
    assert second.slot == slot


def test_a_planned_appointment_opens_the_file_to_the_receiving_organisation(
    world, agenda_a, motive
):
    agent_a = world.user("social_worker_a")
    assert not Person.objects.visible_to(agent_a).filter(pk=world.person_b.pk).exists()
    appointment = book(world, next_free(agenda_a), motive, person=world.person_b)
    assert Person.objects.visible_to(agent_a).filter(pk=world.person_b.pk).exists()
    services.change_status(user=agent_a, appointment=appointment, status="seen")
    assert not Person.objects.visible_to(agent_a).filter(pk=world.person_b.pk).exists()


def test_a_collective_session_stops_at_its_capacity(world, motive):
    start = timezone.now() + dt.timedelta(days=3)
    session = CollectiveSession.objects.create(
        organisation=world.mds_a,
        site=world.mds_a.sites.first(),
        motive=motive,
        title="Information RSA",
        start=start,
        end=start + dt.timedelta(hours=2),
        capacity=1,
    )
    user = world.user("reception_a")
    services.book_collective(
        user=user, session=session, person=world.person_a, requested_at=timezone.localdate()
    )
    with pytest.raises(services.AgendaError, match="complète"):
        services.book_collective(
            user=user, session=session, person=world.person_b, requested_at=timezone.localdate()
        )


def test_the_booking_page_books_and_says_when_the_slot_was_just_taken(
    world, agenda_a, motive, as_user
):
    client = as_user(world.user("reception_a"))
    url = reverse("agenda:book", kwargs={"uuid": world.person_a.uuid})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["first_available"] == next_free(agenda_a)
    slot = next_free(agenda_a)
    data = {
        "slot": slot.pk,
        "motive": motive.pk,
        "mode": "in_person",
        "requested_at": timezone.localdate().strftime("%d/%m/%Y"),
    }
    response = client.post(url, data)
    appointment = Appointment.objects.get()
    assert response["Location"] == reverse(
        "agenda:appointment", kwargs={"appointment_uuid": appointment.uuid}
    )

    again = client.post(url, data)
    assert again.status_code == 200
    assert "vient d'être réservé" in html.unescape(again.content.decode())
    assert slot not in again.context["slots"]  # the next ones are offered


def test_third_next_available_slot_is_the_third_free_one(world, agenda_a, motive, as_user):
    free = list(
        agenda_a.slots.filter(is_booked=False, start__gte=timezone.now()).order_by("start")[:3]
    )
    book(world, free[1], motive)
    client = as_user(world.user("reception_a"))
    page = client.get(reverse("agenda:book", kwargs={"uuid": world.person_a.uuid}))
    fourth = (
        agenda_a.slots.filter(is_booked=False, start__gt=free[2].start).order_by("start").first()
    )
    assert page.context["third_available"] == fourth


def test_the_database_refuses_a_second_live_appointment_on_one_slot(world, agenda_a, motive):
    """The last guard, whatever the code path: a unique constraint on live appointments."""
    slot = next_free(agenda_a)
    first = book(world, slot, motive)
    duplicate = {
        f.name: getattr(first, f.name)
        for f in Appointment._meta.concrete_fields
        if f.name not in ("id", "uuid", "created_at", "updated_at")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(**duplicate)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two concurrent transactions need a server database; SQLite serialises writers",
)
def test_two_agents_booking_the_same_slot_at_once_exactly_one_wins(
    transactional_db, world, agenda_a, motive
):
    slot = next_free(agenda_a)
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(person):
        try:
            barrier.wait(timeout=5)
            outcomes.append(book(world, slot, motive, person=person))
        except services.SlotTaken as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(p,)) for p in (world.person_a, world.person_b)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    won = [o for o in outcomes if isinstance(o, Appointment)]
    lost = [o for o in outcomes if isinstance(o, services.SlotTaken)]
    assert (len(won), len(lost)) == (1, 1)
    assert Appointment.objects.filter(slot=slot).count() == 1


def test_a_manager_programmes_a_meeting_and_reception_registers_a_person(world, motive, as_user):
    day = (timezone.localdate() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
    manager = as_user(world.user("manager_a"))
    response = manager.post(
        reverse("agenda:sessions"),
        {
            "title": "Information RSA",
            "motive": motive.pk,
            "site": world.mds_a.sites.first().pk,
            "capacity": 1,
            "day": day,
            "start_time": "14:00",
            "end_time": "16:00",
        },
    )
    assert response.status_code == 302
    session = CollectiveSession.objects.get()
    reception = as_user(world.user("reception_a"))
    url = reverse(
        "agenda:session_register",
        kwargs={"uuid": world.person_a.uuid, "session_uuid": session.uuid},
    )
    assert reception.post(url).status_code == 302
    assert session.appointments.get().person == world.person_a
    # The only place is taken: the next registration is refused and says why.
    world.person_b.referent_organisation = world.mds_a
    world.person_b.save()
    refused = reception.post(
        reverse(
            "agenda:session_register",
            kwargs={"uuid": world.person_b.uuid, "session_uuid": session.uuid},
        ),
        follow=True,
    )
    assert "complète" in refused.content.decode()
    assert session.appointments.count() == 1


def test_agents_who_do_not_manage_agendas_cannot_programme_meetings(world, motive, as_user):
    client = as_user(world.user("social_worker_b"))
    response = client.post(reverse("agenda:sessions"), {"title": "x"})
    assert response.status_code == 404


def test_the_agendas_page_runs_as_many_queries_for_six_agendas_as_for_two(world, motive, as_user):
    def create(count):
        for index in range(count):
            agenda = make_agenda(world, name=f"Agenda {index} {Agenda.objects.count()}")
            add_opening(agenda, [motive], weekday=(timezone.localdate().weekday() + 1) % 7)
            materialise(agenda)

    client = as_user(world.user("reception_a"))
    url = reverse("agenda:agendas")
    create(2)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert page.context["agendas"][0].next_free is not None
    create(4)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
