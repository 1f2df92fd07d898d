"""Prescribing a person: every programme with this person's eligibility explained, then the form."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import AccessRecord
from relais.core.models import Notification
from relais.people.models import Consent, Event
from relais.programmes.models import CapacityModel, IntakeMode, Prescription
from tests.programmes.helpers import consent, make_programme, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    """person_a, 23 years old, living in Montauban."""
    person = world.person_a
    person.birth_date = timezone.localdate() - relativedelta(years=23, months=2)
    person.save()
    return person


@pytest.fixture
def tapaj(world):
    programme = make_programme(
        world.partner, name="TAPAJ", action_sheet="8.1", min_age=16, max_age=25
    )
    programme.communes.set([world.commune_a])
    return programme


@pytest.fixture
def over_26(world):
    return make_programme(world.partner, name="Coaching des plus de 26 ans", min_age=26)


def url(person, programme=None) -> str:
    base = reverse("programmes:prescribe", kwargs={"uuid": person.uuid})
    return f"{base}?action={programme.uuid}" if programme else base


def test_it_explains_the_persons_eligibility_to_every_open_programme(
    world, as_user, person, tapaj, over_26
):
    closed = make_programme(world.partner, name="Action fermée", is_active=False)
    criteria = make_programme(
        world.partner, name="Avec critères", prescriber_criteria=["Sans logement"]
    )
    page = " ".join(
        as_user(world.user("social_worker_a")).get(url(person)).content.decode().split()
    )
    # The verdict in a tag, the reasons beside it: "Éligible 23 ans, résidant à Montauban".
    assert "Éligible</strong> 23 ans, résidant à Montauban" in page
    assert "Non éligible</strong> a 23 ans, l&#x27;action accueille à partir de 26 ans" in page
    assert "À confirmer</strong> critères du public à confirmer par le prescripteur" in page
    assert page.count('govuk-tag--green">Éligible') == 1
    assert page.count('govuk-tag--red">Non éligible') == 1
    assert page.count('govuk-tag--yellow">À confirmer') == 1
    for programme in (tapaj, over_26, criteria):
        assert f"?action={programme.uuid}" in page
    assert closed.name not in page


def test_displaying_the_page_is_recorded_in_the_persons_access_history(world, as_user, person):
    agent = world.user("employment_agent_a")
    as_user(agent).get(url(person))
    record = AccessRecord.objects.get(person=person)
    assert (record.user, record.action, record.target) == (agent, "view", "programmes")


def test_the_form_of_an_eligible_programme_asks_no_derogation(world, as_user, person, tapaj):
    consent(person)
    page = as_user(world.user("social_worker_a")).get(url(person, tapaj)).content.decode()
    assert "Prescrire « TAPAJ »" in page
    assert 'name="objective"' in page
    assert 'name="derogation_reason"' not in page
    assert 'name="consent_now"' not in page  # consent already recorded


def test_the_form_of_an_ineligible_programme_explains_and_asks_a_derogation(
    world, as_user, person, over_26
):
    page = as_user(world.user("social_worker_a")).get(url(person, over_26)).content.decode()
    assert 'name="derogation_reason"' in page
    explanation = "Non éligible : a 23 ans, l&#x27;action accueille à partir de 26 ans"
    assert page.index(explanation) < page.index('name="derogation_reason"')


def test_an_ineligible_person_without_derogation_is_refused_and_nothing_is_written(
    world, as_user, person, over_26
):
    consent(person)
    response = as_user(world.user("social_worker_a")).post(
        url(person, over_26), {"objective": "Trouver un emploi", "derogation_reason": "  "}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Il y a un problème" in page
    assert "pour prescrire quand même, écrivez le motif de la dérogation" in page
    assert not Prescription.objects.exists()
    assert not Notification.objects.exists()


def test_an_ineligible_person_is_prescribed_with_the_derogation_reason(
    world, as_user, person, over_26
):
    consent(person)
    response = as_user(world.user("social_worker_a")).post(
        url(person, over_26),
        {"objective": "Trouver un emploi", "derogation_reason": "Parcours déjà engagé"},
    )
    prescription = Prescription.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "programmes:prescription", kwargs={"prescription_uuid": prescription.uuid}
    )
    assert prescription.eligible is False
    assert prescription.derogation_reason == "Parcours déjà engagé"
    assert prescription.eligibility[0]["text"] == "a 23 ans, l'action accueille à partir de 26 ans"


def test_a_prescription_is_sent_told_to_the_operator_and_shown_with_a_message(
    world, as_user, person, tapaj
):
    consent(person)
    agent = world.user("social_worker_a")
    client = as_user(agent)
    response = client.post(url(person, tapaj), {"objective": "Gagner un premier salaire"})
    prescription = Prescription.objects.get()
    assert (prescription.programme, prescription.person, prescription.prescriber) == (
        tapaj,
        person,
        agent,
    )
    assert prescription.status == "sent" and prescription.eligible
    assert prescription.objective == "Gagner un premier salaire"
    assert Event.objects.filter(person=person, kind=Event.Kind.PROGRAMME).exists()
    told = Notification.objects.get(kind="prescription_operator")
    assert told.recipient == world.user("operator").email
    page = client.get(response["Location"]).content.decode()
    assert "Prescription envoyée à Association partenaire" in page


def test_without_consent_the_prescription_is_refused_unless_the_box_is_ticked(
    world, as_user, person, tapaj
):
    client = as_user(world.user("social_worker_a"))
    page = client.get(url(person, tapaj)).content.decode()
    assert "La personne accepte que ses coordonnées soient transmises à l&#x27;opérateur" in page
    response = client.post(url(person, tapaj), {"objective": "Gagner un premier salaire"})
    assert response.status_code == 200
    assert "Recueillez l&#x27;accord de la personne" in response.content.decode()
    assert not Prescription.objects.exists()
    assert not Consent.objects.exists()
    response = client.post(
        url(person, tapaj), {"objective": "Gagner un premier salaire", "consent_now": "on"}
    )
    assert response.status_code == 302
    assert Prescription.objects.count() == 1
    recorded = Consent.objects.get(person=person)
    assert (recorded.purpose, recorded.given) == (Consent.Purpose.PRESCRIPTION, True)


def test_the_prescriber_confirms_the_programmes_criteria(world, as_user, person):
    consent(person)
    programme = make_programme(
        world.partner, name="TAPAJ", prescriber_criteria=["En errance", "Sans ressources"]
    )
    client = as_user(world.user("social_worker_a"))
    page = client.get(url(person, programme)).content.decode()
    assert "<li>En errance</li>" in page and "<li>Sans ressources</li>" in page
    # Unconfirmed criteria make the person not yet eligible: a derogation would be needed.
    response = client.post(url(person, programme), {"objective": "Travailler"})
    assert response.status_code == 200
    assert not Prescription.objects.exists()
    client.post(url(person, programme), {"objective": "Travailler", "criteria_confirmed": "on"})
    prescription = Prescription.objects.get()
    assert prescription.eligible and prescription.criteria_confirmed
    assert prescription.derogation_reason == ""


def test_a_dated_programme_offers_its_coming_sessions_with_free_places(world, as_user, person):
    consent(person)
    today = timezone.localdate()
    programme = make_programme(
        world.partner,
        name="FLE",
        capacity_model=CapacityModel.INTAKE,
        places=None,
        intake_mode=IntakeMode.DATED,
    )
    make_session(programme, today - dt.timedelta(days=3), places=5)  # started
    full = make_session(programme, today + dt.timedelta(days=7), places=0)
    coming = make_session(programme, today + dt.timedelta(days=30), places=8)
    client = as_user(world.user("social_worker_a"))
    page = client.get(url(person, programme)).content.decode()
    assert f'value="{coming.pk}"' in page
    assert "8 places libres" in page
    assert f'value="{full.pk}"' not in page
    assert page.count('name="session"') == 2  # no preference, or the coming session
    client.post(url(person, programme), {"objective": "Parler français", "session": coming.pk})
    assert Prescription.objects.get().session == coming


def test_a_refusal_of_the_service_is_shown_and_nothing_more_is_written(
    world, as_user, person, tapaj
):
    consent(person)
    client = as_user(world.user("social_worker_a"))
    client.post(url(person, tapaj), {"objective": "Premier envoi"})
    response = client.post(url(person, tapaj), {"objective": "Second envoi"})
    assert response.status_code == 200
    assert "déjà en cours pour cette personne" in response.content.decode()
    assert Prescription.objects.count() == 1


def test_an_unknown_or_closed_programme_gives_404(world, as_user, person):
    closed = make_programme(world.partner, is_active=False)
    client = as_user(world.user("social_worker_a"))
    assert client.get(url(person, closed)).status_code == 404
    assert client.get(url(person) + "?action=pas-un-uuid").status_code == 404


@pytest.mark.parametrize(
    "persona", ["social_worker_b", "manager_b", "reception_a", "steering", "employer", "operator"]
)
def test_who_does_not_prescribe_to_this_person_gets_404(world, as_user, person, tapaj, persona):
    consent(person)
    client = as_user(world.user(persona))
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person, tapaj), {"objective": "x"}).status_code == 404
    assert not Prescription.objects.exists()
    assert not AccessRecord.objects.exists()
