"""The demo's insertion offer: the sheets' rules as loaded, a year of activity that respects
capacity, and an eligible person for every programme in the MDS de Montauban Nord's sector."""

import datetime as dt
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from relais.accounts.models import Membership, Role
from relais.core.models import Notification
from relais.demo.accounts import ensure_demo_accounts
from relais.demo.persons import generate_persons
from relais.demo.programmes import ensure_demo_programmes
from relais.demo.rsa import ensure_demo_rsa
from relais.demo.territory import ensure_demo_territory
from relais.people.facts import facts_for
from relais.people.models import Consent, Event, Person
from relais.programmes import policy
from relais.programmes.eligibility import evaluate
from relais.programmes.models import (
    OPEN_STATUSES,
    PLACE_HOLDING_STATUSES,
    CapacityModel,
    LanguageAssessment,
    Prescription,
    Programme,
    ProgrammeCoach,
    Session,
    Status,
    WorkDay,
)
from relais.programmes.services.capacity import coach_loads
from relais.programmes.services.prescriptions import prescribe

pytestmark = pytest.mark.django_db

PERSONS = 200
RSA_HOUSEHOLDS = 30
PRESCRIPTIONS = 100
COACHING = ("coaching-emploi-cap", "coaching-emploi-trajectoires", "coaching-emploi-elan")


@pytest.fixture
def offer():
    """The pieces of the demo the offer needs: no agendas nor reception visits (faster)."""
    territory = ensure_demo_territory()
    ensure_demo_accounts(territory)
    generate_persons(departement=territory.departement, count=PERSONS, seed=82)
    ensure_demo_rsa(territory.departement, seed=82, households=RSA_HOUSEHOLDS, weeks=1)
    started = timezone.now()
    result = ensure_demo_programmes(territory, seed=82, prescriptions=PRESCRIPTIONS)
    return territory, result, started


@pytest.fixture
def catalogue():
    """The catalogue alone: no persons, no activity."""
    territory = ensure_demo_territory()
    ensure_demo_accounts(territory)
    return ensure_demo_programmes(territory, prescriptions=0)


def programme(code: str) -> Programme:
    return Programme.objects.get(code=code)


def test_the_catalogue_carries_the_rules_of_the_action_sheets(catalogue):
    tapaj = programme("tapaj")
    assert (tapaj.min_age, tapaj.max_age, tapaj.action_sheet) == (16, 25, "8.1")
    assert len(tapaj.prescriber_criteria) == 5
    assert tapaj.budget == Decimal("61850")
    assert tapaj.operator.short_name == "EPICE 82"

    plaine = programme("plaine-emploi")
    assert (plaine.sex, plaine.yearly_target, plaine.target_unit) == ("F", 20, "persons")
    assert plaine.prescriber_criteria and plaine.budget == Decimal("15000")
    assert plaine.operator.short_name == "CIDFF 82"

    platform = programme("plateforme-linguistique")
    assert (platform.kind, platform.yearly_target, platform.target_unit) == (
        "language_platform",
        900,
        "assessments",
    )
    assert platform.budget == Decimal("84000")

    mobility = programme("plateforme-mobilite")
    assert (mobility.action_sheet, mobility.operator.short_name) == ("7.1", "Montauban Services")

    for code in COACHING:
        coaching = programme(code)
        assert coaching.capacity_model == CapacityModel.PORTFOLIO
        assert (coaching.portfolio_size, coaching.min_rsa_years, coaching.requires_duties) == (
            30,
            5,
            True,
        )
        assert coaching.tracks == ["professional"]
        assert (coaching.max_duration_days, coaching.hours_per_week) == (92, Decimal("20"))
    coaches = Counter(ProgrammeCoach.objects.values_list("programme__code", flat=True))
    assert coaches == {"coaching-emploi-cap": 2, "coaching-emploi-trajectoires": 1} | {
        "coaching-emploi-elan": 1
    }


def test_the_french_courses_are_160_hours_over_3_months_continuous_or_in_sessions(catalogue):
    courses = Programme.objects.filter(kind="language_course").order_by("code")
    assert [c.intake_mode for c in courses] == ["dated", "continuous"]
    for course in courses:
        assert (course.hours_per_week, course.max_duration_days) == (Decimal("12.5"), 92)
        assert 150 <= course.hours_per_week * 13 <= 170  # about 160 hours in 3 months
    today = timezone.localdate()
    sessions = Session.objects.filter(programme__code="fle-alpha-quercy")
    assert sessions.filter(ends_on__lt=today).count() == 3
    assert sessions.filter(starts_on__lte=today, ends_on__gte=today).count() == 1
    assert sessions.filter(starts_on__gt=today).count() == 1


