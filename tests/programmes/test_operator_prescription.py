"""One prescription on the operator's portal: the minimum of the person's data, the answers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import AccessRecord
from relais.people.models import Event
from relais.programmes.models import CapacityModel, IntakeMode, Prescription, Status
from relais.programmes.services import prescriptions as services
from tests.factories import PersonFactory
from tests.programmes.helpers import consent, make_coach, make_programme, make_session
from tests.programmes.portal_helpers import (
    accepted,
    entered,
    fill_portfolio,
    other_operator,
    prescribed,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
ACTIONS = ("accept", "waitlist", "refuse", "enter", "end")
ANSWER_DATA = {
    "accept": {},
    "waitlist": {},
    "refuse": {"reason": "declined"},
    "enter": {"entered_on": f"{TODAY():%d/%m/%Y}"},
    "end": {"ended_on": f"{TODAY():%d/%m/%Y}", "outcome": "durable_job"},
}


def url(name, prescription) -> str:
    return reverse(f"programmes:{name}", kwargs={"prescription_uuid": prescription.uuid})


@pytest.fixture
def operator(world, as_user):
    return as_user(world.user("operator"))


@pytest.fixture
def sent(world, programme):
    person = PersonFactory(
        commune=world.commune_a,
        birth_name="LEROY",
        usage_name="BLANC",
        first_names="Nadia Anne",
        birth_date=dt.date(1990, 4, 3),
        phone="0612345678",
        email="nadia@exemple.invalid",
        address="4 rue des Lilas",
        caf_number="7654321",
        needs_interpreter=True,
    )
    consent(person)
    sw = world.user("social_worker_a")
    sw.phone, sw.job_title = "0563000000", "Assistante sociale"
    sw.save()
    return prescribed(world, programme, person, days_ago=3)


class TestPage:
    def test_it_shows_the_minimum_of_the_persons_data_and_records_the_access(
        self, world, operator, sent
    ):
        html = operator.get(url("portal_prescription", sent)).content.decode()
        sw = world.user("social_worker_a")
        for shown in (
            "LEROY",
            "BLANC",
            "Nadia Anne",
            "03/04/1990",
            "0612345678",
            "nadia@exemple.invalid",
            "4 rue des Lilas",
            "Montauban",
            sw.get_full_name(),
            "Assistante sociale",
            "MDS A",
            "0563000000",
            sw.email,
            "Reprendre confiance et préparer un projet professionnel",
            "Éligible",
        ):
            assert shown in html, shown
        assert "7654321" not in html  # the CAF number is not the operator's business
        assert "interprète" not in html
        assert reverse("people:detail", kwargs={"uuid": sent.person.uuid}) not in html
        access = AccessRecord.objects.get(person=sent.person)
        assert (access.user, access.target) == (world.user("operator"), f"prescription {sent.uuid}")

    def test_it_shows_the_eligibility_lines_and_the_derogation(self, world, operator):
        youth = make_programme(world.partner, name="TAPAJ", min_age=16, max_age=25)
        person = PersonFactory(commune=world.commune_a, birth_date=dt.date(1980, 1, 1))
        consent(person)
        item = prescribed(world, youth, person, derogation_reason="Public proche, avis de l'ASS")
        html = operator.get(url("portal_prescription", item)).content.decode()
        assert "Par dérogation" in html
        assert "Non rempli : a " in html and "l&#x27;action accueille les 16–25 ans" in html
        assert "Public proche, avis de l&#x27;ASS" in html

    def test_it_offers_the_answers_its_status_allows(self, operator, world, sent):
        html = operator.get(url("portal_prescription", sent)).content.decode()
        for name in ("accept", "waitlist", "refuse"):
            assert url(name, sent) in html
        assert url("enter", sent) not in html and url("end", sent) not in html
        item = services.accept(user=world.user("operator"), prescription=sent)
        html = operator.get(url("portal_prescription", item)).content.decode()
        assert url("enter", item) in html and url("accept", item) not in html

    def test_a_waitlisted_prescription_shows_its_position_and_estimate(self, world, operator):
        programme = make_programme(world.partner, places=1, usual_duration_days=60)
        entered(world, programme, days_ago=20)
        item = services.accept(
            user=world.user("operator"), prescription=prescribed(world, programme)
        )
        html = operator.get(url("portal_prescription", item)).content.decode()
        expected = TODAY() + dt.timedelta(days=40)
        assert f"Position 1 sur la liste d'attente — entrée estimée le {expected:%d/%m/%Y}" in html


class TestIsolation:
    def test_another_operator_gets_404_on_the_page_and_every_answer(self, world, client, sent):
        stranger, _ = other_operator(world)
        client.force_login(stranger)
        assert client.get(url("portal_prescription", sent)).status_code == 404
        for name in ACTIONS:
            assert client.post(url(name, sent), ANSWER_DATA[name]).status_code == 404, name
        sent.refresh_from_db()
        assert sent.status == Status.SENT
        assert not AccessRecord.objects.filter(user=stranger).exists()

    def test_the_prescriber_has_no_portal_page(self, world, as_user, sent):
        client = as_user(world.user("social_worker_a"))
        assert client.get(url("portal_prescription", sent)).status_code == 404
        assert client.post(url("accept", sent)).status_code == 404

    @pytest.mark.parametrize("name", [*ACTIONS, "assessment_add", "orient_course", "work_day_add"])
    def test_answers_are_posted_only(self, operator, sent, name):
        assert operator.get(url(name, sent)).status_code == 405


class TestAnswers:
    def test_accepting_takes_a_free_place(self, world, operator, sent):
        response = operator.post(url("accept", sent))
        assert response.status_code == 302
        assert response["Location"] == url("portal_prescription", sent)
        sent.refresh_from_db()
        assert sent.status == Status.ACCEPTED
        page = operator.get(response["Location"]).content.decode()
        assert "Prescription acceptée : le prescripteur est informé." in page

    def test_accepting_when_full_puts_the_person_on_the_waiting_list(self, world, operator, sent):
        programme = sent.programme
        entered(world, programme, days_ago=30)
        entered(world, programme, days_ago=10)
        earlier = prescribed(world, programme)
        services.waitlist(user=world.user("operator"), prescription=earlier)
        response = operator.post(url("accept", sent), follow=True)
        sent.refresh_from_db()
        assert sent.status == Status.WAITLISTED
        # Places free at 60 and 80 days: the first in line takes the first, this one the next.
        expected = TODAY() + dt.timedelta(days=80)
        assert (
            "Plus de place : la personne est inscrite en liste d&#x27;attente "
            f"(position 2, entrée estimée le {expected:%d/%m/%Y})."
        ) in response.content.decode()

    def test_a_dated_programme_asks_for_a_session_with_free_places(self, world, operator):
        dated = make_programme(
            world.partner,
            name="FLE",
            capacity_model=CapacityModel.INTAKE,
            intake_mode=IntakeMode.DATED,
            places=None,
        )
        full = make_session(dated, TODAY(), places=1)
        accepted(world, dated, session=full)
        later = make_session(dated, TODAY() + dt.timedelta(days=30), places=8)
        item = prescribed(world, dated)
        html = operator.get(url("portal_prescription", item)).content.decode()
        assert f'value="{later.uuid}"' in html and f'value="{full.uuid}"' not in html
        assert "8 places libres sur 8" in html
        response = operator.post(url("accept", item), {"session": str(full.uuid)})
        assert "Cette session n&#x27;a plus de place libre" in response.content.decode()
        item.refresh_from_db()
        assert item.status == Status.SENT
        operator.post(url("accept", item), {"session": str(later.uuid)})
        item.refresh_from_db()
        assert (item.status, item.session) == (Status.ACCEPTED, later)

    def test_a_coaching_shows_each_coachs_load_and_takes_the_chosen_one(self, world, operator):
        coaching = make_programme(
            world.partner,
            kind="coaching",
            capacity_model=CapacityModel.PORTFOLIO,
            places=None,
            portfolio_size=2,
        )
        busy = make_coach(coaching, first_name="Alix", last_name="Plein")
        free = make_coach(coaching, first_name="Basile", last_name="Libre")
        accepted(world, coaching, coach_id=busy.pk)
        accepted(world, coaching, coach_id=busy.pk)
        accepted(world, coaching, coach_id=free.pk)
        item = prescribed(world, coaching)
        html = operator.get(url("portal_prescription", item)).content.decode()
        assert "Alix Plein</td><td" in html and "2/2" in html and "1/2" in html
        assert f'value="{free.pk}"' in html and f'value="{busy.pk}"' not in html
        response = operator.post(url("accept", item), {"coach": str(busy.pk)})
        assert "Ce coach n&#x27;a plus de place" in response.content.decode()
        operator.post(url("accept", item), {"coach": str(free.pk)})
        item.refresh_from_db()
        assert (item.status, item.coach) == (Status.ACCEPTED, free)

    def test_a_coach_accompanies_at_most_30_persons(self, world, operator):
        coaching = make_programme(
            world.partner,
            kind="coaching",
            capacity_model=CapacityModel.PORTFOLIO,
            places=None,
            portfolio_size=30,
        )
        full = make_coach(coaching, first_name="Alix", last_name="Plein")
        fill_portfolio(world, coaching, full, 30)
        item = prescribed(world, coaching)
        html = operator.get(url("portal_prescription", item)).content.decode()
        assert '30/30 <strong class="govuk-tag govuk-tag--orange">Complet</strong>' in html
        response = operator.post(url("accept", item), follow=True)
        item.refresh_from_db()
        assert item.status == Status.WAITLISTED and item.coach is None
        assert "Plus de place : la personne est inscrite en liste d&#x27;attente (position 1" in (
            response.content.decode()
        )
        second = make_coach(coaching, first_name="Basile", last_name="Libre")
        html = operator.get(url("portal_prescription", item)).content.decode()
        assert f'value="{second.pk}"' in html and f'value="{full.pk}"' not in html
        operator.post(url("accept", item), {"coach": "auto"})
        item.refresh_from_db()
        assert (item.status, item.coach) == (Status.ACCEPTED, second)

    def test_waitlisting(self, world, operator, sent):
        response = operator.post(url("waitlist", sent), follow=True)
        sent.refresh_from_db()
        assert sent.status == Status.WAITLISTED
        assert "inscrite en liste d&#x27;attente (position 1)" in response.content.decode()

    def test_refusing_needs_a_coded_reason(self, world, operator, sent):
        response = operator.post(url("refuse", sent), {"comment": "Non"})
        assert response.status_code == 200
        assert "Choisissez le motif du refus." in response.content.decode()
        sent.refresh_from_db()
        assert sent.status == Status.SENT
        operator.post(url("refuse", sent), {"reason": "unreachable", "comment": "Trois appels"})
        sent.refresh_from_db()
        assert (sent.status, sent.refusal_reason, sent.refusal_comment) == (
            Status.REFUSED,
            "unreachable",
            "Trois appels",
        )

    def test_entering_then_ending(self, world, operator, sent):
        services.accept(user=world.user("operator"), prescription=sent)
        yesterday = TODAY() - dt.timedelta(days=1)
        operator.post(url("enter", sent), {"entered_on": f"{yesterday:%d/%m/%Y}"})
        sent.refresh_from_db()
        assert (sent.status, sent.entered_on) == (Status.ENTERED, yesterday)
        operator.post(
            url("end", sent),
            {"ended_on": f"{TODAY():%d/%m/%Y}", "outcome": "short_job", "comment": "CDD 3 mois"},
        )
        sent.refresh_from_db()
        assert (sent.status, sent.ended_on, sent.outcome) == (Status.ENDED, TODAY(), "short_job")

    def test_a_date_in_the_future_is_refused_and_nothing_changes(self, world, operator, sent):
        services.accept(user=world.user("operator"), prescription=sent)
        events = Event.objects.count()
        tomorrow = TODAY() + dt.timedelta(days=1)
        response = operator.post(url("enter", sent), {"entered_on": f"{tomorrow:%d/%m/%Y}"})
        html = response.content.decode()
        assert response.status_code == 200 and "<title>Erreur : " in html
        assert "La date d&#x27;entrée ne peut pas être dans le futur." in html
        sent.refresh_from_db()
        assert sent.status == Status.ACCEPTED and Event.objects.count() == events

    def test_answering_a_withdrawn_prescription_is_refused_and_nothing_changes(
        self, world, operator, sent
    ):
        services.withdraw(user=world.user("social_worker_a"), prescription=sent, reason="Déménage")
        events = Event.objects.count()
        response = operator.post(url("accept", sent))
        when = timezone.localdate()
        assert response.status_code == 200
        assert "Le prescripteur a retiré cette prescription le" in response.content.decode()
        assert f"{when.day} " in response.content.decode()
        sent.refresh_from_db()
        assert sent.status == Status.WITHDRAWN and sent.accepted_at is None
        assert Event.objects.count() == events
        assert Prescription.objects.filter(status=Status.ACCEPTED).count() == 0
