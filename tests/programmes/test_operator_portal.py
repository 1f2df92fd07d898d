"""The operator's portal: its lists by stage, its places, and nothing of another operator's."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import AccessRecord
from relais.programmes.models import CapacityModel, IntakeMode
from relais.programmes.services import prescriptions as services
from tests.programmes.helpers import consented_person, make_coach, make_programme, make_session
from tests.programmes.portal_helpers import (
    accepted,
    entered,
    other_operator,
    prescribed,
    waitlisted,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def portal(client, **params) -> str:
    response = client.get(reverse("programmes:portal"), params)
    assert response.status_code == 200
    return response.content.decode()


def person(world, name):
    return consented_person(world.commune_a, birth_name=name, first_names="Camille")


@pytest.fixture
def operator(world, as_user):
    return as_user(world.user("operator"))


def test_it_lists_sent_prescriptions_oldest_first_marking_those_past_the_reminder_delay(
    world, operator, programme, settings
):
    settings.RELAIS_PRESCRIPTION_REMINDER_DAYS = 7
    prescribed(world, programme, person(world, "RECENT"), days_ago=2)
    prescribed(world, programme, person(world, "ANCIEN"), days_ago=9)
    prescribed(world, programme, person(world, "SEPTJOURS"), days_ago=7)
    html = portal(operator)
    assert html.index("ANCIEN") < html.index("SEPTJOURS") < html.index("RECENT")
    assert "9 jours" in html and "7 jours" in html and "2 jours" in html
    assert html.count("Relance due") == 2
    row = html[html.index("RECENT") :].split("</tr>")[0]
    assert "Relance due" not in row


def test_each_tab_lists_its_stage(world, operator, programme):
    programme.places = 5
    programme.save()
    prescribed(world, programme, person(world, "ENVOYEE"))
    accepted(world, programme, person(world, "ACCEPTEE"))
    entered(world, programme, person(world, "ENTREE"), days_ago=3)
    ended = entered(world, programme, person(world, "SORTIE"), days_ago=20)
    services.end(
        user=world.user("operator"), prescription=ended, ended_on=TODAY(), outcome="training"
    )
    expected = {
        "a-traiter": "ENVOYEE",
        "acceptees": "ACCEPTEE",
        "en-cours": "ENTREE",
        "terminees": "SORTIE",
    }
    for tab, name in expected.items():
        html = portal(operator, vue=tab)
        shown = [n for n in expected.values() if n in html]
        assert shown == [name], tab
    html = portal(operator, vue="terminees")
    assert "Formation qualifiante" in html
    counts = ("À traiter (1)", "Liste d&#x27;attente (0)", "Acceptées (1)", "En cours (1)")
    assert all(count in html for count in counts) and "Terminées (1)" in html


def test_the_waiting_list_gives_positions_and_estimated_entry_dates(world, operator):
    programme = make_programme(world.partner, name="PLAINE Emploi", places=1)
    entered(world, programme, person(world, "DEDANS"), days_ago=30)
    waitlisted(world, programme, person(world, "PREMIER"))
    waitlisted(world, programme, person(world, "SECOND"))
    html = portal(operator, vue="attente")
    # One place held since 30 days for a usual 90: free in 60 days, then every 90 days.
    first, second = TODAY() + dt.timedelta(days=60), TODAY() + dt.timedelta(days=150)
    assert "PLAINE Emploi : 2 personnes en attente" in html
    rows = html.split("<tbody")[-1].split("</tr>")
    assert ">1<" in rows[0] and "PREMIER" in rows[0] and f"{first:%d/%m/%Y}" in rows[0]
    assert ">2<" in rows[1] and "SECOND" in rows[1] and f"{second:%d/%m/%Y}" in rows[1]
    assert "DEDANS" not in html


def test_coaching_in_progress_is_flagged_before_and_after_its_maximum_duration(world, operator):
    coaching = make_programme(
        world.partner,
        name="Coaching emploi",
        kind="coaching",
        capacity_model=CapacityModel.PORTFOLIO,
        places=None,
        portfolio_size=30,
        max_duration_days=90,
    )
    make_coach(coaching)
    entered(world, coaching, person(world, "PROCHE"), days_ago=80)
    entered(world, coaching, person(world, "DEPASSE"), days_ago=95)
    entered(world, coaching, person(world, "DEBUT"), days_ago=10)
    plain = make_programme(world.partner, name="Sans coach", max_duration_days=30)
    entered(world, plain, person(world, "LONGUE"), days_ago=100)
    html = portal(operator, vue="en-cours")
    rows = {name: html[html.index(name) :].split("</tr>")[0] for name in ("PROCHE", "DEPASSE")}
    soon = TODAY() + dt.timedelta(days=10)
    assert "Fin proche" in rows["PROCHE"] and f"{soon:%d/%m/%Y} (dans 10 jours)" in rows["PROCHE"]
    passed = TODAY() - dt.timedelta(days=5)
    assert f"Durée maximale dépassée</strong> depuis le {passed:%d/%m/%Y}" in rows["DEPASSE"]
    for quiet in ("DEBUT", "LONGUE"):
        row = html[html.index(quiet) :].split("</tr>")[0]
        assert "Fin proche" not in row and "dépassée" not in row
    assert html.count("Fin proche") == 1


def test_the_filter_keeps_one_programme(world, operator, programme):
    second = make_programme(world.partner, name="TAPAJ", kind="day_work")
    prescribed(world, programme, person(world, "PREMIERE"))
    prescribed(world, second, person(world, "DEUXIEME"))
    html = portal(operator, programme=str(second.uuid))
    assert "DEUXIEME" in html and "PREMIERE" not in html
    assert f"?vue=attente&amp;programme={second.uuid}" in html
    both = portal(operator, programme="nimporte")
    assert "DEUXIEME" in both and "PREMIERE" in both


def test_it_shows_each_programme_with_its_live_free_places(world, operator, programme):
    accepted(world, programme)
    dated = make_programme(
        world.partner,
        name="FLE Montauban",
        capacity_model=CapacityModel.INTAKE,
        intake_mode=IntakeMode.DATED,
        places=None,
    )
    session = make_session(dated, TODAY(), places=1)
    accepted(world, dated, session=session)
    waitlisted(world, dated)
    html = portal(operator)
    row = html[html.index("FLE Montauban") :].split("</tr>")[0]
    assert [c.split(">")[-1] for c in row.split("</td>")[:-1]][1:] == ["1", "", "1"]
    assert "Complet" in row
    continuous = html[html.index(">PLAINE Emploi<") :].split("</tr>")[0]
    assert [c.split(">")[-1] for c in continuous.split("</td>")[:-1]][1:] == ["2", "1", "0"]


def test_an_operator_sees_none_of_another_organisations_prescriptions(world, operator, programme):
    stranger, theirs = other_operator(world)
    theirs.places = 5
    theirs.save()
    prescribed(world, theirs, person(world, "AUTRE"))
    accepted(world, theirs, person(world, "AUTREACC"))
    prescribed(world, programme, person(world, "NOTRE"))
    for tab in ("a-traiter", "attente", "acceptees", "en-cours", "terminees"):
        html = portal(operator, vue=tab)
        assert "AUTRE" not in html and "Action de l&#x27;autre association" not in html
    html = portal(operator, programme=str(theirs.uuid))
    assert "AUTRE" not in html and "NOTRE" in html
    assert "À traiter (1)" in html and "Acceptées (0)" in html


def test_it_records_an_access_for_each_person_it_lists(world, operator, programme):
    listed = prescribed(world, programme)
    portal(operator)
    access = AccessRecord.objects.get(person=listed.person)
    assert (access.user, access.action, access.target) == (
        world.user("operator"),
        "view",
        "portail",
    )


def test_the_list_costs_the_same_queries_for_more_rows(
    world, operator, programme, django_assert_num_queries
):
    prescribed(world, programme)
    with CaptureQueriesContext(connection) as one:
        portal(operator)
    for _ in range(4):
        prescribed(world, programme)
    with django_assert_num_queries(len(one)):
        portal(operator)


@pytest.mark.parametrize("persona", ["social_worker_a", "manager_a", "steering"])
def test_other_personas_have_no_portal(world, as_user, persona, programme):
    assert as_user(world.user(persona)).get(reverse("programmes:portal")).status_code == 404
