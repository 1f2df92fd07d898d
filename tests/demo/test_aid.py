"""The demo's FARE82 fund: categories, followed beneficiaries, a year of applications that
respects the envelope, batches sent before payments, and beneficiaries left free to apply."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from relais.aid import policy
from relais.aid.eligibility import evaluate
from relais.aid.models import AidApplication, AidCategory, AidFund, PaymentBatch, Status
from relais.demo.accounts import ensure_demo_accounts
from relais.demo.aid import CEILINGS, ensure_demo_aid
from relais.demo.persons import generate_persons
from relais.demo.rsa import ensure_demo_rsa
from relais.demo.territory import ensure_demo_territory
from relais.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund_demo():
    territory = ensure_demo_territory()
    ensure_demo_accounts(territory)
    generate_persons(departement=territory.departement, count=300, seed=82)
    ensure_demo_rsa(territory.departement, seed=82, households=80, weeks=1)
    return territory, ensure_demo_aid(territory, seed=82, applications=20)


def test_the_fund_its_categories_and_a_year_of_applications(fund_demo):
    territory, result = fund_demo
    fund = AidFund.objects.get(departement=territory.departement)
    assert AidCategory.objects.count() == len(CEILINGS) == 8
    assert result["applications"] == AidApplication.objects.count() > 0
    granted = AidApplication.objects.filter(status__in=[Status.APPROVED, Status.PAID])
    assert granted.aggregate(total=Sum("amount_granted"))["total"] <= fund.envelope
    for application in AidApplication.objects.exclude(status=Status.DRAFT):
        assert application.documents.count() == 2
        assert application.submitted_at is not None
    # The secretariat is the only decider, and it exists.
    secretary = next(
        m.user
        for m in territory.partners["Cohésion sociale"].memberships.select_related("user")
        if m.role == "reception_officer"
    )
    secretary.membership = secretary.memberships.get()
    assert policy.is_secretariat(secretary)


def test_batches_are_sent_before_their_payments(fund_demo):
    for batch in PaymentBatch.objects.all():
        assert batch.sent_at is not None
        for application in batch.applications.filter(status=Status.PAID):
            assert application.paid_on >= batch.sent_at.date()
            assert application.decided_at <= batch.sent_at


def test_followed_beneficiaries_are_left_free_for_a_live_application(fund_demo):
    territory, result = fund_demo
    assert result["followed"] > 0
    followed = Person.objects.filter(
        referent_organisation__in=territory.mds, beneficiary__isnull=False
    )
    free = [p for p in followed if not p.aid_applications.exists() and evaluate(p).eligible]
    showcase = next(m for m in territory.mds if m.short_name == "MDS Montauban Nord")
    assert any(p.referent_organisation_id == showcase.pk for p in free)


def test_a_second_run_creates_nothing(fund_demo):
    territory, _ = fund_demo
    before = AidApplication.objects.count()
    assert ensure_demo_aid(territory, seed=82, applications=20) == {}
    assert AidApplication.objects.count() == before
    assert AidFund.objects.count() == 1


def test_ibans_are_stored_encrypted(fund_demo):
    for token, last4 in AidApplication.objects.values_list("iban_encrypted", "iban_last4"):
        assert not token.startswith("FR") and len(last4) == 4
    assert Decimal("0") < AidApplication.objects.first().amount_requested
