"""Applying for a person: eligibility explained, the form with its ceilings, the IBAN kept out of
every page, the draft created; then editing the draft."""

import datetime as dt
import html as html_module
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.views.debug import SafeExceptionReporterFilter

from relais.aid import iban as ibans
from relais.aid.models import AidApplication, AidFund, Status
from relais.aid.services import decisions
from relais.audit.models import AccessRecord
from tests.aid.helpers import IBAN, WRONG_IBAN, draft, make_category, make_eligible, submitted

pytestmark = pytest.mark.django_db

IBAN_PLAIN = IBAN.replace(" ", "")
START = timezone.localdate() + dt.timedelta(days=20)


def apply_url(person) -> str:
    return reverse("aid:apply", kwargs={"uuid": person.uuid})


def edit_url(application) -> str:
    return reverse("aid:edit", kwargs={"application_uuid": application.uuid})


def form_data(category, **overrides) -> dict:
    values = {
        "category": str(category.pk),
        "amount_requested": "850,50",
        "purpose": "job",
        "employer_or_body": "Boulangerie du Quercy",
        "activity_starts_on": f"{START:%d/%m/%Y}",
        "contract_kind": "cdd",
        "why_not_employer": "Petite entreprise : pas de prise en charge du permis.",
        "payee_kind": "supplier",
        "payee_name": "Auto-école du Pont",
        "iban": IBAN,
    }
    values.update(overrides)
    return values


def text(response) -> str:
    """The page as the agent reads it (entities such as &#x27; decoded)."""
    return html_module.unescape(response.content.decode())


def assert_no_full_iban(html: str) -> None:
    assert IBAN_PLAIN not in html
    assert IBAN not in html
    assert IBAN_PLAIN[4:] not in html  # not even the account number without its key


def test_it_explains_why_a_person_outside_the_rsa_cannot_be_helped(world, as_user, fund, licence):
    client = as_user(world.user("employment_agent_a"))
    response = client.get(apply_url(world.person_a))
    html = text(response)
    assert response.status_code == 200
    assert "Pas de demande possible : la personne n'est pas bénéficiaire du RSA" in html
    assert 'name="amount_requested"' not in html
    # A forced POST creates nothing either.
    client.post(apply_url(world.person_a), form_data(licence))
    assert AidApplication.objects.count() == 0


def test_it_explains_a_person_in_the_rsa_without_a_departement_referent(
    world, as_user, fund, licence
):
    person = make_eligible(world)
    person.referent_organisation = world.partner
    person.save(update_fields=["referent_organisation"])
    html = text(as_user(world.user("social_worker_a")).get(apply_url(person)))
    assert "sans référent de parcours du Département" in html
    assert 'name="iban"' not in html


def test_it_shows_the_eligibility_and_each_category_with_its_ceilings_and_what_was_granted(
    world, as_user, fund, licence, eligible, secretary
):
    make_category(world, code="travel", per_application="300", per_person="600")
    closed = make_category(world, code="meals", per_application="100", per_person="200")
    closed.is_active = False
    closed.save()
    granted = submitted(world, licence, amount="400")
    decisions.start_review(user=secretary, application=granted)
    decisions.approve(user=secretary, application=granted, amount=Decimal("350"))
    client = as_user(world.user("employment_agent_a"))
    response = client.get(apply_url(eligible))
    html = text(response)
    assert response.status_code == 200
    assert "bénéficiaire du RSA accompagné(e) par MDS A" in html
    assert (
        "Permis de conduire ou BSR — 1\xa0200 € par demande, 1\xa0500 € par personne sur 12 "
        "mois ; déjà accordé à cette personne sur 12 mois : 350 €"
    ) in html
    assert "Frais de déplacement — 300 € par demande, 600 € par personne sur 12 mois" in html
    assert "Frais de repas" not in html  # a closed category is not offered
    assert AccessRecord.objects.filter(
        person=eligible, action="view", target="fare82", user=world.user("employment_agent_a")
    ).exists()


def test_a_wrong_iban_is_a_field_error_never_echoed_and_nothing_is_created(
    world, as_user, fund, licence, eligible
):
    wrong = WRONG_IBAN.replace(" ", "")
    response = as_user(world.user("employment_agent_a")).post(
        apply_url(eligible), form_data(licence, iban=WRONG_IBAN)
    )
    html = text(response)
    assert response.status_code == 200
    assert AidApplication.objects.count() == 0
    assert 'id="id_iban-error"' in html
    assert "La clé de cet IBAN ne correspond pas au numéro" in html
    assert "govuk-input--error" in html
    assert wrong not in html and WRONG_IBAN not in html
    assert "saisissez-le à nouveau" in html
    # The other fields come back as typed.
    assert 'value="Boulangerie du Quercy"' in html


def test_another_error_does_not_echo_a_valid_iban_either(world, as_user, fund, licence, eligible):
    response = as_user(world.user("employment_agent_a")).post(
        apply_url(eligible), form_data(licence, employer_or_body="")
    )
    html = text(response)
    assert "Indiquez l'employeur ou l'organisme de formation." in html
    assert_no_full_iban(html)
    assert "saisissez-le à nouveau" in html
    assert AidApplication.objects.count() == 0


