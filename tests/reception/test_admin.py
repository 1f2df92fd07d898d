"""The admin shows the reception log read-only, without the persons' names."""

import pytest
from django.urls import reverse

from relais.reception import services
from relais.reception.models import EmergencyProcedureVersion, InterpretingSession, Visit


@pytest.fixture
def recorded(world, visit_data):
    visit = services.record_visit(
        user=world.user("reception_a"),
        data=visit_data(
            person=world.person_a,
            interpreting="professional_phone",
            interpreting_language="uk",
            interpreting_duration=15,
        ),
    )
    services.update_emergency_procedure(
        user=world.user("manager_a"), organisation=world.mds_a, body="Appeler le 15."
    )
    return visit


@pytest.mark.parametrize("model", [Visit, InterpretingSession, EmergencyProcedureVersion])
def test_the_admin_lists_and_shows_the_rows_but_adds_nothing(admin_client, recorded, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    row = model.objects.first()

    assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200
    detail = admin_client.get(reverse(f"{prefix}_change", args=[row.pk]))
    assert detail.status_code == 200
    assert "DUPONT" not in detail.content.decode()
    assert admin_client.get(reverse(f"{prefix}_add")).status_code == 403


def test_the_admin_cannot_change_a_visit(admin_client, recorded):
    url = reverse("admin:reception_visit_change", args=[recorded.pk])

    admin_client.post(url, {"channel": "phone"})

    recorded.refresh_from_db()
    assert recorded.channel == "walk_in"
