"""The operator's catalogue services: sessions, places and coaches, under the programme's lock."""

import datetime as dt

import pytest
from django.utils import timezone

from relais.core.models import Notification
from relais.programmes.models import (
    CapacityModel,
    IntakeMode,
    Prescription,
    ProgrammeCoach,
    Session,
    Status,
)
from relais.programmes.services import ProgrammeError
from relais.programmes.services import catalogue as services
from relais.programmes.services import prescriptions as prescription_services
from tests.factories import MembershipFactory
from tests.programmes.helpers import make_coach, make_programme, make_session
from tests.programmes.portal_helpers import accepted, entered, other_operator, prescribed

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def op(world):
    return world.user("operator")


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
        max_duration_days=90,
    )


class TestSessions:
    def test_it_creates_a_session_with_its_places(self, op, dated):
        starts = TODAY() + dt.timedelta(days=7)
        session = services.create_session(
            user=op,
            programme=dated,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=90),
            places=12,
            label=" Session d'automne ",
        )
        assert (session.programme, session.places, session.label) == (
            dated,
            12,
            "Session d'automne",
        )

    @pytest.mark.parametrize(
        ("starts", "ends", "places", "message"),
        [
            (10, 9, 5, "La fin de la session précède son début"),
            (10, 40, 0, "Une session compte au moins une place."),
        ],
    )
    def test_it_refuses_a_session_without_sense(self, op, dated, starts, ends, places, message):
        with pytest.raises(ProgrammeError, match=message):
            services.create_session(
                user=op,
                programme=dated,
                starts_on=TODAY() + dt.timedelta(days=starts),
                ends_on=TODAY() + dt.timedelta(days=ends),
                places=places,
            )
        assert Session.objects.count() == 0

    def test_a_continuous_programme_has_no_sessions(self, op, programme):
        with pytest.raises(ProgrammeError, match="n'a pas de sessions"):
            services.create_session(
                user=op, programme=programme, starts_on=TODAY(), ends_on=TODAY(), places=3
            )

    def test_a_new_session_takes_the_first_in_line(self, world, op, dated):
        full = make_session(dated, TODAY(), places=1)
        accepted(world, dated)
        first = prescribed(world, dated)
        second = prescribed(world, dated)
        for item in (first, second):
            prescription_services.waitlist(user=op, prescription=item)
        Notification.objects.all().delete()
        new = services.create_session(
            user=op,
            programme=dated,
            starts_on=TODAY() + dt.timedelta(days=30),
            ends_on=TODAY() + dt.timedelta(days=120),
            places=1,
        )
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, first.session) == (Status.ACCEPTED, new)
        assert second.status == Status.WAITLISTED
        assert full.prescriptions.count() == 1
        told = Notification.objects.filter(recipient=world.user("social_worker_a").email)
        assert [n.subject for n in told] == ["Place proposée"]


class TestSessionPlaces:
    def test_fewer_places_than_persons_entered_is_refused_with_the_reason(self, world, op, dated):
        session = make_session(dated, TODAY(), places=4)
        for _ in range(3):
            entered(world, dated, session=session)
        expected = (
            "3 personnes sont déjà entrées dans cette session : le nombre de places ne peut "
            "pas être inférieur à 3."
        )
        with pytest.raises(ProgrammeError) as error:
            services.change_session_places(user=op, session=session, places=2)
        assert str(error.value) == expected
        session.refresh_from_db()
        assert session.places == 4

    def test_one_person_entered_reads_in_the_singular(self, world, op, dated):
        session = make_session(dated, TODAY(), places=2)
        entered(world, dated, session=session)
        with pytest.raises(ProgrammeError) as error:
            services.change_session_places(user=op, session=session, places=0)
        assert str(error.value).startswith("1 personne est déjà entrée dans cette session")

    def test_fewer_places_than_places_accepted_is_refused_too(self, world, op, dated):
        session = make_session(dated, TODAY(), places=5)
        entered(world, dated, session=session)
        accepted(world, dated, session=session)
        accepted(world, dated, session=session)
        with pytest.raises(ProgrammeError, match="3 personnes ont une place acceptée") as error:
            services.change_session_places(user=op, session=session, places=2)
        assert "(dont 1 entrée)" in str(error.value)
        assert "ne peut pas être inférieur à 3" in str(error.value)
        session.refresh_from_db()
        assert session.places == 5

    def test_as_many_places_as_persons_holding_one_is_allowed(self, world, op, dated):
        session = make_session(dated, TODAY(), places=5)
        accepted(world, dated, session=session)
        accepted(world, dated, session=session)
        services.change_session_places(user=op, session=session, places=2)
        session.refresh_from_db()
        assert session.places == 2

    def test_growing_places_promotes_the_next_in_line_only(self, world, op, dated):
        session = make_session(dated, TODAY(), places=1)
        accepted(world, dated, session=session)
        first = prescribed(world, dated)
        second = prescribed(world, dated)
        third = prescribed(world, dated)
        for item in (first, second, third):
            prescription_services.waitlist(user=op, prescription=item)
        services.change_session_places(user=op, session=session, places=3)
        statuses = [Prescription.objects.get(pk=p.pk).status for p in (first, second, third)]
        assert statuses == [Status.ACCEPTED, Status.ACCEPTED, Status.WAITLISTED]


