"""The secretariat's queue: one tab per stage, the oldest waiting first, under the envelope."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.aid.models import AidApplication
from relais.aid.services import applications as agent
from relais.aid.services import decisions, payments
from relais.aid.views import secretariat as views
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


def page_of(client, tab="", page="") -> str:
    query = {key: value for key, value in (("onglet", tab), ("page", page)) if value}
    response = client.get(reverse("aid:queue"), query)
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def words(page: str) -> str:
    """The page's text without its tags."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def link(application) -> str:
    return reverse("aid:review", kwargs={"application_uuid": application.uuid})


def someone(world, name):
    return make_eligible(world, PersonFactory(commune=world.commune_a, birth_name=name))


def submitted_days_ago(world, category, days, person):
    application = submitted(world, category, "500", person=person)
    moment = timezone.now() - dt.timedelta(days=days)
    AidApplication.objects.filter(pk=application.pk).update(submitted_at=moment)
    return application


def one_of_each(world, secretary, category) -> dict:
    """An application at each stage, each for its own person."""
    ade = world.user("employment_agent_a")
    made = {}
    for stage in ("submitted", "review", "incomplete", "approved", "refused", "paid", "cancelled"):
        application = submitted(world, category, "500", person=someone(world, stage.upper()))
        if stage == "cancelled":
            application = agent.cancel(user=ade, application=application, reason="Emploi perdu")
        elif stage != "submitted":
            application = decisions.start_review(user=secretary, application=application)
        if stage == "incomplete":
            decisions.mark_incomplete(user=secretary, application=application, missing="Le devis")
        if stage in ("approved", "paid"):
            application = decisions.approve(user=secretary, application=application, amount=500)
        if stage == "refused":
            decisions.refuse(user=secretary, application=application, reason="employer_pays")
        if stage == "paid":
            send_to_payment(secretary, application)
            payments.pay(
                user=secretary, application=application, paid_on=timezone.localdate(), reference="M"
            )
        made[stage] = application
    made["draft"] = draft(world, category, person=someone(world, "DRAFT"))
    return made


def test_each_tab_lists_its_stage_and_never_a_draft(world, fund, licence, secretary, as_user):
    made = one_of_each(world, secretary, licence)
    client = as_user(secretary)
    expected = {
        "a-etudier": {"submitted"},
        "a-l-etude": {"review"},
        "incompletes": {"incomplete"},
        "a-payer": {"approved"},
        "traitees": {"refused", "paid", "cancelled"},
    }
    for tab, stages in expected.items():
        page = page_of(client, tab)
        shown = {stage for stage, application in made.items() if link(application) in page}
        assert shown == stages, tab
    first = page_of(client)
    for label in (
        "À étudier (1)",
        "À l'étude (1)",
        "Incomplètes (1)",
        "À payer (1)",
        "Traitées (3)",
    ):
        assert label in first


def test_the_oldest_waiting_comes_first_with_its_days_waiting(
    world, fund, licence, secretary, as_user
):
    recent = submitted_days_ago(world, licence, 2, someone(world, "RECENT"))
    old = submitted_days_ago(world, licence, 9, someone(world, "ANCIEN"))
    page = page_of(as_user(secretary))
    assert page.index(link(old)) < page.index(link(recent))
    assert "9 jours" in page and "2 jours" in page
    for expected in ("ANCIEN", "Permis de conduire ou BSR", "500,00 €", "MDS A"):
        assert expected in page
    assert world.user("employment_agent_a").get_full_name() in page


def test_the_envelope_of_the_year_is_summed_up_at_the_top(world, eligible, secretary, as_user):
    make_fund(world, envelope="267000")
    licence = make_category(world)
    paid = decisions.start_review(user=secretary, application=submitted(world, licence, "300"))
    paid = decisions.approve(user=secretary, application=paid, amount=Decimal("300"))
    send_to_payment(secretary, paid)
    payments.pay(user=secretary, application=paid, paid_on=timezone.localdate(), reference="M1")
    other = someone(world, "BERNARD")
    approved = decisions.start_review(
        user=secretary, application=submitted(world, licence, "900", person=other)
    )
    decisions.approve(user=secretary, application=approved, amount=Decimal("850"))
    page = words(page_of(as_user(secretary)))
    year = timezone.localdate().year
    assert f"Enveloppe {year} 267 000,00 €" in page
    assert "Engagé (accordé, à payer) 850,00 €" in page
    assert "Payé 300,00 €" in page
    assert "Reste disponible 265 850,00 €" in page


def test_without_a_fund_for_the_year_it_says_so(world, secretary, as_user):
    make_fund(world, year=timezone.localdate().year - 1)  # last year's names the secretariat
    assert "Aucune enveloppe FARE82 n'est ouverte" in page_of(as_user(secretary))


def test_the_processed_tab_is_paginated(world, fund, licence, secretary, as_user, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    ade = world.user("employment_agent_a")
    for name in ("UN", "DEUX", "TROIS"):
        application = submitted(world, licence, person=someone(world, name))
        agent.cancel(user=ade, application=application, reason="Doublon")
    client = as_user(secretary)
    first, second = page_of(client, "traitees"), page_of(client, "traitees", "2")
    assert "1 / 2" in first and "2 / 2" in second
    shown = [name for name in ("UN", "DEUX", "TROIS") if f"{name} " in first]
    assert len(shown) == 2 and "TROIS" in shown  # the latest first
    assert "UN " in second


def test_it_records_one_access_per_listed_person_in_one_insert(
    world, fund, licence, secretary, as_user
):
    persons = [someone(world, name) for name in ("UN", "DEUX", "TROIS")]
    for person in persons:
        submitted(world, licence, person=person)
    client = as_user(secretary)
    with CaptureQueriesContext(connection) as three:
        page_of(client)
    records = AccessRecord.objects.filter(user=secretary, action="view", target="fare82")
    assert sorted(records.values_list("person_id", flat=True)) == sorted(p.pk for p in persons)
    inserts = [q for q in three.captured_queries if "audit_accessrecord" in q["sql"]]
    assert len(inserts) == 1
    for name in ("QUATRE", "CINQ"):
        submitted(world, licence, person=someone(world, name))
    with CaptureQueriesContext(connection) as five:
        page_of(client)
    assert len(five.captured_queries) == len(three.captured_queries)  # no query per row
