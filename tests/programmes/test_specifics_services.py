"""The language platform's assessments and orientations (8.3), TAPAJ's days worked (8.1)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.core.models import Notification
from relais.people.models import Consent, Event
from relais.programmes.models import (
    CapacityModel,
    IntakeMode,
    LanguageAssessment,
    Prescription,
    ProgrammeKind,
    Status,
    WorkDay,
)
from relais.programmes.services import ProgrammeError, prescriptions
from relais.programmes.services import specifics as services
from tests.factories import MembershipFactory, OrganisationFactory
from tests.programmes.helpers import make_programme
from tests.programmes.portal_helpers import accepted, entered, prescribed

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
LEVELS = {
    "oral_comprehension": "A2",
    "oral_expression": "A1",
    "written_comprehension": "A1",
    "written_expression": "A0",
}


@pytest.fixture
def op(world):
    return world.user("operator")


@pytest.fixture
def platform(world):
    """The CIBC's platform, run by the world's partner (the operator persona's organisation)."""
    return make_programme(
        world.partner,
        name="Plateforme linguistique",
        kind=ProgrammeKind.LANGUAGE_PLATFORM,
        action_sheet="8.3",
        places=50,
    )


def course(name="FLE Montauban", **fields):
    body = OrganisationFactory(name=f"Organisme {name}", kind="training_body")
    defaults = {"kind": ProgrammeKind.LANGUAGE_COURSE, "action_sheet": "8.4", "name": name}
    return make_programme(body, **{**defaults, **fields})


def assess(op, prescription, kind="initial", days_ago=1, **levels):
    return services.record_assessment(
        user=op,
        prescription=prescription,
        kind=kind,
        assessed_on=TODAY() - dt.timedelta(days=days_ago),
        comment="Bonne compréhension orale",
        **{**LEVELS, **levels},
    )


class TestAssessments:
    def test_it_records_an_initial_assessment_on_the_timeline_and_the_audit(
        self, world, op, platform
    ):
        item = accepted(world, platform)
        assessment = assess(op, item)
        assert assessment.levels() == [
            ("Compréhension orale", "A2"),
            ("Expression orale", "A1"),
            ("Compréhension écrite", "A1"),
            ("Expression écrite", "A0"),
        ]
        assert assessment.assessor == op
        event = Event.objects.filter(person=item.person).latest("occurred_at")
        assert event.kind == Event.Kind.PROGRAMME
        assert event.summary == (
            "Évaluation initiale linguistique : compréhension orale A2, expression orale A1, "
            "compréhension écrite A1, expression écrite A0"
        )
        change = ChangeRecord.objects.filter(model="programmes.LanguageAssessment").get()
        assert change.changes["oral_comprehension"] == ["", "A2"]

    def test_a_final_assessment_follows_the_initial_one(self, world, op, platform):
        item = entered(world, platform, days_ago=60)
        with pytest.raises(ProgrammeError, match="Enregistrez d'abord l'évaluation initiale"):
            assess(op, item, kind="final")
        assess(op, item, days_ago=50)
        with pytest.raises(ProgrammeError, match="L'évaluation initiale a déjà été faite"):
            assess(op, item, days_ago=40)
        with pytest.raises(ProgrammeError, match="L'évaluation finale précède"):
            assess(op, item, kind="final", days_ago=55)
        assess(op, item, kind="final", days_ago=1, written_expression="A2")
        assert list(item.assessments.values_list("kind", flat=True)) == ["initial", "final"]

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"oral_expression": "D1"}, "Indiquez un niveau de A0 à C2 pour : expression orale."),
            ({"days_ago": -1}, "ne peut pas être dans le futur"),
            ({"days_ago": 40}, "précède la prescription"),
            ({"kind": "midway"}, "Choisissez le type d'évaluation"),
        ],
    )
    def test_it_refuses_bad_input_and_writes_nothing(self, world, op, platform, change, message):
        item = accepted(world, platform)  # sent 30 days ago
        events = Event.objects.count()
        with pytest.raises(ProgrammeError, match=message):
            assess(op, item, **change)
        assert not LanguageAssessment.objects.exists()
        assert Event.objects.count() == events

    def test_a_sent_prescription_or_another_programme_takes_no_assessment(
        self, world, op, platform, programme
    ):
        with pytest.raises(ProgrammeError, match="Acceptez la prescription"):
            assess(op, prescribed(world, platform))
        with pytest.raises(ProgrammeError, match="ne concerne pas l'action"):
            assess(op, accepted(world, programme))
        assert not LanguageAssessment.objects.exists()


