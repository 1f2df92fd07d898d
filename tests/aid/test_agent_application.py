"""The application's page, the team's list, the person page's section and action, the menu."""

import html as html_module
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.aid.services import decisions, payments
from relais.audit.models import AccessRecord
from tests.aid.helpers import IBAN, draft, send_to_payment, submitted, with_papers

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html_module.unescape(response.content.decode())


def page_url(application) -> str:
    return reverse("aid:application", kwargs={"application_uuid": application.uuid})


def person_page(person) -> str:
    return reverse("people:detail", kwargs={"uuid": person.uuid})


def test_the_page_shows_the_application_with_the_iban_masked_and_records_the_access(
    world, as_user, fund, licence, eligible
):
    application = draft(world, licence, amount="1050")
    agent = world.user("social_worker_a")
    response = as_user(agent).get(page_url(application))
    html = text(response)
    assert response.status_code == 200
    assert "Demande FARE82 : Permis de conduire ou BSR" in html
    assert ">Brouillon</strong>" in html
    assert "1\xa0050 €" in html
    assert "Boulangerie du Quercy" in html
    assert "Auto-école du Pont (le fournisseur)" in html
    assert f"{application.activity_starts_on:%d/%m/%Y}" in html
    assert "•••• •••• •••• 0189" in html
    assert IBAN.replace(" ", "") not in html and IBAN not in html
    # The two papers the category asks are listed as missing.
    assert "Pièces exigées encore manquantes" in html
    assert "Un devis ou une facture" in html
    assert "Le contrat, la promesse d'embauche ou l'attestation d'entrée en formation" in html
    record = AccessRecord.objects.get(user=agent, person=eligible)
    assert (record.action, record.target) == ("view", f"fare82 {application.uuid}")


def test_a_draft_offers_edit_papers_submit_and_cancel_to_the_team(
    world, as_user, fund, licence, eligible
):
    application = draft(world, licence)
    html = text(as_user(world.user("employment_agent_a")).get(page_url(application)))
    for name in ("edit", "document_add", "submit", "cancel"):
        assert reverse(f"aid:{name}", kwargs={"application_uuid": application.uuid}) in html


def test_the_mds_manager_reads_the_application_without_any_action(
    world, as_user, fund, licence, eligible
):
    application = draft(world, licence)
    response = as_user(world.user("manager_a")).get(page_url(application))
    html = text(response)
    assert response.status_code == 200
    assert "Faire avancer la demande" not in html
    assert reverse("aid:submit", kwargs={"application_uuid": application.uuid}) not in html


def test_a_submitted_application_can_only_be_cancelled(world, as_user, fund, licence, eligible):
    application = submitted(world, licence)
    html = text(as_user(world.user("employment_agent_a")).get(page_url(application)))
    kwargs = {"application_uuid": application.uuid}
    assert ">Transmise</strong>" in html
    assert "Pièces exigées encore manquantes" not in html
    assert f'action="{reverse("aid:cancel", kwargs=kwargs)}"' in html
    for name in ("edit", "document_add", "submit"):
        url = reverse(f"aid:{name}", kwargs=kwargs)
        assert f'href="{url}"' not in html and f'action="{url}"' not in html
    # Both papers are listed with a link each.
    assert html.count(f'href="{reverse("aid:document_add", kwargs=kwargs)}') == 2
    assert "Devis" in html and "Promesse d'embauche" in html


def test_an_incomplete_application_shows_what_is_missing_highlighted(
    world, as_user, fund, licence, eligible, secretary
):
    application = submitted(world, licence)
    decisions.start_review(user=secretary, application=application)
    decisions.mark_incomplete(
        user=secretary, application=application, missing="Le devis est illisible"
    )
    html = text(as_user(world.user("employment_agent_a")).get(page_url(application)))
    banner = html[html.index('id="decision-title"') :]
    assert "Demande incomplète, à compléter" in banner
    assert "Ce qui manque :</strong> Le devis est illisible" in banner
    assert reverse("aid:edit", kwargs={"application_uuid": application.uuid}) in html


def test_a_refusal_shows_its_reason(world, as_user, fund, licence, eligible, secretary):
    application = submitted(world, licence)
    decisions.start_review(user=secretary, application=application)
    decisions.refuse(
        user=secretary, application=application, reason="employer_pays", comment="Voir l'OPCO"
    )
    html = text(as_user(world.user("employment_agent_a")).get(page_url(application)))
    assert (
        "Demande refusée : l'employeur ou l'organisme de formation doit prendre en charge" in html
    )
    assert "Observations :</strong> Voir l'OPCO" in html
    assert ">Refusée</strong>" in html


