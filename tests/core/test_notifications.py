from django.core import mail
from django.urls import reverse

from relais.core.models import Notification


def assign(client, world, referent):
    return client.post(
        reverse("people:referent", kwargs={"uuid": world.person_a.uuid}),
        {"referent": referent.pk},
    )


def test_the_new_referent_gets_an_email_after_commit_without_the_persons_name(
    world, as_user, django_capture_on_commit_callbacks
):
    referent = world.user("social_worker_a")
    client = as_user(world.user("manager_a"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assign(client, world, referent)
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [referent.email]
    assert str(world.person_a.uuid) in message.body
    assert "DUPONT" not in message.body and "François" not in message.body
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT
    assert notification.sent_at is not None


def test_no_email_when_agents_name_themselves(world, as_user, django_capture_on_commit_callbacks):
    referent = world.user("social_worker_a")
    client = as_user(referent)
    with django_capture_on_commit_callbacks(execute=True):
        assign(client, world, referent)
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_failing_backend_leaves_the_notification_marked_failed(
    world, as_user, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.core.failing_email.Backend"
    client = as_user(world.user("manager_a"))
    with django_capture_on_commit_callbacks(execute=True):
        response = assign(client, world, world.user("social_worker_a"))
    assert response.status_code == 302  # the assignment itself is kept
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.FAILED
    assert "serveur injoignable" in notification.error
