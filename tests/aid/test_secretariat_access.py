"""Only the secretariat reaches its pages; the full IBAN shows in no page and no log line."""

import logging
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import Role
from relais.aid.models import AidApplication, PaymentBatch, Status
from relais.aid.services import decisions, payments
from tests.aid.helpers import IBAN, submitted
from tests.factories import MembershipFactory
from tests.permissions import PERSONAS

pytestmark = pytest.mark.django_db

FULL_IBAN = "FR7630006000011234567890189"
PAGES = ("review", "letter_person", "letter_agent")
ACTIONS = ("start_review", "approve", "refuse", "incomplete", "pay")


@pytest.fixture
def approved(world, fund, licence, eligible, secretary):
    application = decisions.start_review(user=secretary, application=submitted(world, licence))
    return decisions.approve(user=secretary, application=application, amount=Decimal("800"))


def every_url(application, batch) -> tuple[list[str], list[str]]:
    """(the pages a GET opens, the actions a POST runs)."""
    on = {"application_uuid": application.uuid}
    pages = [reverse("aid:queue"), reverse("aid:batches")]
    pages += [reverse(f"aid:{name}", kwargs=on) for name in PAGES]
    pages.append(reverse("aid:batch", kwargs={"batch_uuid": batch.uuid}))
    actions = [reverse(f"aid:{name}", kwargs=on) for name in ACTIONS]
    actions += [reverse("aid:export"), reverse("aid:batch", kwargs={"batch_uuid": batch.uuid})]
    return pages, actions


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_nobody_but_the_secretariat_reaches_its_pages(world, approved, secretary, persona, client):
    batch = PaymentBatch.objects.create(departement=world.mds_a.departement, created_by=secretary)
    pages, actions = every_url(approved, batch)
    client.force_login(world.user(persona))
    for url in pages:
        assert client.get(url).status_code == 404, url
    data = {"amount": "800", "reason": "other", "missing": "x", "paid_on": "01/01/2026"}
    for url in actions:
        assert client.post(url, {**data, "reference": "M"}).status_code == 404, url
    assert AidApplication.objects.get(pk=approved.pk).status == Status.APPROVED
    assert PaymentBatch.objects.count() == 1


def test_a_manager_of_the_departement_service_is_the_secretariat_too(world, approved, client):
    manager = MembershipFactory(organisation=world.dast, role=Role.MDS_MANAGER).user
    client.force_login(manager)
    assert client.get(reverse("aid:queue")).status_code == 200
    review = reverse("aid:review", kwargs={"application_uuid": approved.uuid})
    assert client.get(review).status_code == 200


def test_the_full_iban_is_in_no_page_and_no_log_line(
    world, fund, licence, eligible, secretary, as_user, caplog
):
    caplog.set_level(logging.DEBUG)
    client = as_user(secretary)
    application = submitted(world, licence)
    on = {"application_uuid": application.uuid}
    review = reverse("aid:review", kwargs=on)
    pages = [client.get(reverse("aid:queue")), client.get(review)]
    client.post(reverse("aid:start_review", kwargs=on))
    pages.append(client.post(reverse("aid:approve", kwargs=on), {"amount": "99999"}))  # error
    client.post(reverse("aid:approve", kwargs=on), {"amount": "800"})
    pages += [client.get(review), client.get(reverse("aid:batches"))]
    with mock.patch.object(payments, "csv_content", side_effect=OSError("disque plein")):
        pages.append(client.post(reverse("aid:export"), follow=True))
    assert "FARE82 payment export failed" in caplog.text  # the failure is logged…
    exported = client.post(reverse("aid:export"))
    assert FULL_IBAN in exported.content.decode("utf-8-sig")  # …the CSV alone holds it
    batch = PaymentBatch.objects.get()
    pages.append(client.get(reverse("aid:batch", kwargs={"batch_uuid": batch.uuid})))
    today = f"{timezone.localdate():%d/%m/%Y}"
    client.post(reverse("aid:pay", kwargs=on), {"paid_on": today, "reference": "M-1"})
    pages += [client.get(review), client.get(reverse("aid:queue"), {"onglet": "traitees"})]
    assert AidApplication.objects.get(pk=application.pk).status == Status.PAID
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert "•••• 0189" in page or "0189" not in page
        assert FULL_IBAN not in page and IBAN not in page and "30006000" not in page
    assert FULL_IBAN not in caplog.text and "3000 6000" not in caplog.text
