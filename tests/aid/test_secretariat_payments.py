"""Payments at the secretariat: the batches page, the export, one batch and its file again."""

import csv
import hashlib
import html
import io
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.aid.models import AidApplication, AidFund, PaymentBatch, Status
from relais.aid.services import decisions, payments
from relais.audit.models import AccessRecord
from tests.aid.helpers import make_eligible, submitted
from tests.factories import (
    DepartementFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

FULL_IBAN = "FR7630006000011234567890189"
HEADER = ["beneficiaire", "iban", "montant", "ligne_budgetaire", "reference_demande"]


def approved(world, secretary, category, amount, person=None):
    application = submitted(world, category, "1000", person=person)
    application = decisions.start_review(user=secretary, application=application)
    return decisions.approve(user=secretary, application=application, amount=Decimal(amount))


def words(response) -> str:
    page = html.unescape(response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def two_approved(world, fund, licence, eligible, secretary):
    other = make_eligible(world, PersonFactory(commune=world.commune_a, birth_name="BERNARD"))
    return [
        approved(world, secretary, licence, "850.5"),
        approved(world, secretary, licence, "400", person=other),
    ]


def test_the_batches_page_lists_what_waits_with_its_total(world, two_approved, secretary, as_user):
    response = as_user(secretary).get(reverse("aid:batches"))
    page = words(response)
    assert "2 aides accordées, 1 250,50 € au total" in page
    assert "DUPONT François" in page and "BERNARD" in page
    assert "Aucun lot n'a encore été transmis." in page
    views = AccessRecord.objects.filter(user=secretary, action="view")
    assert sorted(views.values_list("person_id", flat=True)) == sorted(
        a.person_id for a in two_approved
    )


def test_the_export_sends_a_batch_and_gives_its_csv(world, two_approved, secretary, as_user):
    before = timezone.localtime()
    response = as_user(secretary).post(reverse("aid:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    batch = PaymentBatch.objects.get()
    sent = timezone.localtime(batch.sent_at)
    assert before <= sent
    assert response["Content-Disposition"] == (
        f'attachment; filename="fare82-paiements-{sent:%Y%m%d-%H%M}.csv"'
    )
    first, second = two_approved
    year = first.fund.year
    assert rows_of(response.content) == [
        HEADER,
        ["Auto-école du Pont", FULL_IBAN, "850,50", "6568-FARE", f"FARE82-{year}-{first.pk:06d}"],
        ["Auto-école du Pont", FULL_IBAN, "400,00", "6568-FARE", f"FARE82-{year}-{second.pk:06d}"],
    ]
    assert batch.sha256 == hashlib.sha256(response.content).hexdigest()
    assert set(AidApplication.objects.values_list("payment_batch", flat=True)) == {batch.pk}
    exports = AccessRecord.objects.filter(action="export", target="fare82")
    assert sorted(exports.values_list("person_id", flat=True)) == sorted(
        a.person_id for a in two_approved
    )


def test_the_sent_batch_is_listed_and_the_applications_wait_for_payment(
    world, two_approved, secretary, as_user
):
    client = as_user(secretary)
    client.post(reverse("aid:export"))
    batch = PaymentBatch.objects.get()
    page = words(client.get(reverse("aid:batches")))
    assert "Aucune aide accordée n'attend d'être transmise au paiement." in page
    assert f"{timezone.localtime(batch.sent_at):%d/%m/%Y à %H:%M} 2 1 250,50 €" in page
    assert secretary.get_full_name() in page
    to_pay = client.get(reverse("aid:queue"), {"onglet": "a-payer"}).content.decode()
    assert reverse("aid:batch", kwargs={"batch_uuid": batch.uuid}) in to_pay


def test_an_export_with_nothing_to_send_says_so(world, fund, secretary, as_user):
    response = as_user(secretary).post(reverse("aid:export"), follow=True)
    assert "Aucune aide accordée n'attend d'être transmise au paiement." in words(response)
    assert not PaymentBatch.objects.exists()


def test_a_failing_export_shows_an_error_and_leaves_the_batch_unsent(
    world, two_approved, secretary, as_user
):
    with mock.patch.object(payments, "csv_content", side_effect=OSError("disque plein")):
        response = as_user(secretary).post(reverse("aid:export"), follow=True)
    assert "L'export a échoué : aucun lot n'a été transmis" in words(response)
    assert not PaymentBatch.objects.exists()
    assert list(AidApplication.objects.values_list("payment_batch", "status")) == [
        (None, Status.APPROVED),
        (None, Status.APPROVED),
    ]
    assert not AccessRecord.objects.filter(action="export").exists()


def test_a_batch_shows_its_applications_with_masked_ibans(world, two_approved, secretary, as_user):
    client = as_user(secretary)
    client.post(reverse("aid:export"))
    batch = PaymentBatch.objects.get()
    response = client.get(reverse("aid:batch", kwargs={"batch_uuid": batch.uuid}))
    page = words(response)
    first = two_approved[0]
    assert f"FARE82-{first.fund.year}-{first.pk:06d}" in page
    assert "•••• •••• •••• 0189" in page and FULL_IBAN not in page
    assert "1 250,50 € (2 aides)" in page
    assert batch.sha256 in page


def test_a_batch_file_downloaded_again_is_the_one_sent_and_audited(
    world, two_approved, secretary, as_user
):
    client = as_user(secretary)
    sent = client.post(reverse("aid:export")).content
    batch = PaymentBatch.objects.get()
    url = reverse("aid:batch", kwargs={"batch_uuid": batch.uuid})
    again = client.post(url)
    assert again.status_code == 200 and again.content == sent
    assert hashlib.sha256(again.content).hexdigest() == batch.sha256
    assert AccessRecord.objects.filter(action="export").count() == 4  # 2 persons, twice


def test_another_departements_batch_is_not_found(world, two_approved, secretary, as_user):
    as_user(secretary).post(reverse("aid:export"))
    batch = PaymentBatch.objects.get()
    elsewhere = OrganisationFactory(
        departement=DepartementFactory(code="46", name="Lot"), kind="departement_service"
    )
    AidFund.objects.create(
        departement=elsewhere.departement,
        year=2026,
        envelope=1000,
        budget_line="FARE46",
        secretariat=elsewhere,
    )
    stranger = MembershipFactory(organisation=elsewhere, role="reception_officer").user
    client = as_user(stranger)
    assert client.get(reverse("aid:batches")).status_code == 200  # a secretariat, elsewhere
    assert client.get(reverse("aid:batch", kwargs={"batch_uuid": batch.uuid})).status_code == 404
    assert client.post(reverse("aid:batch", kwargs={"batch_uuid": batch.uuid})).status_code == 404
