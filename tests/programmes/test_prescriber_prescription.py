"""A prescription's page on the prescriber's side, and its withdrawal."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import AccessRecord
from relais.core.models import Notification
from relais.programmes.models import Outcome, RefusalReason, Status
from relais.programmes.services import prescriptions as services
from tests.programmes.helpers import consented_person, make_programme

pytestmark = pytest.mark.django_db


def page_url(prescription) -> str:
    return reverse("programmes:prescription", kwargs={"prescription_uuid": prescription.uuid})


def withdraw_url(prescription) -> str:
    return reverse("programmes:withdraw", kwargs={"prescription_uuid": prescription.uuid})


def send(world, person, programme, **extra):
    return services.prescribe(
        user=world.user("social_worker_a"),
        person=person,
        programme=programme,
        objective="Reprendre un rythme de travail",
        **extra,
    )


def test_it_shows_the_programme_status_eligibility_and_derogation(world, as_user, consented):
    programme = make_programme(world.partner, name="TAPAJ", max_age=25)
    prescription = send(world, consented, programme, derogation_reason="Jeune majeur isolé")
    page = as_user(world.user("manager_a")).get(page_url(prescription)).content.decode()
    assert "Prescription vers « TAPAJ »" in page
    assert "Association partenaire" in page
    assert 'govuk-tag--blue">Envoyée' in page
    assert (
        "Condition non remplie : a " in page
        and "l&#x27;action accueille jusqu&#x27;à 25 ans" in page
    )
    assert "Jeune majeur isolé" in page
    assert "Reprendre un rythme de travail" in page
    assert world.user("social_worker_a").get_full_name() in page
    assert "MDS A" in page
    assert "En attente" in page  # no answer yet


def test_displaying_it_is_recorded_in_the_persons_access_history(
    world, as_user, consented, programme
):
    prescription = send(world, consented, programme)
    agent = world.user("employment_agent_a")
    as_user(agent).get(page_url(prescription))
    record = AccessRecord.objects.get(person=consented)
    assert (record.user, record.action, record.target) == (agent, "view", "programmes")


def test_a_waitlisted_prescription_shows_its_position_and_estimated_entry(world, as_user):
    programme = make_programme(world.partner, name="Mobilité", places=1, usual_duration_days=90)
    operator = world.user("operator")
    first, second, third = (
        send(world, consented_person(world.commune_a), programme) for _ in range(3)
    )
    first = services.accept(user=operator, prescription=first)
    services.accept(user=operator, prescription=second)  # full: waitlisted
    services.accept(user=operator, prescription=third)
    third.refresh_from_db()
    assert third.status == Status.WAITLISTED
    page = as_user(world.user("social_worker_a")).get(page_url(third)).content.decode()
    # One place, freed 90 days after the first's acceptance, then again 90 days later.
    expected = first.accepted_at.date() + dt.timedelta(days=180)
    assert "position 2 dans la file" in page
    assert f"entrée estimée vers le {expected:%d/%m/%Y}" in page


def test_an_ended_prescription_shows_its_dates_and_outcome(world, as_user, consented, programme):
    operator = world.user("operator")
    today = timezone.localdate()
    prescription = send(world, consented, programme)
    services.accept(user=operator, prescription=prescription)
    services.enter(user=operator, prescription=prescription, entered_on=today)
    services.end(
        user=operator, prescription=prescription, ended_on=today, outcome=Outcome.DURABLE_JOB
    )
    page = as_user(world.user("social_worker_a")).get(page_url(prescription)).content.decode()
    assert 'govuk-tag--grey">Sortie de l&#x27;action' in page
    assert f"le {today:%d/%m/%Y} : emploi durable (cdi, cdd de 6 mois ou plus)" in page
    assert "Retirer la prescription" not in page  # an ended prescription cannot be withdrawn


def test_a_refused_prescription_shows_the_reason(world, as_user, consented, programme):
    prescription = send(world, consented, programme)
    services.refuse(
        user=world.user("operator"),
        prescription=prescription,
        reason=RefusalReason.UNREACHABLE,
        comment="Trois appels sans réponse",
    )
    page = as_user(world.user("social_worker_a")).get(page_url(prescription)).content.decode()
    assert "Personne injoignable : Trois appels sans réponse" in page


def test_the_prescriber_withdraws_and_the_operator_is_told(world, as_user, consented, programme):
    prescription = send(world, consented, programme)
    Notification.objects.all().delete()
    client = as_user(world.user("social_worker_a"))
    assert "Retirer la prescription" in client.get(page_url(prescription)).content.decode()
    response = client.post(withdraw_url(prescription), {"reason": "La personne a trouvé un emploi"})
    assert response.status_code == 302 and response["Location"] == page_url(prescription)
    prescription.refresh_from_db()
    assert prescription.status == Status.WITHDRAWN
    assert prescription.withdrawal_reason == "La personne a trouvé un emploi"
    told = Notification.objects.get(kind="prescription_operator")
    assert (told.recipient, told.subject) == (world.user("operator").email, "Prescription retirée")
    page = client.get(page_url(prescription)).content.decode()
    assert "Prescription retirée : l&#x27;opérateur en a été informé." in page
    assert "La personne a trouvé un emploi" in page


def test_a_colleague_of_the_same_organisation_may_withdraw(world, as_user, consented, programme):
    prescription = send(world, consented, programme)
    as_user(world.user("employment_agent_a")).post(withdraw_url(prescription), {"reason": "Relais"})
    prescription.refresh_from_db()
    assert prescription.status == Status.WITHDRAWN


def test_a_withdrawal_needs_a_reason(world, as_user, consented, programme):
    prescription = send(world, consented, programme)
    response = as_user(world.user("social_worker_a")).post(
        withdraw_url(prescription), {"reason": " "}
    )
    assert response.status_code == 200
    assert "Écrivez pourquoi la prescription est retirée." in response.content.decode()
    prescription.refresh_from_db()
    assert prescription.status == Status.SENT


def test_withdrawing_an_answered_refusal_changes_nothing(world, as_user, consented, programme):
    prescription = send(world, consented, programme)
    services.refuse(
        user=world.user("operator"), prescription=prescription, reason=RefusalReason.DECLINED
    )
    client = as_user(world.user("social_worker_a"))
    assert "Retirer la prescription" not in client.get(page_url(prescription)).content.decode()
    response = client.post(withdraw_url(prescription), {"reason": "Trop tard"}, follow=True)
    assert "ne peut pas passer à « retirée par le prescripteur »" in response.content.decode()
    prescription.refresh_from_db()
    assert prescription.status == Status.REFUSED and prescription.withdrawal_reason == ""


def test_withdrawing_is_post_only(world, as_user, consented, programme):
    prescription = send(world, consented, programme)
    response = as_user(world.user("social_worker_a")).get(withdraw_url(prescription))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "persona", ["social_worker_b", "manager_b", "reception_a", "operator", "steering", "employer"]
)
def test_outsiders_get_404_on_the_page_and_the_withdrawal(
    world, as_user, consented, programme, persona
):
    prescription = send(world, consented, programme)
    client = as_user(world.user(persona))
    assert client.get(page_url(prescription)).status_code == 404
    assert client.post(withdraw_url(prescription), {"reason": "x"}).status_code == 404
    prescription.refresh_from_db()
    assert prescription.status == Status.SENT
    assert not AccessRecord.objects.exists()
