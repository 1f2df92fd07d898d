"""The EP list and session pages: from the session's creation to its closing, as agents do."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relais.audit.models import AccessRecord
from relais.rsa.models import EpCase, EpSession
from tests.factories import PersonFactory
from tests.rsa.ep_helpers import (
    assert_accessible_shape,
    case_url,
    decided_case,
    fr,
    list_case,
    page,
    scheduled_case,
    seat_members,
    session_url,
    today_session,
)


def test_the_list_shows_the_waiting_cases_of_the_mds_and_traces_the_reading(world, as_user):
    list_case(world)
    client = as_user(world.user("reception_a"))
    text = page(client.get(reverse("rsa:ep_list")))
    assert_accessible_shape(text)
    assert "DUPONT François" in text or world.person_a.full_name in text
    assert "Manquement au contrat d'engagement" in text
    assert AccessRecord.objects.filter(person=world.person_a, action="view").count() == 1


def test_another_mds_does_not_see_the_case_and_gets_404_on_it(world, as_user):
    case = scheduled_case(world)
    client = as_user(world.user("manager_b"))
    assert world.person_a.full_name not in page(client.get(reverse("rsa:ep_list")))
    assert client.get(case_url(case)).status_code == 404
    assert client.get(session_url(case.session)).status_code == 404
    response = client.post(case_url(case), {"action": "retrait", "reason": "Intrusion"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == EpCase.Status.SCHEDULED


def test_creating_a_session_then_refusing_a_past_date_in_french(world, as_user):
    client = as_user(world.user("reception_a"))
    day = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        reverse("rsa:ep_session_create"), {"date": fr(day), "time": "14:00", "place": "Salle A"}
    )
    session = EpSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session_url(session)
    local = timezone.localtime(session.date)
    assert (local.date(), local.hour, session.mds, session.place) == (
        day,
        14,
        world.mds_a,
        "Salle A",
    )
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    text = page(
        client.post(
            reverse("rsa:ep_session_create"),
            {"date": fr(yesterday), "time": "9:00", "place": "Salle"},
        )
    )
    assert "Cette date est passée : choisissez la date d'une séance à venir." in text
    assert "govuk-error-summary" in text
    assert EpSession.objects.count() == 1


def test_a_whole_session_through_the_pages(world, as_user):
    case = list_case(world)
    reception = as_user(world.user("reception_a"))
    reception.post(
        reverse("rsa:ep_session_create"),
        {"date": fr(timezone.localdate()), "time": "09:00", "place": "Salle"},
    )
    session = EpSession.objects.get()
    url = session_url(session)
    for name, quality in [
        ("Mme Représentante", "beneficiary"),
        ("M. Délégué", "president_delegate"),
    ]:
        assert (
            reception.post(url, {"action": "membre", "name": name, "quality": quality}).status_code
            == 302
        )
    assert reception.post(url, {"action": "inscrire", "cases": [case.pk]}).status_code == 302
    members = list(session.members.values_list("pk", flat=True))
    response = reception.post(
        url, {"action": "presences", "present_members": members, "attended_cases": [case.pk]}
    )
    assert response.status_code == 302
    text = page(reception.get(url))
    assert_accessible_shape(text)
    assert "Enregistrer l'avis" in text
    # The opinion from the session's agenda, back to the session.
    response = reception.post(
        case_url(case),
        {
            "action": "avis",
            "retour": "seance",
            "person_attended": "True",
            "opinion": "suspension",
            "note": "Aucune démarche",
        },
    )
    assert response["Location"] == url
    manager = as_user(world.user("manager_a"))
    today = fr(timezone.localdate())
    response = manager.post(
        case_url(case),
        {
            "action": "decision",
            "decision": "suspension",
            "note": "",
            "decided_on": today,
            "rate": "40",
            "months": "2",
            "starts_on": today,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.sanction.rate, case.sanction.months, case.sanction.level) == (
        "decided",
        40,
        2,
        "first",
    )
    response = manager.post(case_url(case), {"action": "notification", "notified_on": today})
    assert response.status_code == 302
    assert manager.post(url, {"action": "cloturer"}).status_code == 302
    session.refresh_from_db()
    case.refresh_from_db()
    assert (session.status, case.status, case.notified_on) == (
        "closed",
        "notified",
        timezone.localdate(),
    )


def test_removing_a_member_and_an_unknown_action(world, as_user):
    session = today_session(world)
    members = seat_members(world, session)
    client = as_user(world.user("reception_a"))
    assert (
        client.post(
            session_url(session), {"action": "retirer-membre", "membre": members[0].pk}
        ).status_code
        == 302
    )
    assert list(session.members.all()) == [members[1]]
    assert client.post(session_url(session), {"action": "autre"}).status_code == 404
    gone = {"action": "retirer-membre", "membre": "abc"}
    assert client.post(session_url(session), gone).status_code == 404


def test_a_form_error_shows_on_that_form_only(world, as_user):
    session = today_session(world)
    list_case(world)
    text = page(
        as_user(world.user("reception_a")).post(session_url(session), {"action": "inscrire"})
    )
    assert "Cochez au moins un dossier à inscrire." in text
    assert "Indiquez le nom du membre." not in text  # the member form was not posted
    assert text.count('class="govuk-error-summary"') == 1
    assert text.count("<h1") == 1


def test_closing_too_early_says_what_is_missing(world, as_user):
    case = decided_case(world)
    response = as_user(world.user("reception_a")).post(
        session_url(case.session), {"action": "cloturer"}, follow=True
    )
    assert "1 dossier(s) de cette séance attendent une décision notifiée." in page(response)
    case.session.refresh_from_db()
    assert case.session.status == EpSession.Status.HELD


def test_the_list_of_another_mds_is_its_own(world, as_user):
    list_case(world, person=world.person_b, mds=world.mds_b)
    list_case(world)
    text = page(as_user(world.user("manager_b")).get(reverse("rsa:ep_list")))
    assert world.person_b.full_name in text
    assert world.person_a.full_name not in text


def test_the_session_page_reads_in_a_flat_number_of_queries(world, as_user):
    session = today_session(world)
    client = as_user(world.user("reception_a"))

    def queries_with(count):
        while session.cases.count() < count:
            scheduled_case(world, session=session, person=PersonFactory(commune=world.commune_a))
        with CaptureQueriesContext(connection) as captured:
            page(client.get(session_url(session)))
        return len(captured)

    few, many = queries_with(2), queries_with(6)
    assert few == many


def test_before_its_day_a_session_takes_no_attendance_nor_opinion(world, as_user):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client = as_user(world.user("reception_a"))
    client.post(
        reverse("rsa:ep_session_create"), {"date": fr(tomorrow), "time": "10:00", "place": "Salle"}
    )
    session = EpSession.objects.get()
    case = scheduled_case(world, session=session)
    text = page(client.get(session_url(session)))
    assert "Les présences et les avis se saisissent à partir du jour de la séance." in text
    assert "Enregistrer les présences" not in text and "Enregistrer l'avis" not in text
    assert "L'avis de l'équipe se saisit à partir du jour de la séance." in page(
        client.get(case_url(case))
    )
