"""The catalogue and a programme's page, as prescribers and others read them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.programmes.models import CapacityModel, IntakeMode
from relais.programmes.services import prescriptions as services
from tests.factories import CommuneFactory, DepartementFactory, OrganisationFactory, SectorFactory
from tests.programmes.helpers import consented_person, make_programme, make_session

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("programmes:catalogue")


def programme_url(programme) -> str:
    return reverse("programmes:programme", kwargs={"programme_uuid": programme.uuid})


def _fill(world, programme, accepted: int, waitlisted: int) -> None:
    """`accepted` persons holding a place, then `waitlisted` more put on the waiting list."""
    operator, agent = world.user("operator"), world.user("social_worker_a")
    for i in range(accepted + waitlisted):
        person = consented_person(world.commune_a, birth_name=f"OCCUPANT{i}")
        p = services.prescribe(user=agent, person=person, programme=programme, objective="x")
        if i < accepted:
            services.accept(user=operator, prescription=p)
        else:
            services.waitlist(user=operator, prescription=p)


def test_it_groups_the_programmes_by_action_sheet_with_places_and_waiting_list(world, as_user):
    plaine = make_programme(world.partner, name="PLAINE Emploi", action_sheet="8.2", places=2)
    plaine.public = "Femmes isolées"
    plaine.save()
    fle = make_programme(
        world.partner,
        name="Français langue étrangère",
        action_sheet="8.4",
        capacity_model=CapacityModel.INTAKE,
        places=None,
        intake_mode=IntakeMode.DATED,
    )
    make_session(fle, timezone.localdate() + dt.timedelta(days=10), places=12)
    _fill(world, plaine, accepted=1, waitlisted=2)
    page = as_user(world.user("social_worker_a")).get(CATALOGUE).content.decode()
    assert page.index("Fiche action 8.2") < page.index("PLAINE Emploi")
    assert page.index("PLAINE Emploi") < page.index("Fiche action 8.4")
    assert page.index("Fiche action 8.4") < page.index("Français langue étrangère")
    assert "Femmes isolées" in page
    assert "1 sur 2" in page  # one place held of two
    assert "2 personnes" in page  # waiting
    assert "12 sur 12" in page
    assert "Sessions à dates fixes" in page and "Entrées et sorties permanentes" in page
    assert programme_url(plaine) in page
    # Figures only: nobody's name.
    assert "OCCUPANT" not in page


def test_a_programme_without_sheet_comes_last_under_other_actions(world, as_user):
    make_programme(world.partner, name="Action locale", action_sheet="")
    make_programme(world.partner, name="TAPAJ", action_sheet="8.1")
    page = as_user(world.user("steering")).get(CATALOGUE).content.decode()
    assert page.index("TAPAJ") < page.index("Autres actions") < page.index("Action locale")


def test_it_lists_only_the_programmes_of_the_agents_departement(world, as_user):
    make_programme(world.partner, name="Action du 82")
    elsewhere = OrganisationFactory(departement=DepartementFactory(code="31", name="Haute-Garonne"))
    make_programme(elsewhere, name="Action du 31")
    page = as_user(world.user("reception_a")).get(CATALOGUE).content.decode()
    assert "Action du 82" in page
    assert "Action du 31" not in page


def test_the_portfolio_counts_free_places_per_coach(world, as_user):
    from tests.programmes.helpers import make_coach

    coaching = make_programme(
        world.partner,
        name="Coaching emploi",
        capacity_model=CapacityModel.PORTFOLIO,
        places=None,
        portfolio_size=30,
    )
    make_coach(coaching)
    make_coach(coaching)
    _fill(world, coaching, accepted=1, waitlisted=0)
    page = as_user(world.user("manager_a")).get(CATALOGUE).content.decode()
    assert "59 sur 60" in page


def test_the_programme_page_writes_the_rules_in_plain_french(world, as_user):
    sector = SectorFactory(organisation=world.mds_b, name="Secteur de Moissac")
    programme = make_programme(
        world.partner,
        name="Coaching renforcé",
        min_age=16,
        max_age=25,
        sex="F",
        requires_duties=True,
        min_rsa_years=5,
        tracks=["professional", "socio_professional"],
        prescriber_criteria=["Jeune en situation de grande précarité"],
        hours_per_week=20,
        usual_duration_days=90,
        max_duration_days=92,
        documents_expected="Pièce d'identité",
        funding="Fonds social européen",
    )
    programme.communes.set([world.commune_b])
    programme.sectors.set([sector])
    page = as_user(world.user("social_worker_a")).get(programme_url(programme)).content.decode()
    for text in (
        "De 16 à 25 ans",
        "Réservé aux femmes",
        "Soumis(e) aux droits et devoirs du RSA",
        "Au RSA depuis 5 ans au moins",
        "Orientation professionnelle ou socio-professionnelle",
        "Moissac",
        "Secteur de Moissac",
        "Jeune en situation de grande précarité",
        "20 h",
        "90 jours (environ 3 mois)",
        "92 jours (environ 3 mois)",
        "Pièce d&#x27;identité",
        "Fonds social européen",
        "Places en continu : 2 places",
    ):
        assert text in page, text


def test_a_programme_open_to_all_says_so(world, as_user):
    programme = make_programme(world.partner, name="Mobilité")
    page = as_user(world.user("operator")).get(programme_url(programme)).content.decode()
    assert "Aucune condition d'âge, de situation ou de territoire" in page


def test_the_programme_page_lists_coming_sessions_with_their_free_places(world, as_user):
    today = timezone.localdate()
    programme = make_programme(
        world.partner,
        capacity_model=CapacityModel.INTAKE,
        places=None,
        intake_mode=IntakeMode.DATED,
    )
    make_session(programme, today - dt.timedelta(days=5), places=4)  # started: not offered
    coming = make_session(programme, today + dt.timedelta(days=20), places=3)
    person = consented_person(world.commune_a)
    p = services.prescribe(
        user=world.user("social_worker_a"),
        person=person,
        programme=programme,
        objective="x",
        session=coming,
    )
    services.accept(user=world.user("operator"), prescription=p)
    page = as_user(world.user("social_worker_a")).get(programme_url(programme)).content.decode()
    assert f"du {coming.starts_on:%d/%m/%Y} au {coming.ends_on:%d/%m/%Y}" in page
    start_of_ongoing = (today - dt.timedelta(days=5)).strftime("%d/%m/%Y")
    assert f"du {start_of_ongoing}" not in page
    # 4 + 3 places open today, one held in the coming session.
    assert "6 sur 7" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page


def test_another_departements_programme_does_not_exist_here(world, as_user):
    elsewhere = OrganisationFactory(departement=DepartementFactory(code="31", name="Haute-Garonne"))
    commune = CommuneFactory(departement=elsewhere.departement)
    programme = make_programme(elsewhere, name="Action du 31")
    programme.communes.set([commune])
    response = as_user(world.user("social_worker_a")).get(programme_url(programme))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["employer"])
def test_an_employer_sees_no_catalogue(world, as_user, persona):
    programme = make_programme(world.partner)
    client = as_user(world.user(persona))
    assert client.get(CATALOGUE).status_code == 404
    assert client.get(programme_url(programme)).status_code == 404


def test_the_catalogue_links_the_indicators_for_those_who_may_read_them(world, as_user):
    link = reverse("programmes:indicators")
    for name, shown in [("manager_a", True), ("steering", True), ("social_worker_a", False)]:
        page = as_user(world.user(name)).get(reverse("programmes:catalogue")).content.decode()
        assert (f'href="{link}"' in page) is shown, name
