from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from relais.agenda import services
from relais.agenda.models import CalendarFeed


def test_the_feed_lists_the_agents_appointments_without_names(world, agenda_a, motive, client):
    slot = agenda_a.slots.filter(start__gte=timezone.now()).order_by("start").first()
    appointment = services.book(
        user=world.user("reception_a"),
        slot_id=slot.pk,
        person=world.person_a,
        motive=motive,
        mode="in_person",
        requested_at=timezone.localdate(),
    )
    feed = services.renew_feed(user=world.user("social_worker_a"))
    response = client.get(reverse("agenda:ical", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"{appointment.uuid}@relais"]
    body = response.content.decode()
    assert "DUPONT" not in body and "François" not in body
    assert "Accès aux droits" in body


def test_a_revoked_or_renewed_link_stops_working(world, client):
    user = world.user("social_worker_a")
    old = services.renew_feed(user=user)
    new = services.renew_feed(user=user)
    assert client.get(reverse("agenda:ical", kwargs={"token": old.token})).status_code == 404
    assert client.get(reverse("agenda:ical", kwargs={"token": new.token})).status_code == 200
    services.revoke_feed(user=user)
    assert client.get(reverse("agenda:ical", kwargs={"token": new.token})).status_code == 404
    assert CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).count() == 0


def test_an_opening_that_overlaps_another_is_refused_with_the_reason(
    world, agenda_a, motive, as_user
):
    client = as_user(world.user("manager_a"))
    response = client.post(
        reverse("agenda:openings", kwargs={"agenda_uuid": agenda_a.uuid}),
        {
            "weekday": 0,
            "start_time": "11:00",
            "end_time": "13:00",
            "slot_minutes": 30,
            "motives": [motive.pk],
            "in_person": "on",
            "valid_from": "01/01/2027",
        },
    )
    assert response.status_code == 200
    assert "chevauche" in response.content.decode()
    assert agenda_a.openings.filter(start_time="11:00").count() == 0
