"""What the review of the fund found: who sees what, and the money going where it should."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.accounts.models import Role
from relais.aid import policy
from relais.aid.models import AidApplication, AidFund, Status
from relais.aid.services import AidError, decisions, payments
from relais.aid.services import applications as agent
from relais.people.models import Event
from relais.rsa.models import RsaFile
from tests.aid.helpers import IBAN, draft, make_fund, submitted, with_papers
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_shared_timeline_tells_the_step_not_the_amount_nor_the_reason(
    world, licence, eligible, secretary
):
    application = decisions.start_review(user=secretary, application=submitted(world, licence))
    decisions.refuse(
        user=secretary, application=application, reason="employer_pays", comment="Secret"
    )
    summaries = " ".join(Event.objects.filter(person=eligible).values_list("summary", flat=True))
    assert "Aide FARE82 refusée" in summaries
    assert "900" not in summaries and "employeur" not in summaries and "Secret" not in summaries


def test_the_papers_never_show_among_the_files_documents(world, licence, eligible, as_user):
    application = with_papers(world, draft(world, licence))
    paper = application.documents.first().document
    client = as_user(world.user("social_worker_a"))
    page = client.get(reverse("people:detail", kwargs={"uuid": eligible.uuid})).content.decode()
    assert str(paper.uuid) not in page
    url = reverse(
        "people:document_download", kwargs={"uuid": eligible.uuid, "document_uuid": paper.uuid}
    )
    assert client.get(url).status_code == 404


def test_only_the_named_secretariat_decides(world, fund, licence, eligible, as_user):
    other_direction = OrganisationFactory(name="Direction des routes", kind="departement_service")
    clerk = MembershipFactory(organisation=other_direction, role=Role.RECEPTION_OFFICER).user
    clerk.membership = clerk.memberships.get()
    assert not policy.is_secretariat(clerk)
    application = submitted(world, licence)
    assert as_user(clerk).get(reverse("aid:queue")).status_code == 404
    url = reverse("aid:review", kwargs={"application_uuid": application.uuid})
    assert as_user(clerk).get(url).status_code == 404


def test_drafts_stay_the_agents_until_sent(world, licence, eligible, secretary):
    application = draft(world, licence)
    assert not policy.visible_applications(secretary).filter(pk=application.pk).exists()
    with_papers(world, application)
    agent.submit(user=world.user("employment_agent_a"), application=application)
    assert policy.visible_applications(secretary).filter(pk=application.pk).exists()


def test_another_payee_needs_its_own_iban(world, licence, eligible):
    application = draft(world, licence)
    ade = world.user("employment_agent_a")
    with pytest.raises(AidError, match="saisissez l'IBAN de ce nouveau bénéficiaire"):
        agent.update(
            user=ade, application=application, data={"payee_name": "Garage de la Gare"}, iban=""
        )
    assert AidApplication.objects.get(pk=application.pk).payee_name == "Auto-école du Pont"
    agent.update(
        user=ade, application=application, data={"payee_name": "Garage de la Gare"}, iban=IBAN
    )


def test_a_payment_comes_after_the_batch(world, licence, eligible, secretary):
    application = decisions.start_review(user=secretary, application=submitted(world, licence))
    application = decisions.approve(user=secretary, application=application, amount=Decimal("500"))
    with pytest.raises(AidError, match="Transmettez d'abord l'aide au paiement"):
        payments.pay(
            user=secretary, application=application, paid_on=timezone.localdate(), reference="M"
        )
    assert AidApplication.objects.get(pk=application.pk).status == Status.APPROVED


def test_eligibility_is_checked_again_before_the_decision(world, licence, eligible, secretary):
    application = decisions.start_review(user=secretary, application=submitted(world, licence))
    RsaFile.objects.filter(beneficiaries__person=eligible).update(right_state="5")  # closed
    with pytest.raises(AidError, match="ne relève plus du FARE82"):
        decisions.approve(user=secretary, application=application, amount=Decimal("500"))


def test_only_the_team_of_the_referent_applies(world, licence, eligible):
    eligible.referent_organisation = world.mds_b
    eligible.save()
    with pytest.raises(AidError, match="c'est l'équipe de son référent de parcours qui demande"):
        draft(world, licence)


def test_the_approval_is_charged_to_the_decision_years_envelope(
    world, fund, licence, eligible, secretary
):
    application = decisions.start_review(user=secretary, application=submitted(world, licence))
    next_year = make_fund(world, envelope="500", year=fund.year + 1)
    later = dt.date(fund.year + 1, 1, 10)
    approved = decisions.approve(
        user=secretary, application=application, amount=Decimal("500"), today=later
    )
    assert approved.fund == next_year


def test_an_envelope_cannot_drop_below_what_it_has_granted(
    admin_client, world, fund, licence, eligible, secretary
):
    application = decisions.start_review(user=secretary, application=submitted(world, licence))
    decisions.approve(user=secretary, application=application, amount=Decimal("800"))
    response = admin_client.post(
        reverse("admin:aid_aidfund_change", args=[fund.pk]),
        {
            "departement": fund.departement_id,
            "year": fund.year,
            "envelope": "700",
            "budget_line": fund.budget_line,
            "secretariat": fund.secretariat_id,
        },
    )
    assert response.status_code == 200
    assert "sont déjà accordés ou payés" in response.content.decode()
    assert AidFund.objects.get(pk=fund.pk).envelope == fund.envelope


def test_a_payee_that_looks_like_a_formula_is_quoted_in_the_csv(
    world, licence, eligible, secretary
):
    application = with_papers(world, draft(world, licence, payee_name='=HYPERLINK("x")'))
    application = agent.submit(user=world.user("employment_agent_a"), application=application)
    application = decisions.start_review(user=secretary, application=application)
    decisions.approve(user=secretary, application=application, amount=Decimal("500"))
    _, content = payments.export_batch(user=secretary, departement=world.mds_a.departement)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("x")'


def test_the_payment_form_appears_once_the_aid_is_in_a_batch(
    world, licence, eligible, secretary, as_user
):
    application = decisions.start_review(user=secretary, application=submitted(world, licence))
    decisions.approve(user=secretary, application=application, amount=Decimal("500"))
    url = reverse("aid:review", kwargs={"application_uuid": application.uuid})
    page = as_user(secretary).get(url).content.decode()
    assert "préparer le lot de paiement" in page and "Référence du paiement" not in page
    payments.export_batch(user=secretary, departement=world.mds_a.departement)
    page = as_user(secretary).get(url).content.decode()
    assert "Référence du paiement" in page