def test_loading_the_demo_twice_creates_nothing_the_second_time():
    def load():
        call_command(
            "load_demo",
            persons=PERSONS,
            rsa_households=RSA_HOUSEHOLDS,
            rsa_weeks=1,
            history_days=5,
            programme_prescriptions=40,
            stdout=io.StringIO(),
        )

    models = (Programme, Session, ProgrammeCoach, Prescription, LanguageAssessment, WorkDay)
    models += (Event, Consent, Notification, Membership)
    load()
    before = {model.__name__: model.objects.count() for model in models}
    assert before["Prescription"] > 0

    load()

    assert {model.__name__: model.objects.count() for model in models} == before


def test_no_programme_session_or_coach_is_ever_over_capacity(offer):
    for item in Programme.objects.filter(capacity_model=CapacityModel.CONTINUOUS):
        held = Prescription.objects.filter(programme=item, status__in=PLACE_HOLDING_STATUSES)
        assert held.count() <= item.places, item.code
        assert _busiest_day(Prescription.objects.filter(programme=item)) <= item.places
    for session in Session.objects.all():
        assert session.prescriptions.filter(status__in=PLACE_HOLDING_STATUSES).count() <= 12
        assert _busiest_day(session.prescriptions.all()) <= session.places
    for code in COACHING:
        assert all(load <= 30 for _, load in coach_loads(programme(code)))
        assert _busiest_day(Prescription.objects.filter(programme__code=code)) <= 30


def _busiest_day(prescriptions) -> int:
    """The most persons in the programme on one day of the year (from entry to exit)."""
    stays = [
        (entered, ended or dt.date.max)
        for entered, ended in prescriptions.exclude(entered_on=None).values_list(
            "entered_on", "ended_on"
        )
    ]
    return max((sum(a <= day < b for a, b in stays) for day, _ in stays), default=0)


def test_the_year_of_activity_is_back_dated_and_varied(offer):
    _, result, started = offer
    prescriptions = Prescription.objects.all()
    assert result["prescriptions"] == prescriptions.count() >= 60
    oldest = prescriptions.order_by("sent_at").first().sent_at
    assert timezone.now() - dt.timedelta(days=365) < oldest < started - dt.timedelta(days=180)
    assert not prescriptions.filter(sent_at__gte=started).exists()
    assert not prescriptions.filter(answered_at__gte=started).exists()
    statuses = Counter(prescriptions.values_list("status", flat=True))
    assert statuses[Status.ENDED] > statuses[Status.REFUSED] > 0
    assert len(set(prescriptions.exclude(outcome="").values_list("outcome", flat=True))) >= 4
    # Every line of the timelines tells of its step on the day it happened.
    events = Event.objects.filter(kind=Event.Kind.PROGRAMME)
    assert events.count() >= prescriptions.count()
    assert not events.filter(occurred_at__gte=started).exists()
    for prescription in prescriptions.exclude(entered_on=None)[:20]:
        assert prescription.sent_at.date() <= prescription.entered_on
        assert prescription.accepted_at <= _at(prescription.entered_on, 23)


def _at(day, hour):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_the_language_platform_assesses_orients_and_assesses_again(offer):
    initial = LanguageAssessment.objects.filter(kind="initial").select_related("prescription")
    assert initial.count() > 5
    assert all(a.prescription.programme.code == "plateforme-linguistique" for a in initial)
    for assessment in initial.exclude(oriented_to=None).select_related("oriented_to"):
        course = assessment.oriented_to
        assert course.origin_id == assessment.prescription_id
        assert course.person_id == assessment.prescription.person_id
        assert course.programme.kind == "language_course"
    for final in LanguageAssessment.objects.filter(kind="final"):
        first = final.prescription.assessments.get(kind="initial")
        assert first.assessed_on < final.assessed_on


def test_tapaj_records_paid_days_of_work_within_each_stay(offer):
    days = WorkDay.objects.select_related("prescription")
    assert days.count() > 0
    for day in days:
        stay = day.prescription
        assert stay.programme.code == "tapaj"
        assert stay.entered_on < day.worked_on <= (stay.ended_on or timezone.localdate())
        assert day.worked_on.weekday() < 5


def test_a_montauban_nord_social_worker_can_prescribe_every_programme(offer):
    membership = Membership.objects.filter(
        organisation__short_name="MDS Montauban Nord", role=Role.SOCIAL_WORKER
    ).first()
    user = membership.user
    user.membership = membership
    today = timezone.localdate()
    for item in Programme.objects.all():
        taken = Prescription.objects.filter(programme=item, status__in=OPEN_STATUSES)
        person = next(
            (
                person
                for person in Person.objects.visible_to(user)
                .exclude(pk__in=taken.values("person_id"))
                .order_by("pk")
                if person.household_role != "child"
                and evaluate(item, person, facts_for(person), today=today, confirmed=True).eligible
            ),
            None,
        )
        assert person is not None, item.code
        assert policy.can_prescribe(user, person)

        sent = prescribe(
            user=user,
            person=person,
            programme=item,
            objective="Démonstration",
            criteria_confirmed=True,
            consent_now=True,
        )

        assert sent.eligible and sent.status == Status.SENT, item.code
