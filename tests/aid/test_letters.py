"""The decision's letters: to the person and to the agent, once a decision exists, printed
with a trace in the person's file."""

import io
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from relais.aid import letters
from relais.aid.services import decisions
from relais.audit.models import AccessRecord
from relais.core.pdf import PdfUnavailable
from tests.aid.helpers import submitted

pytestmark = pytest.mark.django_db


def url(name, application):
    return reverse(f"aid:{name}", kwargs={"application_uuid": application.uuid})


def text_of(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def reviewed(world, fund, licence, eligible, secretary):
    application = submitted(world, licence, "900")
    return decisions.start_review(user=secretary, application=application)


def test_the_approval_letter_states_the_amount_what_it_pays_for_and_the_payee(
    world, reviewed, secretary, as_user
):
    decisions.approve(
        user=secretary, application=reviewed, amount=Decimal("850.50"), comment="Bon courage."
    )
    response = as_user(secretary).get(url("letter_person", reviewed))
    text = text_of(response)
    for expected in (
        "Attribution d'une aide du FARE82",
        f"{'Madame' if reviewed.person.sex == 'F' else 'Monsieur'} DUPONT François",
        "vous accorde une aide de 850,50 €",
        "Permis de conduire ou BSR",
        "Boulangerie du Quercy",
        "versée directement à Auto-école du Pont",
        "Bon courage.",
        f"FARE82-{reviewed.fund.year}-{reviewed.pk:06d}",
    ):
        assert expected in text
    assert "0189" not in text  # no bank details in a letter
    record = AccessRecord.objects.get(action="print")
    assert (record.user, record.person, record.target) == (secretary, reviewed.person, "fare82")
    name = response["Content-Disposition"]
    assert name.startswith('attachment; filename="fare82-decision-fare82-')
    assert "dupont" not in name.lower()


def test_the_refusal_letter_gives_the_reason_and_how_to_contest(
    world, reviewed, secretary, as_user
):
    decisions.refuse(
        user=secretary,
        application=reviewed,
        reason="employer_pays",
        comment="Votre employeur finance le permis de ses apprentis.",
    )
    text = text_of(as_user(secretary).get(url("letter_person", reviewed)))
    assert "Refus d'une aide du FARE82" in text
    assert "L'employeur ou l'organisme de formation doit prendre en charge" in text
    assert "Votre employeur finance le permis de ses apprentis." in text
    assert "Voies de recours" in text
    assert "vous accorde" not in text


def test_the_incomplete_letter_says_what_is_missing(world, reviewed, secretary, as_user):
    decisions.mark_incomplete(
        user=secretary, application=reviewed, missing="La promesse d'embauche signée."
    )
    text = text_of(as_user(secretary).get(url("letter_person", reviewed)))
    assert "Votre demande d'aide FARE82 est incomplète" in text
    assert "La promesse d'embauche signée." in text


def test_the_agent_notice_names_the_person_and_the_decision(world, reviewed, secretary, as_user):
    decisions.approve(user=secretary, application=reviewed, amount=Decimal("700"))
    response = as_user(secretary).get(url("letter_agent", reviewed))
    text = text_of(response)
    agent = world.user("employment_agent_a")
    assert agent.get_full_name() in text and "MDS A" in text
    assert "Avis de décision — demande FARE82 de DUPONT François" in text
    assert "Aide accordée : 700,00 €" in text
    assert "Le paiement sera fait directement à Auto-école du Pont" in text
    assert AccessRecord.objects.filter(action="print", person=reviewed.person).count() == 1
    assert "avis-agent" in response["Content-Disposition"]


def test_no_letter_before_a_decision(world, reviewed, secretary, as_user):
    client = as_user(secretary)
    assert client.get(url("letter_person", reviewed)).status_code == 404
    assert client.get(url("letter_agent", reviewed)).status_code == 404
    assert not AccessRecord.objects.filter(action="print").exists()


def test_without_the_pdf_engine_a_page_says_so_and_nothing_is_traced(
    world, reviewed, secretary, as_user
):
    decisions.approve(user=secretary, application=reviewed, amount=Decimal("700"))
    with mock.patch.object(letters, "render_pdf", side_effect=PdfUnavailable("no pango")):
        response = as_user(secretary).get(url("letter_person", reviewed))
    assert response.status_code == 503
    assert "Le courrier ne peut pas être produit" in response.content.decode()
    assert not AccessRecord.objects.filter(action="print").exists()