class TestOrientation:
    def test_it_prescribes_the_course_from_the_platform(self, world, op, platform):
        item = accepted(world, platform)
        initial = assess(op, item)
        fle = course()
        oriented = services.orient_to_course(
            user=op, prescription=item, course=fle, objective="Atteindre le niveau A2"
        )
        initial.refresh_from_db()
        assert oriented.programme == fle and oriented.status == Status.SENT
        assert (oriented.prescriber, oriented.prescriber_organisation) == (op, world.partner)
        assert oriented.origin == item and initial.oriented_to == oriented
        assert oriented.eligible and oriented.objective == "Atteindre le niveau A2"
        summaries = list(Event.objects.filter(person=item.person).values_list("summary", flat=True))
        assert (
            "Orientée par « Plateforme linguistique » vers « FLE Montauban » (Organisme FLE "
            "Montauban)"
        ) in summaries

    def test_reorientation_waits_for_the_final_assessment(self, world, op, platform):
        item = entered(world, platform, days_ago=60)
        assess(op, item, days_ago=59)
        first, second = course("FLE Montauban"), course("FLE Castelsarrasin")
        services.orient_to_course(user=op, prescription=item, course=first, objective="A2")
        with pytest.raises(ProgrammeError, match="a déjà donné lieu à une orientation"):
            services.orient_to_course(user=op, prescription=item, course=second, objective="B1")
        final = assess(op, item, kind="final", days_ago=1)
        again = services.orient_to_course(user=op, prescription=item, course=second, objective="B1")
        final.refresh_from_db()
        assert final.oriented_to == again
        assert list(item.followers.order_by("id").values_list("programme__name", flat=True)) == [
            "FLE Montauban",
            "FLE Castelsarrasin",
        ]

    def test_an_ineligible_course_needs_a_derogation_and_nothing_is_half_written(
        self, world, op, platform
    ):
        item = accepted(world, platform)
        initial = assess(op, item)
        young = course(min_age=16, max_age=25)
        item.person.birth_date = TODAY().replace(year=TODAY().year - 40)
        item.person.save()
        with pytest.raises(ProgrammeError, match="n'est pas éligible"):
            services.orient_to_course(user=op, prescription=item, course=young, objective="A2")
        initial.refresh_from_db()
        assert initial.oriented_to is None
        assert not Prescription.objects.filter(programme=young).exists()
        oriented = services.orient_to_course(
            user=op,
            prescription=item,
            course=young,
            objective="A2",
            derogation_reason="Seule formation accessible sans permis",
        )
        assert not oriented.eligible
        assert oriented.derogation_reason == "Seule formation accessible sans permis"

    def test_the_persons_consent_is_required(self, world, op, platform):
        item = accepted(world, platform)
        assess(op, item)
        Consent.objects.create(person=item.person, purpose=Consent.Purpose.SHARING, given=False)
        with pytest.raises(ProgrammeError, match="n'a pas donné son accord"):
            services.orient_to_course(user=op, prescription=item, course=course(), objective="A2")

    def test_orientation_needs_an_assessment_and_a_french_course(self, world, op, platform):
        item = accepted(world, platform)
        with pytest.raises(ProgrammeError, match="Enregistrez l'évaluation de la personne"):
            services.orient_to_course(user=op, prescription=item, course=course(), objective="A2")
        assess(op, item)
        tapaj = make_programme(world.partner, kind=ProgrammeKind.DAY_WORK)
        with pytest.raises(ProgrammeError, match="Choisissez une formation linguistique"):
            services.orient_to_course(user=op, prescription=item, course=tapaj, objective="A2")
        closed = course("FLE fermée", is_active=False)
        with pytest.raises(ProgrammeError, match="Choisissez une formation linguistique"):
            services.orient_to_course(user=op, prescription=item, course=closed, objective="A2")

    def test_a_full_course_still_receives_the_orientation(self, world, op, platform):
        full = course(
            capacity_model=CapacityModel.INTAKE, intake_mode=IntakeMode.DATED, places=None
        )
        item = accepted(world, platform)
        assess(op, item)
        oriented = services.orient_to_course(
            user=op, prescription=item, course=full, objective="A2"
        )
        assert oriented.status == Status.SENT  # the training body will waitlist or refuse it


