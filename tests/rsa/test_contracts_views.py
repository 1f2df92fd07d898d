"""Contract pages: the plan with its running total, the detail and its POST buttons, the PDF."""

import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from relais.audit.models import AccessRecord
from relais.rsa.models import Contract, EpCase
from tests.rsa.contract_helpers import days_ago, make_contract, make_orientation

TODAY = timezone.localdate


def _plan(actions, **fields) -> dict:
    data = {
        "objectives": "Reprendre une activité dans l'aide à domicile.",
        "starts_on": f"{TODAY():%d/%m/%Y}",
        "ends_on": f"{TODAY() + dt.timedelta(days=180):%d/%m/%Y}",
        "adjustment_reason": "",
        "actions-TOTAL_FORMS": "8",
        "actions-INITIAL_FORMS": "8",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "8",
        **fields,
    }
    for index in range(8):
        label, hours = actions[index] if index < len(actions) else ("", "")
        data[f"actions-{index}-label"] = label
        data[f"actions-{index}-hours_per_week"] = hours
    return data


@pytest.fixture
def orientation(world):
    return make_orientation(
        world.person_a, decided_on=dt.date(2026, 1, 5), notified_on=dt.date(2026, 1, 7)
    )


@pytest.fixture
def agent(world, as_user):
    return as_user(world.user("employment_agent_a"))


