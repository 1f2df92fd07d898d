"""Unanswered prescriptions: one reminder to the operator after N days, then every N days."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from relais.core.models import Notification
from relais.programmes.models import Prescription
from relais.programmes.services import prescriptions as services
from relais.programmes.services.reminders import remind_unanswered

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world, programme, consented, settings):
    settings.RELAIS_PRESCRIPTION_REMINDER_DAYS = 7
    prescription = services.prescribe(
        user=world.user("social_worker_a"),
        person=consented,
        programme=programme,
        objective="Objectif",
    )
    Notification.objects.all().delete()
    return prescription


def _age(prescription, days):
    Prescription.objects.filter(pk=prescription.pk).update(
        sent_at=timezone.now() - dt.timedelta(days=days)
    )


def test_nothing_before_the_delay(sent):
    _age(sent, 6)
    assert remind_unanswered(wet_run=True) == 0
    assert not Notification.objects.exists()


def test_the_operator_is_reminded_once_per_delay(world, sent):
    _age(sent, 7)
    assert remind_unanswered(wet_run=False) == 1  # a dry run counts and sends nothing
    assert not Notification.objects.exists()
    assert remind_unanswered(wet_run=True) == 1
    reminder = Notification.objects.get()
    assert reminder.recipient == world.user("operator").email
    assert "depuis 7 jours" in reminder.body
    assert remind_unanswered(wet_run=True) == 0  # not twice the same day
    later = timezone.now() + dt.timedelta(days=7, minutes=1)
    assert remind_unanswered(now=later, wet_run=True) == 1


def test_an_answered_prescription_is_not_reminded(world, sent):
    _age(sent, 30)
    services.waitlist(user=world.user("operator"), prescription=sent)
    assert remind_unanswered(wet_run=True) == 0


def test_the_command(sent, capsys):
    _age(sent, 8)
    call_command("remind_prescriptions")
    assert "à relancer : 1 (simulation" in capsys.readouterr().out
    call_command("remind_prescriptions", "--wet-run")
    assert "relancées : 1." in capsys.readouterr().out
    assert Notification.objects.count() == 1
