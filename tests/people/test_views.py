import io
import re

import pytest
from django.urls import reverse

from relais.audit.models import AccessRecord, ChangeRecord
from relais.people import services
from relais.people.models import Document, Event, Person
from tests.factories import MembershipFactory


def main_of(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def detail_url(person):
    return reverse("people:detail", kwargs={"uuid": person.uuid})


def test_it_shows_the_file_and_records_the_access(world, as_user):
    client = as_user(world.user("social_worker_a"))
    response = client.get(detail_url(world.person_a))
    assert response.status_code == 200
    assert "DUPONT François" in response.content.decode()
    record = AccessRecord.objects.get()
    assert record.person == world.person_a
    assert record.user == world.user("social_worker_a")
    assert record.organisation == world.mds_a
    assert record.action == AccessRecord.Action.VIEW


def test_it_hides_another_mds_file_behind_the_same_404_as_a_missing_one(world, as_user):
    client = as_user(world.user("social_worker_b"))
    forbidden = client.get(detail_url(world.person_a))
    missing = client.get(
        reverse("people:detail", kwargs={"uuid": "00000000-0000-4000-8000-000000000000"})
    )
    assert forbidden.status_code == missing.status_code == 404
    # Same page but for the per-request CSRF token and CSP nonce.
    assert main_of(forbidden) == main_of(missing)
    assert not AccessRecord.objects.exists()


def test_it_creates_a_person_with_a_timeline_event_and_an_audit_entry(world, as_user):
    client = as_user(world.user("reception_a"))
    response = client.post(
        reverse("people:create"),
        {
            "birth_name": "Lefèvre",
            "first_names": "Hélène",
            "sex": "F",
            "birth_date": "02/05/1990",
            "nationality": "french",
            "commune": world.commune_a.pk,
            "caf_number": "1234567",
        },
    )
    person = Person.objects.get(birth_name="LEFÈVRE")
    assert response.status_code == 302
    assert response["Location"] == detail_url(person)
    assert person.search_text == "lefevre helene"
    assert person.household.caf_number == "1234567"
    assert person.events.get().kind == Event.Kind.PERSON_CREATED
    change = ChangeRecord.objects.get(person=person)
    assert change.changes["birth_name"] == ["", "LEFÈVRE"]


def test_it_shows_duplicate_candidates_before_creating_a_twin(world, as_user):
    client = as_user(world.user("social_worker_a"))
    data = {
        "birth_name": "dupont",
        "first_names": "francois",
        "sex": "M",
        "birth_date": "27/03/1985",
        "nationality": "french",
        "commune": world.commune_a.pk,
    }
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 200
    assert "Ouvrir le dossier de DUPONT François" in response.content.decode()
    assert Person.objects.count() == 2

    response = client.post(reverse("people:create"), {**data, "confirm_new": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("caf_number", "12AB567", "exactement 7 chiffres"),
        ("birth_date", "31/02/1990", "au format jj/mm/aaaa"),
        ("birth_date", "01/01/2090", "dans le futur"),
        ("birth_date", "01/01/1850", "plus de 120 ans"),
        ("phone", "12345", "10 chiffres"),
    ],
)
def test_it_refuses_impossible_values_with_the_reason(world, as_user, field, value, message):
    client = as_user(world.user("social_worker_a"))
    data = {
        "birth_name": "ROUX",
        "first_names": "Sam",
        "sex": "M",
        "birth_date": "01/01/1990",
        "nationality": "french",
        field: value,
    }
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.filter(birth_name="ROUX").exists()


def test_it_records_each_changed_field_from_what_to_what(world, as_user):
    client = as_user(world.user("social_worker_a"))
    person = world.person_a
    response = client.post(
        reverse("people:edit", kwargs={"uuid": person.uuid}),
        {
            "birth_name": person.birth_name,
            "first_names": person.first_names,
            "sex": person.sex,
            "birth_date": person.birth_date.strftime("%d/%m/%Y"),
            "nationality": "french",
            "commune": world.commune_a.pk,
            "phone": "06 12 34 56 78",
        },
    )
    assert response.status_code == 302
    change = ChangeRecord.objects.get(person=person)
    assert change.changes["phone"] == ["", "0612345678"]
    assert change.changes["nationality"] == ["unknown", "french"]
    assert "birth_name" not in change.changes


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client, person, content, name="piece.pdf"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        reverse("people:document_upload", kwargs={"uuid": person.uuid}),
        {"kind": "caf", "title": "Attestation CAF", "file": file},
    )