class TestCreate:
    def url(self, world):
        return reverse("rsa:contract_create", kwargs={"uuid": world.person_a.uuid})

    def test_the_page_shows_the_deadline_the_rule_and_eight_labelled_rows(
        self, world, agent, orientation
    ):
        html = agent.get(self.url(world)).content.decode()
        assert html.count("<h1") == 1
        assert "Contrat à signer au plus tard le <strong>07/02/2026</strong>" in html
        assert "au moins 15 heures d'activité par semaine" in html
        for index in range(8):
            assert f'for="id_actions-{index}-label">Action {index + 1}</label>' in html
            assert f'for="id_actions-{index}-hours_per_week">Heures par semaine' in html
        assert "Total : 0 h par semaine." in html

    def test_it_saves_a_draft_and_opens_it(self, world, agent, orientation):
        response = agent.post(
            self.url(world), _plan([("Formation aide à domicile", "12,5"), ("Stage", "2,5")])
        )
        contract = Contract.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "rsa:contract", kwargs={"contract_uuid": contract.uuid}
        )
        assert [str(a.hours_per_week) for a in contract.actions.all()] == ["12.5", "2.5"]
        assert contract.orientation == orientation

    def test_under_15_hours_it_says_why_and_saves_nothing(self, world, agent, orientation):
        response = agent.post(self.url(world), _plan([("Atelier", "10"), ("Suivi", "2")]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Le plan d&#x27;action compte 12 h par semaine" in html
        assert "govuk-error-summary" in html
        assert not Contract.objects.exists()

    def test_a_wrong_number_of_hours_is_shown_on_its_row(self, world, agent, orientation):
        response = agent.post(self.url(world), _plan([("Atelier", "10"), ("Suivi", "beaucoup")]))
        html = response.content.decode()
        assert 'href="#id_actions-1-hours_per_week">Action 2 : Indiquez un nombre' in html
        assert not Contract.objects.exists()

    def test_the_running_total_is_recomputed_without_saving(self, world, agent, orientation):
        response = agent.post(
            self.url(world) + "?apercu=1",
            _plan([("Atelier", "10"), ("Suivi", "2,5")]),
            HTTP_HX_REQUEST="true",
        )
        html = response.content.decode()
        assert "Total : 12,5 h par semaine." in html
        assert "Moins que les 15 heures" in html
        assert "<h1" not in html
        assert not Contract.objects.exists()

    def test_a_post_without_the_csrf_token_is_refused(self, world, orientation):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.user("employment_agent_a"))
        response = client.post(self.url(world), _plan([("Atelier", "20")]))
        assert response.status_code == 403
        assert not Contract.objects.exists()


class TestDetail:
    def url(self, contract):
        return reverse("rsa:contract", kwargs={"contract_uuid": contract.uuid})

    def test_reading_the_contract_is_traced(self, world, agent, orientation):
        contract = make_contract(world.person_a, orientation=orientation)
        html = agent.get(self.url(contract)).content.decode()
        assert "Enregistrer la signature" in html
        assert "Passer le contrat en cours" not in html
        record = AccessRecord.objects.get(person=world.person_a)
        assert (record.action, record.target) == ("view", f"contrat {contract.uuid}")

    def test_it_signs_with_the_date_typed(self, world, agent, orientation):
        contract = make_contract(world.person_a, orientation=orientation)
        response = agent.post(
            self.url(contract), {"action": "sign", "sign-signed_on": f"{TODAY():%d/%m/%Y}"}
        )
        assert response.status_code == 302
        contract.refresh_from_db()
        assert (contract.status, contract.signed_on) == ("signed", TODAY())

    def test_a_signature_tomorrow_is_explained_on_the_page(self, world, agent, orientation):
        contract = make_contract(world.person_a, orientation=orientation)
        tomorrow = TODAY() + dt.timedelta(days=1)
        response = agent.post(
            self.url(contract), {"action": "sign", "sign-signed_on": f"{tomorrow:%d/%m/%Y}"}
        )
        assert response.status_code == 200
        assert "La date de signature ne peut pas être dans le futur." in response.content.decode()
        contract.refresh_from_db()
        assert contract.status == "draft"

    def test_an_action_the_status_does_not_allow_is_refused(self, world, agent, orientation):
        contract = make_contract(world.person_a, orientation=orientation)
        response = agent.post(self.url(contract), {"action": "activate"}, follow=True)
        assert "ne peut pas passer à" in response.content.decode()
        contract.refresh_from_db()
        assert contract.status == "draft"

    def test_an_unknown_action_is_not_found(self, world, agent, orientation):
        contract = make_contract(world.person_a, orientation=orientation)
        assert agent.post(self.url(contract), {"action": "delete"}).status_code == 404

    def test_a_breach_lists_the_file_for_the_ep(self, world, agent, orientation):
        contract = make_contract(world.person_a, orientation=orientation, status="active")
        agent.post(self.url(contract), {"action": "breach", "breach-summary": "Absences répétées"})
        assert EpCase.objects.get().theme == "breach"

    def test_renewing_opens_the_new_draft(self, world, agent, orientation):
        contract = make_contract(world.person_a, orientation=orientation, status="active")
        response = agent.post(self.url(contract), {"action": "renew"})
        renewal = Contract.objects.get(renewed_from=contract)
        assert response["Location"] == self.url(renewal)

    def test_a_signed_contract_is_no_longer_edited(self, world, agent, orientation):
        contract = make_contract(world.person_a, orientation=orientation, status="signed")
        url = reverse("rsa:contract_edit", kwargs={"contract_uuid": contract.uuid})
        response = agent.get(url)
        assert response["Location"] == self.url(contract)

    def test_another_mds_does_not_see_the_contract(self, world, as_user, orientation):
        contract = make_contract(world.person_a, orientation=orientation)
        client = as_user(world.user("manager_b"))
        assert client.get(self.url(contract)).status_code == 404
        assert client.post(self.url(contract), {"action": "renew"}).status_code == 404


def test_the_pdf_to_sign_has_the_plan_the_duties_and_the_breach_and_is_traced(
    world, agent, orientation
):
    contract = make_contract(world.person_a, orientation=orientation, hours=(12, 3.5))
    response = agent.get(reverse("rsa:contract_pdf", kwargs={"contract_uuid": contract.uuid}))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "DUPONT François" in text
    assert "15,5 h" in text
    assert "suspension-remobilisation" in text
    assert "Droits et devoirs" in text
    record = AccessRecord.objects.get(person=world.person_a)
    assert (record.action, record.target) == ("print", f"contrat {contract.uuid}")


def test_the_person_s_pathway_page_links_to_the_contract(world, agent, orientation):
    contract = make_contract(world.person_a, orientation=orientation, starts_on=days_ago(3))
    html = agent.get(reverse("rsa:pathway", kwargs={"uuid": world.person_a.uuid})).content.decode()
    assert reverse("rsa:contract", kwargs={"contract_uuid": contract.uuid}) in html
