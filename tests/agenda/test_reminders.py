import datetime as dt
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from relais.agenda import services
from relais.agenda.models import Reminder
from relais.agenda.slots import materialise
from relais.audit.models import AccessRecord
from relais.core import sms
from relais.core.models import Notification
from relais.core.notifications import retry_failed
from relais.people.services import record_consent
from tests.agenda.fixtures import add_opening


def tomorrow_appointment(world, agenda_a, motive, person):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    slot = agenda_a.slots.filter(start__date=tomorrow).order_by("start").first()
    if slot is None:  # tomorrow is a week-end day: open one slot for the test
        add_opening(
            agenda_a, [motive], weekday=tomorrow.weekday(), start=dt.time(9), end=dt.time(9, 30)
        )
        materialise(agenda_a)
        slot = agenda_a.slots.filter(start__date=tomorrow).order_by("start").first()
    return services.book(
        user=world.user("reception_a"),
        slot_id=slot.pk,
        person=person,
        motive=motive,
        mode="in_person",
        requested_at=timezone.localdate(),
    )


def run(day=None, wet=True) -> str:
    out = io.StringIO()
    args = ["send_reminders", "--json"] + (["--wet-run"] if wet else [])
    if day:
        args += ["--date", day.isoformat()]
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_reminder_goes_by_sms_only_with_consent_and_only_once(
    world, agenda_a, motive, django_capture_on_commit_callbacks
):
    person = world.person_a
    person.phone = "0612345678"
    person.save()
    appointment = tomorrow_appointment(world, agenda_a, motive, person)
    assert '"without_consent": 1' in run()
    record_consent(user=world.user("social_worker_a"), person=person, purpose="sms", given=True)
    assert Reminder.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert '"sms": 1' in run()
    [(phone, text)] = sms.outbox
    assert phone == "0612345678"
    assert timezone.localtime(appointment.start).strftime("%H:%M") in text
    assert "Accès aux droits" not in text  # the motive stays off the phone screen
    assert Reminder.objects.get().notification.status == Notification.Status.SENT
    assert '"already_sent": 1' in run()
    assert len(sms.outbox) == 1


def test_a_withdrawn_consent_stops_the_reminders(world, agenda_a, motive):
    person = world.person_a
    person.email = "personne@exemple.invalid"
    person.save()
    tomorrow_appointment(world, agenda_a, motive, person)
    agent = world.user("social_worker_a")
    record_consent(user=agent, person=person, purpose="email", given=True)
    record_consent(user=agent, person=person, purpose="email", given=False)
    assert '"without_consent": 1' in run()
    assert mail.outbox == []


def test_the_dry_run_counts_without_sending(world, agenda_a, motive):
    person = world.person_a
    person.phone = "0612345678"
    person.save()
    tomorrow_appointment(world, agenda_a, motive, person)
    record_consent(user=world.user("social_worker_a"), person=person, purpose="sms", given=True)
    assert '"sms": 1' in run(wet=False)
    assert not Reminder.objects.exists()
    assert sms.outbox == []


def test_the_convocation_is_a_pdf_with_the_time_and_place_and_is_traced(
    world, agenda_a, motive, as_user
):
    appointment = tomorrow_appointment(world, agenda_a, motive, world.person_a)
    client = as_user(world.user("reception_a"))
    response = client.get(
        reverse("agenda:convocation", kwargs={"appointment_uuid": appointment.uuid})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    start = timezone.localtime(appointment.start)
    assert f"{start:%H}h{start:%M}" in text
    assert agenda_a.site.name in text
    assert "DUPONT François" in text
    assert (
        AccessRecord.objects.filter(person=world.person_a, action=AccessRecord.Action.PRINT).count()
        == 1
    )


class FailingSms:
    def send(self, phone, text):
        raise ConnectionError("opérateur SMS injoignable")


def test_a_failing_sms_backend_keeps_the_appointment_shows_the_failure_and_is_retried(
    world, agenda_a, motive, settings, as_user, django_capture_on_commit_callbacks
):
    person = world.person_a
    person.phone = "0612345678"
    person.save()
    appointment = tomorrow_appointment(world, agenda_a, motive, person)
    record_consent(user=world.user("social_worker_a"), person=person, purpose="sms", given=True)
    settings.RELAIS_SMS_BACKEND = "tests.agenda.test_reminders.FailingSms"
    with django_capture_on_commit_callbacks(execute=True):
        run()
    notification = Reminder.objects.get().notification
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.FAILED, 1)
    appointment.refresh_from_db()
    assert appointment.status == "planned"
    page = as_user(world.user("reception_a")).get(
        reverse("agenda:appointment", kwargs={"appointment_uuid": appointment.uuid})
    )
    assert "Échec" in page.content.decode()

    settings.RELAIS_SMS_BACKEND = "relais.core.sms.LocmemBackend"
    call_command("retry_notifications", "--wet-run", stdout=io.StringIO())
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 2)
    assert len(sms.outbox) == 1


def test_retries_stop_after_three_attempts(world):
    Notification.objects.create(
        channel="sms",
        kind="x",
        recipient="0600000000",
        subject="x",
        body="x",
        status=Notification.Status.FAILED,
        attempts=3,
    )
    assert retry_failed(wet_run=True) == 0
