"""The language platform and TAPAJ on the operator's prescription page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.programmes.models import (
    CapacityModel,
    IntakeMode,
    LanguageAssessment,
    Prescription,
    ProgrammeKind,
    Status,
    WorkDay,
)
from relais.programmes.services import specifics as services
from tests.factories import OrganisationFactory
from tests.programmes.helpers import make_programme, make_session
from tests.programmes.portal_helpers import accepted, entered, other_operator

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
LEVELS = {
    "oral_comprehension": "B1",
    "oral_expression": "A2",
    "written_comprehension": "A2",
    "written_expression": "A1",
}


def url(name, prescription) -> str:
    return reverse(f"programmes:{name}", kwargs={"prescription_uuid": prescription.uuid})


@pytest.fixture
def operator(world, as_user):
    return as_user(world.user("operator"))


@pytest.fixture
def platform(world):
    return make_programme(
        world.partner, name="Plateforme linguistique", kind=ProgrammeKind.LANGUAGE_PLATFORM
    )


def course(body_name, name, **fields):
    body = OrganisationFactory(name=body_name, kind="training_body")
    return make_programme(body, name=name, kind=ProgrammeKind.LANGUAGE_COURSE, **fields)


class TestAssessments:
    def test_it_records_an_assessment_from_the_page(self, world, operator, platform):
        item = accepted(world, platform)
        html = operator.get(url("portal_prescription", item)).content.decode()
        assert url("assessment_add", item) in html
        response = operator.post(
            url("assessment_add", item),
            {"kind": "initial", "assessed_on": f"{TODAY():%d/%m/%Y}", **LEVELS},
        )
        assert response["Location"] == url("portal_prescription", item)
        assessment = LanguageAssessment.objects.get()
        assert (assessment.kind, assessment.oral_comprehension) == ("initial", "B1")
        html = operator.get(response["Location"]).content.decode()
        assert "Évaluation initiale enregistrée." in html
        assert "Évaluation initiale du " in html and '<td class="govuk-table__cell">B1</td>' in html

    def test_a_missing_level_is_an_error_and_nothing_is_recorded(self, world, operator, platform):
        item = accepted(world, platform)
        data = {"kind": "initial", "assessed_on": f"{TODAY():%d/%m/%Y}", **LEVELS}
        del data["written_expression"]
        response = operator.post(url("assessment_add", item), data)
        assert response.status_code == 200
        assert "Indiquez le niveau en expression écrite." in response.content.decode()
        assert not LanguageAssessment.objects.exists()


class TestOrientation:
    def test_the_page_lists_the_courses_with_live_free_places_per_training_body(
        self, world, operator, platform
    ):
        item = accepted(world, platform)
        services.record_assessment(
            user=world.user("operator"),
            prescription=item,
            kind="initial",
            assessed_on=TODAY(),
            **LEVELS,
        )
        open_course = course("Organisme Alpha", "FLE Alpha", places=3)
        accepted(world, open_course)
        full = course(
            "Organisme Beta",
            "FLE Beta",
            capacity_model=CapacityModel.INTAKE,
            intake_mode=IntakeMode.DATED,
            places=None,
        )
        accepted(world, full, session=make_session(full, TODAY(), places=1))
        make_programme(world.partner, name="Pas une formation", kind="support")
        html = operator.get(url("portal_prescription", item)).content.decode()
        alpha = html[html.index("Organisme Alpha</td>") :].split("</tr>")[0]
        beta = html[html.index("Organisme Beta</td>") :].split("</tr>")[0]
        assert ">2</td>" in alpha and "Éligible" in alpha
        assert "Complète" in beta
        assert "Pas une formation" not in html
        assert "Organisme Alpha — FLE Alpha (2 places libres)" in html
        assert "Organisme Beta — FLE Beta (complète : liste d&#x27;attente)" in html

    def test_it_orients_to_the_chosen_course(self, world, operator, platform):
        item = accepted(world, platform)
        services.record_assessment(
            user=world.user("operator"),
            prescription=item,
            kind="initial",
            assessed_on=TODAY(),
            **LEVELS,
        )
        target = course("Organisme Alpha", "FLE Alpha", places=3)
        response = operator.post(
            url("orient_course", item),
            {"course": str(target.uuid), "objective": "Atteindre A2 à l'écrit"},
            follow=True,
        )
        oriented = Prescription.objects.get(programme=target)
        assert (oriented.origin, oriented.status, oriented.prescriber) == (
            item,
            Status.SENT,
            world.user("operator"),
        )
        html = response.content.decode()
        assert "Prescription envoyée à « FLE Alpha » (Organisme Alpha)" in html
        assert "FLE Alpha (Organisme Alpha), envoyée le" in html
        assert url("orient_course", item) not in html  # reorientation after the final assessment

    def test_orienting_before_any_assessment_is_refused(self, world, operator, platform):
        item = accepted(world, platform)
        target = course("Organisme Alpha", "FLE Alpha", places=3)
        response = operator.post(
            url("orient_course", item), {"course": str(target.uuid), "objective": "A2"}
        )
        assert "Enregistrez l&#x27;évaluation de la personne" in response.content.decode()
        assert not Prescription.objects.filter(programme=target).exists()


class TestWorkDays:
    @pytest.fixture
    def tapaj(self, world):
        return make_programme(world.partner, name="TAPAJ", kind=ProgrammeKind.DAY_WORK)

    def test_the_page_totals_days_hours_and_paid_hours(self, world, operator, tapaj):
        item = entered(world, tapaj, days_ago=10)
        for days_ago, hours, site, paid in (
            (3, "4", "Voirie", True),
            (3, "2,5", "Cantine", False),
            (1, "3,5", "Voirie", True),
        ):
            day = TODAY() - dt.timedelta(days=days_ago)
            data = {"worked_on": f"{day:%d/%m/%Y}", "hours": hours, "work_site": site}
            response = operator.post(
                url("work_day_add", item), {**data, **({"paid": "on"} if paid else {})}
            )
            assert response.status_code == 302
        assert WorkDay.objects.get(work_site="Cantine").hours == Decimal("2.5")
        html = operator.get(url("portal_prescription", item)).content.decode()
        totals = html[html.index("Jours travaillés") :].split("</dl>")[0]
        assert ">2</dd>" in totals  # two dates
        assert "10,0 h" in totals  # 4 + 2,5 + 3,5
        assert "7,5 h (1 journée à payer)" in totals

    def test_days_wait_for_the_entry(self, world, operator, tapaj):
        item = accepted(world, tapaj)
        assert (
            url("work_day_add", item)
            not in operator.get(url("portal_prescription", item)).content.decode()
        )
        response = operator.post(
            url("work_day_add", item),
            {"worked_on": f"{TODAY():%d/%m/%Y}", "hours": "4", "work_site": "Voirie"},
        )
        assert "une fois la personne entrée" in response.content.decode()
        assert not WorkDay.objects.exists()


def test_another_operator_gets_404_on_every_specific_action(world, client, platform):
    item = accepted(world, platform)
    stranger, _ = other_operator(world)
    client.force_login(stranger)
    for name in ("assessment_add", "orient_course", "work_day_add"):
        assert client.post(url(name, item), {}).status_code == 404