@pytest.fixture
def tapaj(world):
    return make_programme(
        world.partner, name="TAPAJ", kind=ProgrammeKind.DAY_WORK, action_sheet="8.1"
    )


class TestWorkDays:
    def test_it_records_a_day_on_the_timeline(self, world, op, tapaj):
        item = entered(world, tapaj, days_ago=10)
        day = services.record_work_day(
            user=op,
            prescription=item,
            worked_on=TODAY() - dt.timedelta(days=2),
            hours=Decimal("3.5"),
            work_site=" Espaces verts ",
            paid=True,
        )
        assert (day.work_site, day.hours, day.paid, day.recorded_by) == (
            "Espaces verts",
            Decimal("3.5"),
            True,
            op,
        )
        event = Event.objects.filter(person=item.person).latest("occurred_at")
        worked_on = TODAY() - dt.timedelta(days=2)
        assert event.summary == (
            f"Journée TAPAJ du {worked_on:%d/%m/%Y} : 3,5 h, Espaces verts (payée)"
        )

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"hours": Decimal("12.5")}, "au plus 12 heures"),
            ({"hours": Decimal("0")}, "plus de 0"),
            ({"work_site": "  "}, "Indiquez le chantier"),
            ({"worked_on": 1}, "ne peut pas être dans le futur"),
            ({"worked_on": -11}, "précède l'entrée dans l'action"),
        ],
    )
    def test_it_refuses_bad_input(self, world, op, tapaj, fields, message):
        item = entered(world, tapaj, days_ago=10)
        data = {"worked_on": 0, "hours": Decimal("4"), "work_site": "Voirie", **fields}
        data["worked_on"] = TODAY() + dt.timedelta(days=data["worked_on"])
        with pytest.raises(ProgrammeError, match=message):
            services.record_work_day(user=op, prescription=item, **data)
        assert not WorkDay.objects.exists()

    def test_the_same_day_on_the_same_site_is_recorded_once(self, world, op, tapaj):
        item = entered(world, tapaj, days_ago=10)
        data = {"worked_on": TODAY(), "hours": Decimal("4"), "work_site": "Voirie"}
        services.record_work_day(user=op, prescription=item, **data)
        with pytest.raises(ProgrammeError, match="est déjà saisie"):
            services.record_work_day(user=op, prescription=item, **{**data, "work_site": "voirie"})
        services.record_work_day(user=op, prescription=item, **{**data, "work_site": "Cantine"})
        assert WorkDay.objects.count() == 2

    def test_days_are_recorded_only_once_entered_in_tapaj(self, world, op, tapaj, programme):
        data = {"worked_on": TODAY(), "hours": Decimal("4"), "work_site": "Voirie"}
        with pytest.raises(ProgrammeError, match="une fois la personne entrée"):
            services.record_work_day(user=op, prescription=accepted(world, tapaj), **data)
        with pytest.raises(ProgrammeError, match="ne concerne pas l'action"):
            services.record_work_day(user=op, prescription=entered(world, programme), **data)


def test_the_platform_hears_of_its_orientation_on_its_own_portal_page(world, op, platform):
    """The CIBC is the course's prescriber but cannot open the person's file: its link is the
    platform prescription of its portal."""
    item = accepted(world, platform)
    assess(op, item)
    oriented = services.orient_to_course(
        user=op, prescription=item, course=course(), objective="A2"
    )
    Notification.objects.all().delete()
    school = MembershipFactory(organisation=oriented.programme.operator, role="operator").user
    school.membership = school.memberships.get()
    prescriptions.refuse(user=school, prescription=oriented, reason="declined")
    told = Notification.objects.get(recipient=op.email)
    portal = reverse("programmes:portal_prescription", kwargs={"prescription_uuid": item.uuid})
    assert portal in told.body
