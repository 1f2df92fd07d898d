"""The reception screen through HTTP: the quick form, the person search, the log of visits."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import AccessRecord
from relais.people.models import Event
from relais.reception import services
from relais.reception.models import InterpretingSession, Visit
from tests.factories import PersonFactory
from tests.reception.conftest import TUESDAY, at

HOME = reverse("reception:home")
LOOKUP = reverse("reception:person_lookup")
VISITS = reverse("reception:visits")


def main_of(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


@pytest.fixture
def reception_a(world, as_user):
    return as_user(world.user("reception_a"))


@pytest.fixture
def form_data(site_a):
    """What the pre-filled form posts once the agent has ticked one motive."""

    def make(**changes) -> dict:
        now = timezone.localtime()
        data = {
            "site": site_a.pk,
            "date": now.strftime("%d/%m/%Y"),
            "time": now.strftime("%H:%M"),
            "channel": "walk_in",
            "motives": ["housing"],
            "outcome": "information_given",
            "interpreting": "none",
            "person": "",
            "outside_hours_suggested": "False",
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    return make


def test_it_prefills_the_site_the_moment_and_the_usual_answers(reception_a, site_a):
    response = reception_a.get(HOME)

    form = response.context["form"]
    assert form["site"].value() == site_a.pk
    assert form["date"].value() == timezone.localdate()
    assert form["channel"].value() == "walk_in"
    assert form["interpreting"].value() == "none"
    assert form["outcome"].value() == "information_given"
    html = response.content.decode()
    assert 'class="govuk-radios govuk-radios--small"' in html
    assert 'class="govuk-checkboxes govuk-checkboxes--small"' in html


def test_it_prefills_the_site_of_the_agents_membership(world, as_user, site_a):
    from tests.factories import SiteFactory

    annexe = SiteFactory(organisation=world.mds_a, commune=world.commune_a, name="Annexe A")
    membership = world.user("reception_a").membership
    membership.site = annexe
    membership.save(update_fields=["site"])

    response = as_user(world.user("reception_a")).get(HOME)

    assert response.context["form"]["site"].value() == annexe.pk


def test_it_records_a_visit_and_shows_it_in_todays_list(reception_a, form_data, world):
    response = reception_a.post(HOME, form_data(), follow=True)

    visit = Visit.objects.get()
    assert response.redirect_chain == [(HOME, 302)]
    assert "Le passage a été enregistré." in response.content.decode()
    assert visit.recorded_by == world.user("reception_a")
    assert list(visit.motives.values_list("motive", flat=True)) == ["housing"]
    assert [v.pk for v in response.context["visits"]] == [visit.pk]
    assert reverse("reception:visit", kwargs={"visit_uuid": visit.uuid}) in main_of(response)


def test_it_records_a_visit_with_an_interpreter_and_a_linked_person(reception_a, form_data, world):
    data = form_data(
        person=str(world.person_a.uuid),
        interpreting="professional_phone",
        interpreting_language="ar",
        interpreting_duration="20",
        interpreting_provider="Plateforme régionale",
    )
    response = reception_a.post(HOME, data)

    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.person == world.person_a
    assert InterpretingSession.objects.get().provider == "Plateforme régionale"
    assert world.person_a.events.filter(kind=Event.Kind.VISIT).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"channel": None}, "channel", "Choisissez le canal d'accueil."),
        ({"motives": None}, "motives", "Cochez au moins un motif de passage."),
        (
            {"interpreting": "professional_on_site", "interpreting_duration": "15"},
            "interpreting_language",
            "Indiquez la langue de l'interprétariat.",
        ),
        (
            {"outcome": "oriented_partner"},
            "partner",
            "Choisissez le partenaire vers lequel la personne est orientée.",
        ),
        ({"date": "31/02/2025"}, "date", "Saisissez la date au format jj/mm/aaaa"),
        (
            {
                "interpreting": "relative",
                "interpreting_language": "ar",
                "interpreting_duration": "-3",
            },
            "interpreting_duration",
            "La durée ne peut pas être négative.",
        ),
    ],
)
def test_it_says_in_french_next_to_the_field_what_is_missing_and_saves_nothing(
    reception_a, form_data, changes, field, message
):
    response = reception_a.post(HOME, form_data(**changes))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(error.startswith(message) for error in errors)
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html
    assert "Il y a un problème" in html
    assert not Visit.objects.exists()


def test_it_refuses_a_visit_in_the_future(reception_a, form_data):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = reception_a.post(HOME, form_data(date=tomorrow.strftime("%d/%m/%Y")))

    assert response.context["form"].errors["date"] == [
        "Le passage ne peut pas être enregistré dans le futur."
    ]
    assert not Visit.objects.exists()


def test_the_person_search_offers_only_the_files_the_organisation_follows(reception_a, world):
    PersonFactory(commune=world.commune_b, birth_name="DUPONT", first_names="Marc")

    response = reception_a.post(LOOKUP, {"q": "dupont"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<main" not in html  # the choices alone, swapped in place
    assert str(world.person_a.uuid) in html
    assert "Marc" not in html
    assert "1 dossier trouvé" in html


def test_the_person_search_without_javascript_shows_the_whole_page(reception_a, world):
    response = reception_a.post(LOOKUP, {"q": "françois dupont"})

    assert "<main" in response.content.decode()
    assert str(world.person_a.uuid) in main_of(response)
    assert response.context["form"]["channel"].value() == "walk_in"


def test_the_person_search_never_puts_a_name_in_a_url(reception_a):
    assert reception_a.get(LOOKUP, {"q": "dupont"}).status_code == 405
    assert 'method="post" novalidate action="/accueil/personnes/"' in reception_a.get(
        HOME
    ).content.decode().replace('id="person-lookup" ', "")


def test_an_empty_search_asks_for_a_name(reception_a):
    response = reception_a.post(LOOKUP, {"q": ""}, HTTP_HX_REQUEST="true")

    assert "Saisissez un nom, un prénom ou une date de naissance." in response.content.decode()


def test_posting_the_file_of_another_mds_is_refused(reception_a, form_data, world):
    response = reception_a.post(HOME, form_data(person=str(world.person_b.uuid)))

    assert response.status_code == 200
    assert "n'est pas suivi par votre organisation" in response.context["form"].errors["person"][0]
    assert str(world.person_b.uuid) not in main_of(response)
    assert "MARTIN" not in main_of(response)
    assert not Visit.objects.exists()
    assert not world.person_b.events.exists()


def test_a_chosen_person_stays_chosen_when_another_field_is_wrong(reception_a, form_data, world):
    response = reception_a.post(HOME, form_data(person=str(world.person_a.uuid), motives=None))

    assert re.search(rf'value="{world.person_a.uuid}" checked', response.content.decode())


def test_the_outside_hours_suggestion_follows_the_time_finally_entered(reception_a, form_data):
    # The page was loaded during opening hours; the agent records a visit of 12:30 instead.
    reception_a.post(
        HOME,
        form_data(date=TUESDAY.strftime("%d/%m/%Y"), time="12:30", outside_hours_suggested="False"),
    )

    assert Visit.objects.get().is_outside_hours is True


def test_the_agents_own_answer_on_outside_hours_stands(reception_a, form_data):
    reception_a.post(
        HOME,
        form_data(
            date=TUESDAY.strftime("%d/%m/%Y"),
            time="12:30",
            is_outside_hours=None,  # unticked by the agent
            outside_hours_suggested="True",
        ),
    )

    assert Visit.objects.get().is_outside_hours is False


def test_the_next_visit_is_prefilled_with_the_site_last_chosen(world, reception_a, form_data):
    from tests.factories import SiteFactory

    annexe = SiteFactory(organisation=world.mds_a, commune=world.commune_a, name="Annexe A")
    reception_a.post(HOME, form_data(site=annexe.pk))

    response = reception_a.get(HOME)

    assert response.context["form"]["site"].value() == annexe.pk
    assert len(response.context["visits"]) == 1


def test_an_agent_of_mds_b_sees_none_of_mds_a_visits(world, as_user, visit_data):
    visit = services.record_visit(user=world.user("reception_a"), data=visit_data())
    client = as_user(world.user("social_worker_b"))

    assert client.get(VISITS).context["page"].paginator.count == 0
    forbidden = client.get(reverse("reception:visit", kwargs={"visit_uuid": visit.uuid}))
    missing = client.get(
        reverse("reception:visit", kwargs={"visit_uuid": "00000000-0000-4000-8000-000000000000"})
    )
    assert forbidden.status_code == missing.status_code == 404
    assert main_of(forbidden) == main_of(missing)


def test_the_list_filters_visits_by_date(world, as_user, visit_data):
    user = world.user("reception_a")
    for day in (TUESDAY, TUESDAY + dt.timedelta(days=1), TUESDAY + dt.timedelta(days=7)):
        services.record_visit(user=user, data=visit_data(occurred_at=at(day, 10)))

    response = as_user(user).get(VISITS, {"date_from": "11/03/2025", "date_to": "12/03/2025"})

    dates = [v.occurred_at.date() for v in response.context["page"]]
    assert dates == [TUESDAY + dt.timedelta(days=1), TUESDAY]


def test_a_reversed_period_is_explained(reception_a):
    response = reception_a.get(VISITS, {"date_from": "12/03/2025", "date_to": "11/03/2025"})

    assert response.context["form"].errors["date_to"] == [
        "La date de fin doit suivre la date de début."
    ]


def _record(world, visit_data, count: int, *, start: int = 0) -> None:
    user = world.user("reception_a")
    for index in range(start, start + count):
        person = PersonFactory(commune=world.commune_a) if index % 2 else None
        oriented = index % 3 == 0
        services.record_visit(
            user=user,
            data=visit_data(
                occurred_at=at(TUESDAY, 9) + dt.timedelta(minutes=index),
                person=person,
                outcome="oriented_partner" if oriented else "information_given",
                partner=world.partner if oriented else None,
            ),
        )


def _list_queries(client) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(VISITS)
    return len(queries), response


def test_the_list_costs_the_same_queries_for_5_or_50_visits(world, as_user, visit_data):
    client = as_user(world.user("reception_a"))
    _record(world, visit_data, 5)
    client.get(VISITS)  # the session is settled before counting
    with_5, response = _list_queries(client)
    assert len(response.context["page"]) == 5

    _record(world, visit_data, 45, start=5)
    with_50, response = _list_queries(client)

    assert len(response.context["page"]) == 50
    assert main_of(response).count("Anonyme") == 25
    assert with_50 == with_5
    # Session (read and save), user, memberships; count, page, motives, visible persons.
    assert with_5 <= 10


def test_the_detail_shows_the_person_and_records_the_access(world, as_user, visit_data):
    visit = services.record_visit(
        user=world.user("reception_a"), data=visit_data(person=world.person_a)
    )

    response = as_user(world.user("social_worker_a")).get(
        reverse("reception:visit", kwargs={"visit_uuid": visit.uuid})
    )

    assert "DUPONT François" in main_of(response)
    record = AccessRecord.objects.get()
    assert (record.person, record.user) == (world.person_a, world.user("social_worker_a"))


def test_a_person_gone_out_of_reach_is_no_longer_named(world, as_user, visit_data):
    visit = services.record_visit(
        user=world.user("reception_a"), data=visit_data(person=world.person_a)
    )
    world.person_a.commune = world.commune_b  # moved to MDS B's sector
    world.person_a.save(update_fields=["commune"])

    response = as_user(world.user("reception_a")).get(
        reverse("reception:visit", kwargs={"visit_uuid": visit.uuid})
    )

    assert "DUPONT" not in main_of(response)
    assert "hors du périmètre" in main_of(response)
    assert not AccessRecord.objects.exists()
