"""A programme's page on the portal: sessions and their places, continuous places, coaches."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.programmes.models import (
    CapacityModel,
    IntakeMode,
    Prescription,
    ProgrammeCoach,
    Session,
    Status,
)
from tests.factories import MembershipFactory
from tests.programmes.helpers import make_coach, make_programme, make_session
from tests.programmes.portal_helpers import accepted, entered, other_operator, waitlisted

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def page_url(programme) -> str:
    return reverse("programmes:portal_programme", kwargs={"programme_uuid": programme.uuid})


def places_url(session) -> str:
    return reverse("programmes:session_places", kwargs={"intake_uuid": session.uuid})


@pytest.fixture
def operator(world, as_user):
    return as_user(world.user("operator"))


@pytest.fixture
def dated(world):
    return make_programme(
        world.partner,
        name="FLE Montauban",
        capacity_model=CapacityModel.INTAKE,
        intake_mode=IntakeMode.DATED,
        places=None,
    )


@pytest.fixture
def coaching(world):
    return make_programme(
        world.partner,
        name="Coaching emploi",
        kind="coaching",
        capacity_model=CapacityModel.PORTFOLIO,
        places=None,
        portfolio_size=30,
    )


class TestSessions:
    def test_the_page_lists_sessions_with_places_taken_and_free(self, world, operator, dated):
        session = make_session(dated, TODAY(), places=5)
        entered(world, dated, session=session)
        accepted(world, dated, session=session)
        html = operator.get(page_url(dated)).content.decode()
        row = html[html.index(f"du {session.starts_on:%d/%m/%Y}") :].split("</tr>")[0]
        cells = [c.split(">")[-1] for c in row.split("</td>")[:-1]]
        assert cells[2:6] == ["5", "2", "1", "3"]  # places, taken, entered, free
        assert places_url(session) in html

    def test_it_creates_a_session(self, operator, dated):
        starts = TODAY() + dt.timedelta(days=14)
        response = operator.post(
            reverse("programmes:session_create", kwargs={"programme_uuid": dated.uuid}),
            {
                "label": "Session de printemps",
                "starts_on": f"{starts:%d/%m/%Y}",
                "ends_on": f"{starts + dt.timedelta(days=90):%d/%m/%Y}",
                "places": "12",
            },
        )
        assert response.status_code == 302 and response["Location"] == page_url(dated)
        session = Session.objects.get()
        assert (session.label, session.places, session.starts_on) == (
            "Session de printemps",
            12,
            starts,
        )

    def test_a_session_ending_before_it_starts_is_refused(self, operator, dated):
        response = operator.post(
            reverse("programmes:session_create", kwargs={"programme_uuid": dated.uuid}),
            {"starts_on": "10/03/2027", "ends_on": "01/03/2027", "places": "12"},
        )
        assert "La date de fin doit suivre la date de début." in response.content.decode()
        assert not Session.objects.exists()

    def test_a_continuous_programme_has_no_session_to_create(self, operator, programme):
        url = reverse("programmes:session_create", kwargs={"programme_uuid": programme.uuid})
        response = operator.get(url)
        assert response.status_code == 302 and response["Location"] == page_url(programme)
        assert operator.post(url, {"places": "3"}).status_code == 302
        assert not Session.objects.exists()

    def test_fewer_places_than_persons_entered_is_refused_with_the_reason(
        self, world, operator, dated
    ):
        session = make_session(dated, TODAY(), places=4)
        for _ in range(3):
            entered(world, dated, session=session)
        response = operator.post(places_url(session), {"places": "2"})
        html = response.content.decode()
        assert response.status_code == 200
        assert (
            "3 personnes sont déjà entrées dans cette session : le nombre de places ne peut pas "
            "être inférieur à 3."
        ) in html
        session.refresh_from_db()
        assert session.places == 4

    def test_growing_a_sessions_places_gives_them_to_the_next_in_line(self, world, operator, dated):
        session = make_session(dated, TODAY(), places=1)
        accepted(world, dated, session=session)
        first, second = waitlisted(world, dated), waitlisted(world, dated)
        response = operator.post(places_url(session), {"places": "2"})
        assert response["Location"] == page_url(dated)
        statuses = [Prescription.objects.get(pk=p.pk).status for p in (first, second)]
        assert statuses == [Status.ACCEPTED, Status.WAITLISTED]


class TestContinuousPlaces:
    def test_it_changes_the_places_and_promotes(self, world, operator, programme):
        accepted(world, programme)
        accepted(world, programme)
        waiting = waitlisted(world, programme)
        response = operator.post(page_url(programme), {"action": "places", "places": "3"})
        assert response.status_code == 302
        programme.refresh_from_db()
        waiting.refresh_from_db()
        assert (programme.places, waiting.status) == (3, Status.ACCEPTED)

    def test_fewer_places_than_entered_is_refused(self, world, operator, programme):
        entered(world, programme)
        entered(world, programme)
        response = operator.post(page_url(programme), {"action": "places", "places": "1"})
        assert "2 personnes sont déjà entrées dans cette action" in response.content.decode()
        programme.refresh_from_db()
        assert programme.places == 2


class TestCoaches:
    def test_the_page_shows_each_coachs_load(self, world, operator, coaching):
        make_coach(coaching, first_name="Inès", last_name="Roux")
        accepted(world, coaching)
        html = operator.get(page_url(coaching)).content.decode()
        row = html[html.index("Inès Roux") :].split("</tr>")[0]
        assert "1/30" in row

    def test_it_adds_a_member_of_the_team(self, world, operator, coaching):
        colleague = MembershipFactory(organisation=world.partner, role="operator").user
        html = operator.get(page_url(coaching)).content.decode()
        assert f'value="{colleague.pk}"' in html
        assert f'value="{world.user("social_worker_a").pk}"' not in html
        operator.post(page_url(coaching), {"action": "coach", "coach": str(colleague.pk)})
        assert ProgrammeCoach.objects.get(programme=coaching).user == colleague

    def test_a_coach_with_active_persons_is_not_removed(self, world, operator, coaching):
        coach = make_coach(coaching, first_name="Inès", last_name="Roux")
        accepted(world, coaching)
        entry = ProgrammeCoach.objects.get(user=coach)
        response = operator.post(
            page_url(coaching), {"action": "retirer-coach", "coach": str(entry.pk)}, follow=True
        )
        assert "1 personne est accompagnée par Inès Roux" in response.content.decode()
        entry.refresh_from_db()
        assert entry.is_active

    def test_a_coach_with_an_empty_portfolio_is_removed(self, operator, coaching):
        coach = make_coach(coaching)
        entry = ProgrammeCoach.objects.get(user=coach)
        operator.post(page_url(coaching), {"action": "retirer-coach", "coach": str(entry.pk)})
        entry.refresh_from_db()
        assert not entry.is_active


class TestIsolation:
    def test_another_operator_gets_404_on_the_page_and_every_change(self, world, client, dated):
        session = make_session(dated, TODAY(), places=3)
        stranger, theirs = other_operator(world)
        client.force_login(stranger)
        create = reverse("programmes:session_create", kwargs={"programme_uuid": dated.uuid})
        assert client.get(page_url(dated)).status_code == 404
        assert client.get(create).status_code == 404
        assert client.get(places_url(session)).status_code == 404
        assert client.post(places_url(session), {"places": "9"}).status_code == 404
        assert client.post(page_url(dated), {"action": "places", "places": "9"}).status_code == 404
        session.refresh_from_db()
        assert session.places == 3
        assert client.get(page_url(theirs)).status_code == 200
