"""Permission rules of the secretariat's pages: no matrix persona is the secretariat.

The secretariat is a reception officer or manager of a département service (policy.is_secretariat);
the matrix's steering persona works at the DAST but with the steering role, so every persona gets
the gatekeeper's 404. POST-only actions answer 405 to a GET before the policy runs (like
people:note_add). tests/aid/test_secretariat_*.py open these pages as the secretariat.
"""

from decimal import Decimal

from django.utils import timezone

from relais.aid import iban
from relais.aid.models import AidApplication, AidCategory, AidFund, PaymentBatch, Status
from tests.aid.helpers import IBAN
from tests.permissions import rule

NOBODY = rule(404)
POST_ONLY = rule(405)

EXPECTED = {
    "aid:queue": NOBODY,
    "aid:review": NOBODY,
    "aid:start_review": POST_ONLY,
    "aid:approve": POST_ONLY,
    "aid:refuse": POST_ONLY,
    "aid:incomplete": POST_ONLY,
    "aid:pay": POST_ONLY,
    "aid:letter_person": NOBODY,
    "aid:letter_agent": NOBODY,
    "aid:batches": NOBODY,
    "aid:export": POST_ONLY,
    "aid:batch": NOBODY,
}


def _approved_application(world) -> AidApplication:
    """An approved application of person_a, so that its pages and letters exist for real."""
    departement = world.mds_a.departement
    fund, _ = AidFund.objects.get_or_create(
        departement=departement,
        year=timezone.localdate().year,
        defaults={"envelope": Decimal("267000"), "budget_line": "6568-FARE"},
    )
    category, _ = AidCategory.objects.get_or_create(
        departement=departement,
        code="driving_licence",
        defaults={
            "ceiling_per_application": Decimal("1200"),
            "ceiling_per_person": Decimal("1500"),
        },
    )
    now = timezone.now()
    return AidApplication.objects.create(
        departement=departement,
        fund=fund,
        person=world.person_a,
        applicant=world.user("employment_agent_a"),
        applicant_organisation=world.mds_a,
        category=category,
        amount_requested=Decimal("900"),
        amount_granted=Decimal("850"),
        purpose="job",
        employer_or_body="Boulangerie du Quercy",
        activity_starts_on=timezone.localdate(),
        contract_kind="cdd",
        why_not_employer="Petite entreprise.",
        payee_kind="supplier",
        payee_name="Auto-école du Pont",
        iban_encrypted=iban.encrypt(iban.check(IBAN)),
        iban_last4=IBAN[-4:],
        status=Status.APPROVED,
        submitted_at=now,
        decided_at=now,
    )


def url_kwargs(world) -> dict:
    # Another side's module (run before this one) may already provide an application: reuse
    # it rather than override its value; create one only when there is none.
    kwargs = {}
    if not AidApplication.objects.exists():
        kwargs["application_uuid"] = _approved_application(world).uuid
    batch = PaymentBatch.objects.first() or PaymentBatch.objects.create(
        departement=world.mds_a.departement, created_by=world.user("steering")
    )
    kwargs["batch_uuid"] = batch.uuid
    return kwargs
