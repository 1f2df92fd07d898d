"""A year's fund, its categories, an eligible person and the secretariat for the aid tests."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from relais.accounts.models import Role
from relais.aid.models import AidCategory, AidFund
from relais.aid.services import applications as services
from relais.aid.services import payments
from tests.factories import MembershipFactory
from tests.rsa.pathway_helpers import enter_duties

# A valid French IBAN (key 76) and the same with one digit changed.
IBAN = "FR76 3000 6000 0112 3456 7890 189"
WRONG_IBAN = "FR76 3000 6000 0112 3456 7890 188"


def make_fund(world, envelope="267000", year=None) -> AidFund:
    return AidFund.objects.create(
        departement=world.mds_a.departement,
        year=year or timezone.localdate().year,
        envelope=Decimal(envelope),
        budget_line="6568-FARE",
        secretariat=world.dast,
    )


def make_category(world, code="driving_licence", per_application="1200", per_person="1500"):
    return AidCategory.objects.create(
        departement=world.mds_a.departement,
        code=code,
        ceiling_per_application=Decimal(per_application),
        ceiling_per_person=Decimal(per_person),
    )


def make_eligible(world, person=None):
    """In the RSA, followed by MDS A (its référent de parcours's organisation)."""
    person = person or world.person_a
    enter_duties(person, dt.date(2025, 3, 3))
    person.referent_organisation = world.mds_a
    person.save(update_fields=["referent_organisation"])
    return person


def secretariat(world):
    membership = MembershipFactory(organisation=world.dast, role=Role.RECEPTION_OFFICER)
    user = membership.user
    user.membership = membership
    return user


def data(category, amount="900", **extra) -> dict:
    values = {
        "category": category,
        "amount_requested": Decimal(amount),
        "purpose": "job",
        "employer_or_body": "Boulangerie du Quercy",
        "activity_starts_on": timezone.localdate() + dt.timedelta(days=20),
        "contract_kind": "cdd",
        "why_not_employer": "Petite entreprise, pas de prise en charge du permis.",
        "payee_kind": "supplier",
        "payee_name": "Auto-école du Pont",
    }
    values.update(extra)
    return values


def pdf(name="piece.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "application/pdf")


def draft(world, category, amount="900", person=None, **extra):
    return services.create(
        user=world.user("employment_agent_a"),
        person=person or world.person_a,
        data=data(category, amount, **extra),
        iban=IBAN,
    )


def with_papers(world, application):
    for kind in ("quote", "promise"):
        services.attach_document(
            user=world.user("employment_agent_a"),
            application=application,
            kind=kind,
            uploaded=pdf(),
            title=kind,
        )
    return application


def submitted(world, category, amount="900", person=None):
    application = with_papers(world, draft(world, category, amount, person=person))
    return services.submit(user=world.user("employment_agent_a"), application=application)


def send_to_payment(secretary, application) -> None:
    """The batch for the finance software: a payment is recorded only after it."""
    payments.export_batch(user=secretary, departement=application.departement)
