"""One application at the secretariat: what the page shows, and each decision through its form."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.aid.models import AidApplication, Status
from relais.aid.queries.budget import summary
from relais.aid.services import decisions
from relais.audit.models import AccessRecord
from tests.aid.helpers import (
    draft,
    make_category,
    make_eligible,
    make_fund,
    send_to_payment,
    submitted,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

FULL_IBAN = "FR7630006000011234567890189"


def url(name, application):
    return reverse(f"aid:{name}", kwargs={"application_uuid": application.uuid})


def reviewed(world, secretary, category, amount="900", person=None):
    application = submitted(world, category, amount, person=person)
    return decisions.start_review(user=secretary, application=application)


def status_of(application) -> str:
    return AidApplication.objects.get(pk=application.pk).status


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_it_shows_what_the_agent_filled_with_the_iban_masked(
    world, fund, licence, eligible, secretary, as_user
):
    application = submitted(world, licence, "900")
    response = as_user(secretary).get(url("review", application))
    assert response.status_code == 200
    page = text(response)
    for expected in (
        "DUPONT François",
        "Permis de conduire ou BSR",
        "900,00 €",
        "Boulangerie du Quercy",
        "Petite entreprise, pas de prise en charge du permis.",
        "Auto-école du Pont",
        "•••• •••• •••• 0189",
        "Mettre la demande à l'étude",
    ):
        assert expected in page
    assert FULL_IBAN not in page and "3000 6000 0112" not in page
    for paper in application.documents.all():
        assert reverse("aid:document", args=[application.uuid, paper.pk]) in page
    record = AccessRecord.objects.get(user=secretary)
    assert (record.person, record.action, record.target) == (eligible, "view", "fare82")


def test_it_shows_the_ceilings_against_what_was_granted_and_the_envelope_left(
    world, eligible, secretary, as_user
):
    make_fund(world, envelope="5000")
    licence = make_category(world)  # 1 200 € per application, 1 500 € per person
    earlier = reviewed(world, secretary, licence, "500")
    decisions.approve(user=secretary, application=earlier, amount=Decimal("400"))
    application = submitted(world, licence, "900")
    page = text(as_user(secretary).get(url("review", application)))
    assert "1 200,00 €" in page and "1 500,00 €" in page
    assert "400,00 € (reste 1 100,00 €)" in page
    assert "4 600,00 € sur 5 000,00 €" in page
    assert url("review", earlier) in page  # the person's other application


def test_a_draft_never_submitted_is_not_the_secretariats(
    world, licence, eligible, secretary, as_user
):
    application = draft(world, licence)
    assert as_user(secretary).get(url("review", application)).status_code == 404


def test_starting_the_review(world, licence, eligible, secretary, as_user):
    application = submitted(world, licence)
    response = as_user(secretary).post(url("start_review", application), follow=True)
    assert status_of(application) == Status.UNDER_REVIEW
    assert "La demande est à l'étude" in text(response)


def test_starting_the_review_twice_says_why_and_changes_nothing(
    world, licence, eligible, secretary, as_user
):
    application = reviewed(world, secretary, licence)
    response = as_user(secretary).post(url("start_review", application), follow=True)
    assert "rien n'a été modifié" in text(response)
    assert status_of(application) == Status.UNDER_REVIEW


def test_approving_within_the_ceilings_and_the_envelope(world, eligible, secretary, as_user):
    fund = make_fund(world, envelope="2000")
    application = reviewed(world, secretary, make_category(world), "900")
    response = as_user(secretary).post(
        url("approve", application), {"amount": "850,50", "comment": "Reste à charge : 49,50 €"}
    )
    assert response.status_code == 302 and response["Location"] == url("review", application)
    approved = AidApplication.objects.get(pk=application.pk)
    assert (approved.status, approved.amount_granted) == (Status.APPROVED, Decimal("850.50"))
    assert approved.decided_by == secretary and approved.decision_comment.startswith("Reste")
    assert summary(fund)["left"] == Decimal("1149.50")


def test_approving_beyond_the_envelope_is_refused_with_what_is_left(
    world, eligible, secretary, as_user
):
    fund = make_fund(world, envelope="1000")
    licence = make_category(world)
    first = reviewed(world, secretary, licence, "700")
    decisions.approve(user=secretary, application=first, amount=Decimal("700"))
    other = make_eligible(world, PersonFactory(commune=world.commune_a))
    second = reviewed(world, secretary, licence, "700", person=other)
    response = as_user(secretary).post(url("approve", second), {"amount": "700"})
    assert response.status_code == 200
    page = text(response)
    assert "<title>Erreur :" in page
    assert "ne permet pas d'accorder 700,00 € : il reste 300,00 €" in page
    assert status_of(second) == Status.UNDER_REVIEW
    assert summary(fund)["committed"] == Decimal("700")


def test_approving_above_the_ceiling_per_person_states_it(world, eligible, secretary, as_user):
    make_fund(world)
    licence = make_category(world)
    # Both submitted while nothing was granted yet: the ceiling bites at the second decision.
    earlier = reviewed(world, secretary, licence, "1000")
    application = reviewed(world, secretary, licence, "600")
    decisions.approve(user=secretary, application=earlier, amount=Decimal("1000"))
    response = as_user(secretary).post(url("approve", application), {"amount": "600"})
    assert "1 000,00 € ont déjà été accordés : il reste 500,00 €" in text(response)
    assert status_of(application) == Status.UNDER_REVIEW


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("", "Indiquez le montant accordé."),
        ("huit cents", "Indiquez un montant en euros"),
        ("0", "Indiquez un montant supérieur à 0 €."),
        ("900,01", "ne peut pas dépasser le montant demandé (900,00 €)"),
    ],
)
def test_a_wrong_amount_is_a_form_error_and_nothing_changes(
    world, fund, licence, eligible, secretary, as_user, amount, message
):
    application = reviewed(world, secretary, licence, "900")
    response = as_user(secretary).post(url("approve", application), {"amount": amount})
    assert response.status_code == 200
    assert message in text(response)
    assert status_of(application) == Status.UNDER_REVIEW


def test_refusing_with_a_coded_reason(world, fund, licence, eligible, secretary, as_user):
    application = reviewed(world, secretary, licence)
    as_user(secretary).post(
        url("refuse", application),
        {"reason": "employer_pays", "comment": "L'employeur finance le permis."},
    )
    refused = AidApplication.objects.get(pk=application.pk)
    assert (refused.status, refused.refusal_reason) == (Status.REFUSED, "employer_pays")
    assert refused.decision_comment == "L'employeur finance le permis."


def test_refusing_without_a_reason_is_refused(world, fund, licence, eligible, secretary, as_user):
    application = reviewed(world, secretary, licence)
    response = as_user(secretary).post(url("refuse", application), {"reason": ""})
    assert "Choisissez le motif du refus." in text(response)
    assert status_of(application) == Status.UNDER_REVIEW


def test_marking_incomplete_says_what_is_missing(
    world, fund, licence, eligible, secretary, as_user
):
    application = reviewed(world, secretary, licence)
    client = as_user(secretary)
    empty = client.post(url("incomplete", application), {"missing": "  "})
    assert "Écrivez ce qui manque à la demande." in text(empty)
    assert status_of(application) == Status.UNDER_REVIEW
    client.post(url("incomplete", application), {"missing": "Le devis n'est pas signé."})
    back = AidApplication.objects.get(pk=application.pk)
    assert (back.status, back.missing_items) == (Status.INCOMPLETE, "Le devis n'est pas signé.")


def test_paying_an_approved_application(world, fund, licence, eligible, secretary, as_user):
    application = reviewed(world, secretary, licence)
    decisions.approve(user=secretary, application=application, amount=Decimal("800"))
    send_to_payment(secretary, application)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    as_user(secretary).post(
        url("pay", application), {"paid_on": f"{yesterday:%d/%m/%Y}", "reference": "MANDAT-42"}
    )
    paid = AidApplication.objects.get(pk=application.pk)
    assert (paid.status, paid.paid_on, paid.payment_reference) == (
        Status.PAID,
        yesterday,
        "MANDAT-42",
    )
    assert summary(fund)["paid"] == Decimal("800")


def test_a_payment_in_the_future_is_refused(world, fund, licence, eligible, secretary, as_user):
    application = reviewed(world, secretary, licence)
    decisions.approve(user=secretary, application=application, amount=Decimal("800"))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = as_user(secretary).post(
        url("pay", application), {"paid_on": f"{tomorrow:%d/%m/%Y}", "reference": "MANDAT-42"}
    )
    assert "La date de paiement ne peut pas être dans le futur." in text(response)
    assert status_of(application) == Status.APPROVED


def test_a_decision_the_status_no_longer_allows_changes_nothing(
    world, fund, licence, eligible, secretary, as_user
):
    application = submitted(world, licence)  # not under review yet
    response = as_user(secretary).post(url("approve", application), {"amount": "800"})
    assert "rien n'a été modifié" in text(response)
    assert status_of(application) == Status.SUBMITTED


@pytest.mark.parametrize("name", ["start_review", "approve", "refuse", "incomplete", "pay"])
def test_the_actions_answer_only_to_post(world, fund, licence, eligible, secretary, as_user, name):
    application = reviewed(world, secretary, licence)
    assert as_user(secretary).get(url(name, application)).status_code == 405
    assert status_of(application) == Status.UNDER_REVIEW
