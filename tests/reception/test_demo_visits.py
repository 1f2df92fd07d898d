"""The demo's year of visits and its emergency procedures (relais/demo/reception.py)."""

from collections import Counter

import pytest
from django.db.models import Count, F
from django.utils import timezone

from relais.accounts.models import Membership, Role
from relais.demo.accounts import ensure_demo_accounts
from relais.demo.persons import generate_persons
from relais.demo.reception import ensure_emergency_procedures, generate_visits
from relais.demo.territory import ensure_demo_territory
from relais.people.models import Event, Person
from relais.reception.models import (
    EmergencyProcedureVersion,
    Interpreting,
    InterpretingSession,
    Visit,
    VisitMotive,
)
from relais.reception.rendering import render_markdown
from relais.territory.models import Organisation

DAYS = 60


@pytest.fixture
def demo(db):
    territory = ensure_demo_territory()
    ensure_demo_accounts(territory)
    generate_persons(departement=territory.departement, count=300, seed=82)
    return territory


def signature() -> list[tuple]:
    return list(
        Visit.objects.order_by("site_id", "occurred_at", "pk").values_list(
            "site_id", "occurred_at", "channel", "outcome", "interpreting", "person_id"
        )
    )


def test_it_is_the_same_year_for_the_same_seed_and_another_for_another(demo):
    departement = demo.departement
    generate_visits(departement=departement, seed=7, days=DAYS)
    first = signature()
    Event.objects.filter(kind=Event.Kind.VISIT, source_id__gt="").delete()
    Visit.objects.all().delete()

    generate_visits(departement=departement, seed=7, days=DAYS)
    assert signature() == first
    Visit.objects.all().delete()

    generate_visits(departement=departement, seed=8, days=DAYS)
    assert signature() != first


def test_it_fills_every_mds_site_with_realistic_visits(demo):
    created = generate_visits(departement=demo.departement, seed=82, days=DAYS)

    visits = Visit.objects.all()
    assert created == visits.count() > 0
    mds_sites = {site.pk for mds in demo.mds for site in mds.sites.all()}
    assert set(visits.values_list("site_id", flat=True)) == mds_sites
    assert not visits.filter(occurred_at__gt=timezone.now()).exists()
    assert len(set(visits.values_list("channel", flat=True))) >= 6
    assert VisitMotive.objects.values("motive").distinct().count() == 10
    assert 0.01 < visits.filter(is_outside_hours=True).count() / created < 0.2
    interpreted = visits.exclude(interpreting=Interpreting.NONE)
    assert 0.01 < interpreted.count() / created < 0.06
    assert (
        InterpretingSession.objects.count()
        == interpreted.exclude(interpreting=Interpreting.RELATIVE).count()
    )
    assert set(interpreted.values_list("interpreting_language", flat=True)) <= {
        "ar", "tr", "en", "es", "pt", "prs", "ps", "ru", "uk"
    }  # fmt: skip
    assert 0.2 < visits.filter(person__isnull=False).count() / created < 0.4


def test_linked_persons_are_visible_to_the_mds_and_their_files_tell_the_visit(demo):
    generate_visits(departement=demo.departement, seed=82, days=DAYS)

    for mds in demo.mds:
        membership = Membership.objects.filter(
            organisation=mds, role=Role.RECEPTION_OFFICER
        ).first()
        agent = membership.user
        agent.membership = membership
        linked = set(
            Visit.objects.filter(organisation=mds, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        visible = set(Person.objects.visible_to(agent).values_list("pk", flat=True))
        assert linked and linked <= visible
    events = Event.objects.filter(kind=Event.Kind.VISIT, source_id__gt="")
    assert events.count() == Visit.objects.filter(person__isnull=False).count()
    assert not events.filter(summary__icontains="santé").exists()
    # No visit before the file was opened.
    early = Visit.objects.filter(person__isnull=False, occurred_at__lt=F("person__created_at"))
    assert not early.exists()


def test_oriented_visits_name_a_partner_and_others_do_not(demo):
    generate_visits(departement=demo.departement, seed=82, days=DAYS)

    oriented = Visit.objects.filter(outcome="oriented_partner")
    assert oriented.exists()
    kinds = Counter(oriented.values_list("partner__kind", flat=True))
    assert Organisation.Kind.MDS not in kinds and Organisation.Kind.EMPLOYER not in kinds
    assert (
        not Visit.objects.exclude(outcome="oriented_partner").filter(partner__isnull=False).exists()
    )


def test_every_mds_gets_one_procedure_and_a_second_run_adds_none(demo):
    assert ensure_emergency_procedures(demo.departement) == len(demo.mds)
    assert ensure_emergency_procedures(demo.departement) == 0

    per_mds = EmergencyProcedureVersion.objects.values("organisation").annotate(n=Count("id"))
    assert {row["n"] for row in per_mds} == {1}
    version = EmergencyProcedureVersion.objects.first()
    assert version.organisation.kind == Organisation.Kind.MDS
    assert version.created_by is not None
    html = render_markdown(version.body)
    for number in ("15", "17", "115", "119"):
        assert f"<strong>{number}</strong>" in html


def test_the_demo_loader_adds_visits_only_once(demo):
    from relais.demo.reception import ensure_demo_visits

    created = ensure_demo_visits(demo.departement, seed=82, days=10)

    assert created == Visit.objects.count() > 0
    assert ensure_demo_visits(demo.departement, seed=82, days=10) == 0
    assert Visit.objects.count() == created