def test_an_amount_above_the_ceiling_is_refused_with_the_ceiling_stated(
    world, as_user, fund, licence, eligible
):
    response = as_user(world.user("employment_agent_a")).post(
        apply_url(eligible), form_data(licence, amount_requested="1200,01")
    )
    html = text(response)
    assert 'id="id_amount_requested-error"' in html
    assert "1\xa0200,00 € par demande" in html
    assert AidApplication.objects.count() == 0


def test_it_creates_the_draft_and_shows_it_with_the_iban_masked(
    world, as_user, fund, licence, eligible
):
    agent = world.user("employment_agent_a")
    client = as_user(agent)
    response = client.post(apply_url(eligible), form_data(licence))
    application = AidApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "aid:application", kwargs={"application_uuid": application.uuid}
    )
    assert application.status == Status.DRAFT
    assert application.amount_requested == Decimal("850.50")
    assert application.activity_starts_on == START
    assert application.applicant == agent
    assert application.applicant_organisation == world.mds_a
    assert application.payee_name == "Auto-école du Pont"
    assert application.iban_last4 == "0189"
    assert ibans.decrypt(application.iban_encrypted) == IBAN_PLAIN
    html = text(client.get(response["Location"]))
    assert "Le brouillon de la demande est enregistré" in html
    assert "•••• •••• •••• 0189" in html
    assert_no_full_iban(html)


def test_the_person_is_the_default_payee_name(world, as_user, fund, licence, eligible):
    as_user(world.user("social_worker_a")).post(
        apply_url(eligible), form_data(licence, payee_kind="person", payee_name="")
    )
    assert AidApplication.objects.get().payee_name == "DUPONT François"


def test_a_supplier_must_be_named(world, as_user, fund, licence, eligible):
    response = as_user(world.user("social_worker_a")).post(
        apply_url(eligible), form_data(licence, payee_name="")
    )
    assert "Indiquez le nom du fournisseur payé" in text(response)
    assert AidApplication.objects.count() == 0


def test_without_a_fund_for_the_year_the_service_says_so(world, as_user, licence, eligible):
    # licence needs the fund fixture; remove this year's envelope to see the service refuse.
    AidFund.objects.all().delete()
    response = as_user(world.user("social_worker_a")).post(apply_url(eligible), form_data(licence))
    assert "Aucune enveloppe FARE82 n'est ouverte" in text(response)
    assert AidApplication.objects.count() == 0


@pytest.mark.parametrize("persona", ["manager_a", "reception_a", "social_worker_b", "operator"])
def test_only_the_departement_agents_who_see_the_person_may_apply(
    world, as_user, fund, licence, eligible, persona
):
    client = as_user(world.user(persona))
    assert client.get(apply_url(eligible)).status_code == 404
    assert client.post(apply_url(eligible), form_data(licence)).status_code == 404
    assert AidApplication.objects.count() == 0


def test_editing_keeps_the_stored_iban_when_left_blank(world, as_user, fund, licence, eligible):
    application = draft(world, licence)
    client = as_user(world.user("social_worker_a"))  # a colleague of the same MDS
    page = text(client.get(edit_url(application)))
    assert "IBAN enregistré : •••• •••• •••• 0189" in page
    assert_no_full_iban(page)
    assert 'value="Boulangerie du Quercy"' in page
    response = client.post(
        edit_url(application), form_data(licence, iban="", amount_requested="700")
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.amount_requested == Decimal("700")
    assert ibans.decrypt(application.iban_encrypted) == IBAN_PLAIN


def test_editing_with_a_new_iban_replaces_it(world, as_user, fund, licence, eligible):
    application = draft(world, licence)
    other = "FR14 2004 1010 0505 0001 3M02 606"
    response = as_user(world.user("employment_agent_a")).post(
        edit_url(application), form_data(licence, iban=other)
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.iban_last4 == "2606"


def test_editing_with_a_wrong_iban_changes_nothing(world, as_user, fund, licence, eligible):
    application = draft(world, licence)
    response = as_user(world.user("employment_agent_a")).post(
        edit_url(application), form_data(licence, iban=WRONG_IBAN, amount_requested="700")
    )
    assert 'id="id_iban-error"' in text(response)
    application.refresh_from_db()
    assert application.amount_requested == Decimal("900")
    assert application.iban_last4 == "0189"


def test_a_submitted_application_is_no_longer_edited(world, as_user, fund, licence, eligible):
    application = submitted(world, licence)
    client = as_user(world.user("employment_agent_a"))
    response = client.post(edit_url(application), form_data(licence, amount_requested="700"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.amount_requested == Decimal("900")
    assert "ne se modifie plus" in text(client.get(response["Location"]))


def test_the_mds_manager_follows_but_does_not_edit(world, as_user, fund, licence, eligible):
    application = draft(world, licence)
    assert as_user(world.user("manager_a")).get(edit_url(application)).status_code == 404


@pytest.mark.parametrize("page", ["apply", "edit"])
def test_error_reports_never_carry_the_iban(world, as_user, fund, licence, eligible, page):
    url = apply_url(eligible) if page == "apply" else edit_url(draft(world, licence))
    response = as_user(world.user("employment_agent_a")).post(url, form_data(licence))
    reporter = SafeExceptionReporterFilter()
    posted = reporter.get_post_parameters(response.wsgi_request)
    assert posted["iban"] == reporter.cleansed_substitute
    assert posted["employer_or_body"] == "Boulangerie du Quercy"