def test_it_stores_a_document_under_a_random_name_and_serves_it_as_an_attachment(
    world, as_user, settings
):
    client = as_user(world.user("social_worker_a"))
    assert upload(client, world.person_a, PDF).status_code == 302
    document = Document.objects.get()
    stored = list(settings.DOCUMENTS_ROOT.iterdir())
    assert [path.name for path in stored] == [document.storage_name]
    assert "piece" not in document.storage_name
    response = client.get(
        reverse(
            "people:document_download",
            kwargs={"uuid": world.person_a.uuid, "document_uuid": document.uuid},
        )
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    actions = list(AccessRecord.objects.values_list("action", flat=True))
    assert actions == [AccessRecord.Action.DOWNLOAD]


def test_it_refuses_a_file_whose_content_is_not_what_its_name_says(world, as_user, settings):
    client = as_user(world.user("social_worker_a"))
    response = upload(client, world.person_a, b"MZ\x90\x00 not a pdf", name="piece.pdf")
    assert response.status_code == 200
    assert "Seuls les fichiers PDF, JPEG et PNG" in response.content.decode()
    assert not Document.objects.exists()
    assert not settings.DOCUMENTS_ROOT.exists() or not any(settings.DOCUMENTS_ROOT.iterdir())


def test_it_refuses_a_file_over_the_size_limit(world, as_user, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    client = as_user(world.user("social_worker_a"))
    response = upload(client, world.person_a, PDF + b"0" * 2048)
    assert response.status_code == 200
    assert "dépasse" in response.content.decode()
    assert not Document.objects.exists()


def test_reception_officers_do_not_read_documents(world, as_user):
    client = as_user(world.user("reception_a"))
    response = client.get(reverse("people:document_upload", kwargs={"uuid": world.person_a.uuid}))
    assert response.status_code == 404


def test_the_timeline_filter_returns_only_the_chosen_kind(world, as_user):
    client = as_user(world.user("social_worker_a"))
    client.post(reverse("people:note_add", kwargs={"uuid": world.person_a.uuid}), {"text": "Appel"})
    client.post(
        reverse("people:consent_add", kwargs={"uuid": world.person_a.uuid}),
        {"purpose": "sms", "given": "1"},
    )
    response = client.get(
        reverse("people:timeline", kwargs={"uuid": world.person_a.uuid}),
        {"kind": "note"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Appel" in body
    assert "Consentement accordé" not in body


def test_assigning_a_referent_opens_the_file_to_the_referent_organisation(world, as_user):
    person = world.person_b
    manager_b = world.user("manager_b")
    social_worker_a = world.user("social_worker_a")
    assert not Person.objects.visible_to(social_worker_a).filter(pk=person.pk).exists()
    # The MDS A agent becomes référent through a membership in MDS B's organisation? No:
    # the référent is chosen among the current organisation's agents (MDS B here).
    client = as_user(manager_b)
    referent = world.user("social_worker_b")
    response = client.post(
        reverse("people:referent", kwargs={"uuid": person.uuid}), {"referent": referent.pk}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.referent == referent
    assert person.referent_organisation == world.mds_b
    assert person.referent_history.get().ended_at is None


def test_the_person_page_checks_visibility_once_whatever_the_panels(
    world, as_user, django_assert_max_num_queries
):
    client = as_user(world.user("manager_a"))
    services.add_note(user=world.user("manager_a"), person=world.person_a, text="Entretien")
    # Session, user, membership, the person (with the access check), the audit insert, the
    # file's sections, the session save, then one query per panel of a pathway app (the RSA
    # section, for a person outside the RSA; the FARE82 section, the team's applications of the
    # person): no panel re-runs the access check.
    with django_assert_max_num_queries(15):
        assert client.get(detail_url(world.person_a)).status_code == 200


def test_a_visibility_check_is_not_reused_under_another_membership(world):
    from relais.people import policy

    agent = world.user("social_worker_a")
    person = policy.visible_person_or_404(agent, world.person_a.uuid)
    other = MembershipFactory(user=agent, organisation=world.mds_b)
    agent.membership = other
    assert not policy.can_view_person(agent, person)
