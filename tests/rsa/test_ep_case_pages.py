"""One case's page: opinion, decision within the scale, notification, withdrawal, lifting."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.rsa.models import Orientation, Sanction
from tests.rsa.ep_helpers import (
    case_url,
    decided_case,
    fr,
    page,
    reviewed_case,
    scheduled_case,
    seat_members,
)


def test_a_decision_outside_the_scale_is_refused_on_its_field(world, as_user):
    case = reviewed_case(world)
    today = fr(timezone.localdate())
    text = page(
        as_user(world.user("manager_a")).post(
            case_url(case),
            {
                "action": "decision",
                "decision": "suspension",
                "decided_on": today,
                "rate": "30",
                "months": "3",
                "starts_on": today,
            },
        )
    )
    assert "Pour un premier manquement, la durée est de 1 à 2 mois." in text
    assert re.search(r'id="decision_months-error"', text)
    assert "<title>Erreur :" in text
    case.refresh_from_db()
    assert case.status == "reviewed" and not Sanction.objects.exists()


def test_the_decision_form_asks_for_what_a_suspension_needs(world, as_user):
    case = reviewed_case(world)
    text = page(
        as_user(world.user("manager_a")).post(
            case_url(case),
            {
                "action": "decision",
                "decision": "suspension",
                "decided_on": fr(timezone.localdate()),
            },
        )
    )
    for message in (
        "Indiquez le taux de suspension.",
        "Indiquez la durée de la suspension.",
        "Indiquez la date de début de la suspension.",
    ):
        assert message in text
    assert "Indiquez la date d'effet de la suppression." not in text  # another decision's field


def test_a_decision_without_sanction_ignores_the_sanction_fields(world, as_user):
    case = reviewed_case(world, opinion="no_sanction", note="")
    response = as_user(world.user("manager_a")).post(
        case_url(case),
        {
            "action": "decision",
            "decision": "no_sanction",
            "decided_on": fr(timezone.localdate()),
            "rate": "",
            "months": "",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decision) == ("decided", "no_sanction")
    assert not Sanction.objects.exists()


def test_the_secretariat_sees_no_decision_form_and_cannot_post_one(world, as_user):
    case = reviewed_case(world)
    client = as_user(world.user("reception_a"))
    text = page(client.get(case_url(case)))
    assert "Enregistrer la décision" not in text
    assert "La décision revient" in text
    response = client.post(
        case_url(case),
        {
            "action": "decision",
            "decision": "no_sanction",
            "note": "x",
            "decided_on": fr(timezone.localdate()),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "reviewed"


def test_a_reminder_decision_orients_through_the_page(world, as_user):
    case = reviewed_case(world, theme="orientation_absence", opinion="reminder", note="")
    response = as_user(world.user("manager_a")).post(
        case_url(case),
        {
            "action": "decision",
            "decision": "reminder",
            "decided_on": fr(timezone.localdate()),
            "track": "socio_professional",
            "referent_body": "departement",
            "referent_organisation": world.mds_a.pk,
        },
    )
    assert response.status_code == 302
    orientation = Orientation.objects.get(person=world.person_a)
    assert (orientation.track, orientation.referent_organisation) == (
        "socio_professional",
        world.mds_a,
    )


def test_a_referent_organisation_of_another_kind_is_refused(world, as_user):
    case = reviewed_case(world, theme="orientation_absence", opinion="reminder", note="")
    text = page(
        as_user(world.user("manager_a")).post(
            case_url(case),
            {
                "action": "decision",
                "decision": "reminder",
                "decided_on": fr(timezone.localdate()),
                "track": "social",
                "referent_body": "france_travail",
                "referent_organisation": world.mds_a.pk,
            },
        )
    )
    assert "Cette structure ne correspond pas à l'organisme référent choisi." in text
    assert not Orientation.objects.exists()


def test_withdrawing_and_postponing_from_the_case_page(world, as_user):
    client = as_user(world.user("reception_a"))
    postponed = scheduled_case(world)
    assert client.post(case_url(postponed), {"action": "reporter"}).status_code == 302
    postponed.refresh_from_db()
    assert (postponed.status, postponed.session) == ("listed", None)
    text = page(client.post(case_url(postponed), {"action": "retrait", "reason": ""}))
    assert "Indiquez pourquoi le dossier est retiré." in text
    client.post(case_url(postponed), {"action": "retrait", "reason": "Contrat signé"})
    postponed.refresh_from_db()
    assert postponed.status == "withdrawn"


def test_a_stale_form_says_the_case_moved_on(world, as_user):
    case = decided_case(world)
    response = as_user(world.user("reception_a")).post(
        case_url(case),
        {"action": "avis", "opinion": "no_sanction", "person_attended": "True"},
        follow=True,
    )
    assert "Cette action n'est pas possible à ce stade du dossier." in html.unescape(
        response.content.decode()
    )


def test_lifting_a_sanction_from_the_case_page(world, as_user):
    case = decided_case(world)
    url = reverse("rsa:sanction_lift", kwargs={"sanction_uuid": case.sanction.uuid})
    manager = as_user(world.user("manager_a"))
    assert "Lever la suspension" in page(manager.get(case_url(case)))
    text = page(
        manager.post(
            url, {"on": fr(timezone.localdate() - dt.timedelta(days=1)), "reason": "RDV honoré"}
        )
    )
    assert "La levée se situe entre le début de la sanction" in text
    assert (
        manager.post(url, {"on": fr(timezone.localdate()), "reason": "RDV honoré"}).status_code
        == 302
    )
    case.sanction.refresh_from_db()
    assert case.sanction.lifted_on == timezone.localdate()


@pytest.mark.parametrize("persona", ["reception_a", "manager_b"])
def test_a_sanction_is_lifted_only_by_the_delegate_of_its_mds(world, as_user, persona):
    case = decided_case(world)
    url = reverse("rsa:sanction_lift", kwargs={"sanction_uuid": case.sanction.uuid})
    response = as_user(world.user(persona)).post(
        url, {"on": fr(timezone.localdate()), "reason": "x"}
    )
    assert response.status_code == 404
    case.sanction.refresh_from_db()
    assert case.sanction.lifted_on is None


def test_an_opinion_for_a_sanction_must_be_motivated_on_the_page(world, as_user):
    case = scheduled_case(world)
    seat_members(world, case.session)
    text = page(
        as_user(world.user("reception_a")).post(
            case_url(case),
            {"action": "avis", "opinion": "suspension", "person_attended": "False", "note": ""},
        )
    )
    assert "Motivez l'avis : une sanction doit être motivée." in text
    assert 'id="avis_note-error"' in text
    case.refresh_from_db()
    assert case.status == "scheduled"
