"""The letters: the session's convocations in one PDF, the decision's notification per case."""

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from relais.audit.models import AccessRecord
from relais.rsa.services import ep as services
from tests.factories import PersonFactory
from tests.rsa.ep_helpers import (
    decided_case,
    list_case,
    reviewed_case,
    scheduled_case,
    today_session,
)


def text_of(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pages_of(response) -> int:
    return len(PdfReader(io.BytesIO(response.content)).pages)


def test_the_convocations_of_a_session_one_letter_each_and_a_print_trace_each(world, as_user):
    session = today_session(world)
    second = PersonFactory(commune=world.commune_a, birth_name="BERNARD", first_names="Inès")
    scheduled_case(world, session=session)
    scheduled_case(world, session=session, person=second, theme="orientation_absence")
    url = reverse("rsa:ep_session_letters", kwargs={"session_uuid": session.uuid})
    response = as_user(world.user("reception_a")).get(url)
    text = text_of(response)
    assert pages_of(response) == 2
    when = timezone.localtime(session.date)
    assert f"à {when:%H}h{when:%M}" in text
    for expected in (
        "Convocation devant l'équipe pluridisciplinaire",
        "DUPONT François",
        "BERNARD Inès",
        "manquement au contrat d'engagement",
        "absence à l'entretien d'orientation",
        "validera votre orientation",
        "d'être entendu·e",
        "accompagné·e de la personne de votre choix",
        "Si vous ne venez pas",
        "Salle du conseil, MDS A",
    ):
        assert expected in text
    prints = AccessRecord.objects.filter(action="print")
    assert sorted(p.person_id for p in prints) == sorted([world.person_a.pk, second.pk])


def test_a_session_without_cases_has_nothing_to_print(world, as_user):
    session = today_session(world)
    url = reverse("rsa:ep_session_letters", kwargs={"session_uuid": session.uuid})
    response = as_user(world.user("reception_a")).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("rsa:ep_session", kwargs={"session_uuid": session.uuid})


def test_the_notification_of_a_suspension_gives_its_terms_and_the_remedies(world, as_user):
    case = decided_case(world, rate=45, months=2, starts_on=dt.date(2099, 3, 15))
    url = reverse("rsa:ep_case_letter", kwargs={"case_uuid": case.uuid})
    text = text_of(as_user(world.user("manager_a")).get(url))
    for expected in (
        "suspension-remobilisation de 45 % du montant de votre RSA pendant 2 mois",
        "du 15 mars 2099 au 15 mai 2099",
        "premier manquement",
        "levée dès que vous respectez à nouveau vos engagements",
        "Aucune démarche depuis trois mois",  # the grounds: the EP's motivated opinion
        "recours administratif préalable",
        "président du conseil départemental, dans un délai de deux mois",
        "tribunal administratif",
    ):
        assert expected in text
    assert AccessRecord.objects.get(action="print").person == world.person_a


def test_the_notification_of_a_reminder_names_the_validated_orientation(world, as_user):
    case = reviewed_case(world, theme="orientation_absence", opinion="reminder", note="")
    services.decide(
        user=world.user("manager_a"),
        case=case,
        decision="reminder",
        decided_on=timezone.localdate(),
        orientation={
            "track": "social",
            "referent_body": "departement",
            "referent_organisation": world.mds_a,
        },
    )
    url = reverse("rsa:ep_case_letter", kwargs={"case_uuid": case.uuid})
    text = text_of(as_user(world.user("reception_a")).get(url))
    assert "valide votre orientation sociale, avec un accompagnement assuré par MDS A" in text
    assert "contrat d'engagement" in text


def test_no_notification_before_the_decision(world, as_user):
    case = list_case(world)
    url = reverse("rsa:ep_case_letter", kwargs={"case_uuid": case.uuid})
    response = as_user(world.user("reception_a")).get(url)
    assert response.status_code == 302
    assert not AccessRecord.objects.filter(action="print").exists()


def test_another_mds_prints_nothing(world, as_user):
    case = decided_case(world)
    client = as_user(world.user("manager_b"))
    for url in (
        reverse("rsa:ep_case_letter", kwargs={"case_uuid": case.uuid}),
        reverse("rsa:ep_session_letters", kwargs={"session_uuid": case.session.uuid}),
    ):
        assert client.get(url).status_code == 404
    assert not AccessRecord.objects.filter(action="print").exists()
