"""The catalogue is maintained in the admin: rules in plain fields, criteria one per line."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from relais.programmes.models import Programme
from relais.programmes.services import prescriptions as services
from tests.programmes.helpers import make_programme, make_session

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_programme_with_its_rules(admin_client, world):
    response = admin_client.post(
        reverse("admin:programmes_programme_add"),
        {
            "departement": world.partner.departement_id,
            "operator": world.partner.pk,
            "code": "tapaj",
            "name": "TAPAJ 82",
            "kind": "day_work",
            "action_sheet": "8.1",
            "min_age": "16",
            "max_age": "25",
            "tracks": ["social", "socio_professional"],
            "prescriber_criteria": "En errance\n\n  Rupture familiale  \n",
            "capacity_model": "continuous",
            "places": "12",
            "intake_mode": "continuous",
            "usual_duration_days": "180",
            "is_active": "on",
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
            "coaches-TOTAL_FORMS": "0",
            "coaches-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = Programme.objects.get(code="tapaj")
    assert programme.prescriber_criteria == ["En errance", "Rupture familiale"]
    assert programme.tracks == ["social", "socio_professional"]
    page = admin_client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))
    assert "En errance\nRupture familiale" in page.content.decode()


def test_the_database_refuses_inverted_age_bounds(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_programme(world.partner, min_age=30, max_age=20)


def test_places_held_by_persons_are_read_only_in_the_admin(admin_client, world, consented):
    dated = make_programme(world.partner, capacity_model="intake", intake_mode="dated", places=None)
    session = make_session(dated, dt.date.today(), 3)
    services.prescribe(
        user=world.user("social_worker_a"),
        person=consented,
        programme=dated,
        objective="Objectif",
        session=session,
    )
    page = admin_client.get(reverse("admin:programmes_programme_change", args=[dated.pk]))
    assert 'name="sessions-0-places"' not in page.content.decode()


def test_capacity_is_read_only_in_the_admin_once_persons_hold_places(
    admin_client, world, programme, consented
):
    services.prescribe(
        user=world.user("social_worker_a"), person=consented, programme=programme, objective="x"
    )
    page = admin_client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))
    html = page.content.decode()
    assert 'name="places"' not in html and 'name="capacity_model"' not in html
    assert 'name="name"' in html  # the rest of the catalogue stays editable
