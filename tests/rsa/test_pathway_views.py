"""The pathway screens: diagnostic and orientation forms, notification, the person's page."""

import datetime as dt

from django.utils import timezone

from relais.audit.models import AccessRecord
from relais.people.models import Event
from relais.rsa.models import Diagnostic, Orientation
from tests.rsa.pathway_helpers import enter_duties


def _answers(**overrides) -> dict:
    data = {
        "situation": "job_seeker",
        "capacity": "now",
        "project": "defined",
        "health": "False",
        "education": "4",
        "experience": "2to5",
        **dict.fromkeys(Diagnostic.CONSTRAINTS, "none"),
    }
    return {**data, **overrides}


def test_an_agent_records_a_diagnostic_then_sees_the_proposal(world, rules, as_user):
    enter_duties(world.person_a, timezone.localdate() - dt.timedelta(days=8))
    client = as_user(world.user("employment_agent_a"))
    url = f"/rsa/personnes/{world.person_a.uuid}/diagnostic/"
    response = client.post(url, _answers())
    assert response.status_code == 302
    assert response["Location"] == f"/rsa/personnes/{world.person_a.uuid}/orientation/"
    page = client.get(response["Location"]).content.decode()
    assert "Proposition des règles du Département" in page
    assert "France Travail" in page


def test_the_health_question_must_be_answered(world, as_user):
    client = as_user(world.user("employment_agent_a"))
    data = _answers()
    del data["health"]
    response = client.post(f"/rsa/personnes/{world.person_a.uuid}/diagnostic/", data)
    assert response.status_code == 200
    assert "Erreur" in response.content.decode()
    assert not Diagnostic.objects.exists()


def test_a_decision_that_differs_from_the_proposal_needs_a_reason(world, rules, as_user):
    client = as_user(world.user("employment_agent_a"))
    client.post(f"/rsa/personnes/{world.person_a.uuid}/diagnostic/", _answers())
    url = f"/rsa/personnes/{world.person_a.uuid}/orientation/"
    decision = {
        "track": "social",
        "referent_body": "departement",
        "decided_on": timezone.localdate().strftime("%d/%m/%Y"),
    }
    response = client.post(url, decision)
    assert response.status_code == 200
    assert "Indiquez pourquoi la décision diffère" in response.content.decode()
    assert not Orientation.objects.exists()
    response = client.post(url, {**decision, "reason": "Situation familiale à stabiliser"})
    assert response.status_code == 302
    orientation = Orientation.objects.get()
    assert (orientation.track, orientation.proposed_track) == ("social", "professional")


def test_the_referent_can_be_designated_with_the_decision(world, as_user):
    agent = world.user("employment_agent_a")
    response = as_user(agent).post(
        f"/rsa/personnes/{world.person_a.uuid}/orientation/",
        {
            "track": "socio_professional",
            "referent_body": "departement",
            "referent_organisation": world.mds_a.pk,
            "decided_on": timezone.localdate().strftime("%d/%m/%Y"),
            "referent": agent.pk,
        },
    )
    assert response.status_code == 302
    world.person_a.refresh_from_db()
    assert world.person_a.referent == agent


def test_a_structure_of_the_wrong_kind_is_refused(world, as_user):
    response = as_user(world.user("employment_agent_a")).post(
        f"/rsa/personnes/{world.person_a.uuid}/orientation/",
        {
            "track": "professional",
            "referent_body": "france_travail",
            "referent_organisation": world.mds_a.pk,
            "decided_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 200
    assert "Cette structure ne correspond pas" in response.content.decode()


def test_the_notification_date_is_recorded_from_the_pathway_page(world, as_user):
    orientation = Orientation.objects.create(
        person=world.person_a,
        track="professional",
        referent_body="france_travail",
        decided_on=timezone.localdate() - dt.timedelta(days=2),
    )
    client = as_user(world.user("manager_a"))
    response = client.post(
        f"/rsa/orientations/{orientation.uuid}/notifier/",
        {"notified_on": (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    orientation.refresh_from_db()
    assert orientation.notified_on == timezone.localdate() - dt.timedelta(days=1)
    assert Event.objects.filter(person=world.person_a, summary__contains="notifiée").exists()


def test_the_pathway_page_shows_the_clock_and_is_audited(world, as_user):
    enter_duties(world.person_a, timezone.localdate() - dt.timedelta(days=50))
    user = world.user("reception_a")
    page = as_user(user).get(f"/rsa/personnes/{world.person_a.uuid}/").content.decode()
    assert "Délai de 6 semaines dépassé" in page
    assert "France Travail oriente" in page
    assert AccessRecord.objects.filter(user=user, person=world.person_a, target="rsa").exists()


def test_the_person_page_has_an_rsa_section_only_for_persons_in_the_pathway(world, as_user):
    client = as_user(world.user("social_worker_a"))
    page = client.get(f"/personnes/{world.person_a.uuid}/").content.decode()
    assert "Voir le parcours RSA" not in page
    enter_duties(world.person_a, timezone.localdate())
    page = client.get(f"/personnes/{world.person_a.uuid}/").content.decode()
    assert "Voir le parcours RSA" in page
