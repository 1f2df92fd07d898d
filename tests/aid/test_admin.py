"""The fund's référentiel in the admin: envelopes and categories with their ceilings; the
applications listed read-only, with neither the person nor the bank details."""

from decimal import Decimal

import pytest
from django.urls import reverse

from relais.aid.iban import masked
from relais.aid.models import AidCategory, AidFund
from tests.aid.helpers import IBAN, submitted

pytestmark = pytest.mark.django_db


def category_form(world, **values) -> dict:
    return {
        "departement": world.mds_a.departement_id,
        "code": "vehicle_insurance",
        "ceiling_per_application": "600",
        "ceiling_per_person": "900",
        "requires_cost_proof": "on",
        "is_active": "on",
        **values,
    }


def test_an_administrator_adds_a_category_with_its_ceilings(admin_client, world):
    response = admin_client.post(reverse("admin:aid_aidcategory_add"), category_form(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    category = AidCategory.objects.get(code="vehicle_insurance")
    assert (category.ceiling_per_application, category.ceiling_per_person) == (
        Decimal("600"),
        Decimal("900"),
    )
    assert category.requires_cost_proof and not category.requires_activity_proof
    assert category.is_active


def test_a_ceiling_per_application_above_the_one_per_person_is_refused_in_french(
    admin_client, world
):
    response = admin_client.post(
        reverse("admin:aid_aidcategory_add"),
        category_form(world, ceiling_per_application="1000", ceiling_per_person="900"),
    )
    assert response.status_code == 200
    assert "ne peut pas dépasser le plafond par personne" in response.content.decode()
    assert not AidCategory.objects.exists()


def test_an_administrator_opens_a_year_s_envelope(admin_client, world):
    response = admin_client.post(
        reverse("admin:aid_aidfund_add"),
        {
            "departement": world.mds_a.departement_id,
            "year": "2027",
            "envelope": "267000",
            "secretariat": world.dast.pk,
            "budget_line": "6568-FARE",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AidFund.objects.get(year=2027).envelope == Decimal("267000")


def test_applications_are_listed_read_only_without_person_or_iban(
    admin_client, world, eligible, licence
):
    application = submitted(world, licence)
    listing = admin_client.get(reverse("admin:aid_aidapplication_changelist"))
    assert listing.status_code == 200
    page = admin_client.get(reverse("admin:aid_aidapplication_change", args=[application.pk]))
    assert page.status_code == 200
    compact = IBAN.replace(" ", "")
    for response in (listing, page):
        html = response.content.decode()
        assert "Transmise" in html
        assert compact not in html and IBAN not in html
        assert application.iban_encrypted not in html
        assert masked(application.iban_last4) not in html and "••••" not in html
        assert world.person_a.birth_name not in html
    add = admin_client.get(reverse("admin:aid_aidapplication_add"))
    assert add.status_code == 403
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert reverse("admin:aid_aidapplication_delete", args=[application.pk]) not in html