def test_a_paid_application_shows_the_amount_granted_and_the_payment(
    world, as_user, fund, licence, eligible, secretary
):
    application = submitted(world, licence)
    decisions.start_review(user=secretary, application=application)
    decisions.approve(user=secretary, application=application, amount=Decimal("800"))
    today = timezone.localdate()
    send_to_payment(secretary, application)
    payments.pay(user=secretary, application=application, paid_on=today, reference="MANDAT-42")
    html = text(as_user(world.user("employment_agent_a")).get(page_url(application)))
    assert "Aide accordée : 800 €" in html
    assert 'Référence du paiement</dt><dd class="govuk-summary-list__value">MANDAT-42' in html
    assert f'Payée le</dt><dd class="govuk-summary-list__value">{today:%d/%m/%Y}' in html
    # Paid is final for the agent: no action left.
    assert "Faire avancer la demande" not in html


def test_the_list_shows_the_team_applications_newest_first_and_filters_by_status(
    world, as_user, fund, licence, eligible
):
    first = draft(world, licence, amount="300")
    second = with_papers(world, draft(world, licence, amount="400"))
    from relais.aid.services import applications as services

    services.submit(user=world.user("employment_agent_a"), application=second)
    client = as_user(world.user("social_worker_a"))
    html = text(client.get(reverse("aid:list")))
    assert "2 demandes, les plus récentes d'abord" in html
    assert html.index(page_url(second)) < html.index(page_url(first))
    filtered = text(client.get(reverse("aid:list"), {"status": "draft"}))
    assert page_url(first) in filtered and page_url(second) not in filtered
    assert AccessRecord.objects.filter(person=eligible, target="fare82").count() == 3


def test_the_list_of_another_mds_does_not_show_mds_a_applications(
    world, as_user, fund, licence, eligible
):
    application = draft(world, licence)
    response = as_user(world.user("social_worker_b")).get(reverse("aid:list"))
    assert response.status_code == 200
    assert page_url(application) not in text(response)
    assert "Aucune demande." in text(response)


@pytest.mark.parametrize("persona", ["reception_a", "operator", "steering", "employer"])
def test_those_who_see_no_application_get_no_list(world, as_user, persona):
    assert as_user(world.user(persona)).get(reverse("aid:list")).status_code == 404


def test_the_person_page_lists_the_applications_and_offers_to_apply(
    world, as_user, fund, licence, eligible
):
    application = draft(world, licence, amount="640")
    html = text(as_user(world.user("employment_agent_a")).get(person_page(eligible)))
    section = html[html.index('id="aid-panel-title"') :]
    section = section[: section.index("</section>")]
    apply = reverse("aid:apply", kwargs={"uuid": eligible.uuid})
    assert "Fonds FARE82" in section
    assert page_url(application) in section
    assert "Permis de conduire ou BSR" in section and "640 €" in section
    assert ">Brouillon</strong>" in section
    assert f'href="{apply}"' in section
    # The action among the page's buttons too.
    assert f'href="{apply}" role="button"' in html and ">Demander une aide FARE82</a>" in html


def test_the_manager_sees_the_section_but_no_apply_action(world, as_user, fund, licence, eligible):
    application = draft(world, licence)
    html = text(as_user(world.user("manager_a")).get(person_page(eligible)))
    assert page_url(application) in html
    assert reverse("aid:apply", kwargs={"uuid": eligible.uuid}) not in html


def test_no_section_for_a_reception_officer_nor_for_a_manager_without_applications(
    world, as_user, fund, licence, eligible
):
    draft(world, licence)
    html = text(as_user(world.user("reception_a")).get(person_page(eligible)))
    assert 'id="aid-panel-title"' not in html
    assert "Demander une aide FARE82" not in html
    html = text(as_user(world.user("manager_a")).get(person_page(world.person_a)))
    assert 'id="aid-panel-title"' in html  # the draft above


def test_the_menu_leads_agents_to_their_list_and_the_secretariat_to_its_queue(
    world, fund, as_user, client, secretary
):
    html = text(as_user(world.user("employment_agent_a")).get(reverse("home")))
    assert f'href="{reverse("aid:list")}">FARE82</a>' in html
    client.force_login(secretary)
    html = text(client.get(reverse("home")))
    assert f'href="{reverse("aid:queue")}">FARE82</a>' in html
    assert f'href="{reverse("aid:list")}"' not in html
    client.force_login(world.user("operator"))
    assert ">FARE82</a>" not in text(client.get(reverse("home")))