class TestProgrammePlaces:
    def test_fewer_places_than_entered_is_refused_and_nothing_changes(self, world, op, programme):
        entered(world, programme)
        entered(world, programme)
        with pytest.raises(ProgrammeError) as error:
            services.change_programme_places(user=op, programme=programme, places=1)
        assert str(error.value) == (
            "2 personnes sont déjà entrées dans cette action : le nombre de places ne peut pas "
            "être inférieur à 2."
        )
        programme.refresh_from_db()
        assert programme.places == 2

    def test_growing_places_promotes_the_first_in_line(self, world, op, programme):
        accepted(world, programme)
        accepted(world, programme)
        waiting = prescribed(world, programme)
        assert (
            prescription_services.accept(user=op, prescription=waiting).status == Status.WAITLISTED
        )
        services.change_programme_places(user=op, programme=programme, places=3)
        waiting.refresh_from_db()
        programme.refresh_from_db()
        assert (programme.places, waiting.status) == (3, Status.ACCEPTED)

    def test_only_a_continuous_programme_has_places_of_its_own(self, op, dated):
        with pytest.raises(ProgrammeError, match="par session ou par coach"):
            services.change_programme_places(user=op, programme=dated, places=3)


class TestCoaches:
    def test_it_adds_a_member_of_the_operators_staff(self, world, op, coaching):
        colleague = MembershipFactory(organisation=world.partner, role="operator").user
        services.add_coach(user=op, programme=coaching, coach=colleague)
        assert ProgrammeCoach.objects.get(programme=coaching).user == colleague

    def test_it_refuses_a_stranger_to_the_operator(self, world, op, coaching):
        stranger, _ = other_operator(world)
        with pytest.raises(ProgrammeError, match="ne fait pas partie de l'équipe"):
            services.add_coach(user=op, programme=coaching, coach=stranger)
        with pytest.raises(ProgrammeError, match="ne fait pas partie de l'équipe"):
            services.add_coach(user=op, programme=coaching, coach=world.user("social_worker_a"))
        assert not ProgrammeCoach.objects.exists()

    def test_a_coach_is_added_once(self, op, coaching):
        coach = make_coach(coaching)
        with pytest.raises(ProgrammeError, match="est déjà coach"):
            services.add_coach(user=op, programme=coaching, coach=coach)

    def test_a_new_coach_takes_the_waiting_list(self, world, op, coaching):
        waiting = prescribed(world, coaching)
        assert (
            prescription_services.accept(user=op, prescription=waiting).status == Status.WAITLISTED
        )
        coach = MembershipFactory(organisation=world.partner, role="operator").user
        services.add_coach(user=op, programme=coaching, coach=coach)
        waiting.refresh_from_db()
        assert (waiting.status, waiting.coach) == (Status.ACCEPTED, coach)

    def test_a_coach_with_an_active_person_stays(self, world, op, coaching):
        coach = make_coach(coaching, first_name="Inès", last_name="Roux")
        accepted(world, coaching)
        with pytest.raises(ProgrammeError) as error:
            services.deactivate_coach(user=op, programme=coaching, coach=coach)
        assert str(error.value).startswith("1 personne est accompagnée par Inès Roux")
        assert ProgrammeCoach.objects.get().is_active

    def test_a_coach_with_an_empty_portfolio_is_deactivated_then_back(self, world, op, coaching):
        coach = make_coach(coaching)
        services.deactivate_coach(user=op, programme=coaching, coach=coach)
        assert not ProgrammeCoach.objects.get().is_active
        services.add_coach(user=op, programme=coaching, coach=coach)
        assert ProgrammeCoach.objects.get().is_active
