"""Eligibility, ceilings per application and per person over 12 rolling months, papers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from relais.aid.models import AidApplication, Status
from relais.aid.services import AidError
from relais.aid.services import applications as services
from relais.aid.services.rules import granted_in_window
from tests.aid.helpers import WRONG_IBAN, data, draft, make_category, submitted, with_papers
from tests.rsa.contract_helpers import make_support

pytestmark = pytest.mark.django_db


def test_a_person_outside_the_rsa_is_not_eligible(world, licence):
    with pytest.raises(AidError, match="n'est pas bénéficiaire du RSA"):
        draft(world, licence)
    assert not AidApplication.objects.exists()


def test_a_beneficiary_without_a_departement_referent_is_not_eligible(world, licence, eligible):
    eligible.referent_organisation = world.partner
    eligible.save()
    with pytest.raises(AidError, match="sans référent de parcours du Département"):
        draft(world, licence)


def test_joint_support_opens_the_fund_when_the_setting_says_so(world, licence, settings):
    make_support(world, world.person_a, starts_on=dt.date(2026, 1, 5))
    settings.RELAIS_AID_JOINT_SUPPORT = False
    with pytest.raises(AidError):
        draft(world, licence)
    settings.RELAIS_AID_JOINT_SUPPORT = True
    assert draft(world, licence).pk


def test_a_wrong_iban_is_refused_and_nothing_written(world, licence, eligible):
    with pytest.raises(AidError, match="La clé de cet IBAN"):
        services.create(
            user=world.user("employment_agent_a"),
            person=eligible,
            data=data(licence),
            iban=WRONG_IBAN,
        )
    assert not AidApplication.objects.exists()


def test_papers_are_required_before_submission(world, licence, eligible):
    application = draft(world, licence)
    with pytest.raises(AidError, match="sans un devis ou une facture ni le contrat"):
        services.submit(user=world.user("employment_agent_a"), application=application)
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    with_papers(world, application)
    assert services.submit(user=world.user("employment_agent_a"), application=application)


def test_the_ceiling_per_application_is_stated(world, licence, eligible):
    application = with_papers(world, draft(world, licence, amount="1200.01"))
    with pytest.raises(AidError, match=r"est de 1\s200,00\s€ par demande"):
        services.submit(user=world.user("employment_agent_a"), application=application)
    at_ceiling = with_papers(world, draft(world, make_category(world, "travel"), amount="1200"))
    services.submit(user=world.user("employment_agent_a"), application=at_ceiling)


def _granted(world, category, amount, decided_on):
    application = submitted(world, category, amount)
    AidApplication.objects.filter(pk=application.pk).update(
        status=Status.APPROVED,
        amount_granted=Decimal(amount),
        decided_at=timezone.make_aware(dt.datetime.combine(decided_on, dt.time(10))),
    )


def test_the_ceiling_per_person_over_12_rolling_months_at_the_boundary(world, licence, eligible):
    today = timezone.localdate()
    _granted(world, licence, "1000", today.replace(year=today.year - 1))  # exactly 12 months
    _granted(world, licence, "400", today.replace(year=today.year - 1) + dt.timedelta(days=1))
    assert granted_in_window(eligible, licence, today) == Decimal("400")
    ok = with_papers(world, draft(world, licence, amount="1100"))
    services.submit(user=world.user("employment_agent_a"), application=ok)  # 400 + 1 100 = 1 500
    services.cancel(user=world.user("employment_agent_a"), application=ok, reason="Doublon")
    over = with_papers(world, draft(world, licence, amount="1100.01"))
    with pytest.raises(
        AidError,
        match=r"1\s500,00\s€ par personne sur 12 mois ; 400,00\s€ .* il reste 1\s100,00\s€",
    ):
        services.submit(user=world.user("employment_agent_a"), application=over)


def test_another_category_has_its_own_ceiling(world, licence, eligible):
    _granted(world, licence, "1200", timezone.localdate())
    repair = make_category(world, "vehicle_repair", "800", "800")
    assert submitted(world, repair, "800").status == Status.SUBMITTED
