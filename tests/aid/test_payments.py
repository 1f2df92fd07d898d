"""The payment export: its content, the batch marked sent, and a failure leaving it unsent."""

import csv
import io
from decimal import Decimal
from unittest import mock

import pytest

from relais.aid.models import AidApplication, PaymentBatch, Status
from relais.aid.services import AidError, decisions, payments
from relais.aid.services import applications as agent
from tests.aid.helpers import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(world, licence, eligible, secretary):
    application = decisions.start_review(
        user=secretary, application=submitted(world, licence, "900")
    )
    return decisions.approve(user=secretary, application=application, amount=Decimal("850.5"))


def test_the_export_lists_payee_iban_amount_line_and_reference(world, approved, secretary):
    batch, content = payments.export_batch(user=secretary, departement=world.mds_a.departement)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["beneficiaire", "iban", "montant", "ligne_budgetaire", "reference_demande"],
        [
            "Auto-école du Pont",
            "FR7630006000011234567890189",
            "850,50",
            "6568-FARE",
            f"FARE82-{approved.fund.year}-{approved.pk:06d}",
        ],
    ]
    assert batch.sent_at is not None and len(batch.sha256) == 64
    assert AidApplication.objects.get(pk=approved.pk).payment_batch == batch
    # Sent once: the next export has nothing left to send.
    with pytest.raises(AidError, match="Aucune aide accordée"):
        payments.export_batch(user=secretary, departement=world.mds_a.departement)


def test_a_failed_export_leaves_the_batch_unsent(world, approved, secretary):
    with mock.patch.object(payments, "csv_content", side_effect=OSError("disque plein")):
        with pytest.raises(OSError):
            payments.export_batch(user=secretary, departement=world.mds_a.departement)
    assert not PaymentBatch.objects.exists()
    assert AidApplication.objects.get(pk=approved.pk).payment_batch is None


def test_an_aid_sent_to_payment_can_no_longer_be_cancelled_here(world, approved, secretary):
    payments.export_batch(user=secretary, departement=world.mds_a.departement)
    with pytest.raises(AidError, match="déjà transmise au paiement"):
        agent.cancel(user=world.user("employment_agent_a"), application=approved, reason="Erreur")
    assert AidApplication.objects.get(pk=approved.pk).status == Status.APPROVED
