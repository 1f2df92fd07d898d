"""The access audit: one record per display, download, print and export; records never change."""

import csv
import io
import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from relais.audit.models import AccessRecord, ChangeRecord, ImmutableRecordError
from relais.audit.services import record_access, record_change
from relais.people.services import add_document, assign_referent, record_consent, update_person
from tests.factories import PersonFactory

PDF = b"%PDF-1.4\n%%EOF\n"


def url(name, person, **kwargs):
    return reverse(f"people:{name}", kwargs={"uuid": person.uuid, **kwargs})


def records():
    return list(AccessRecord.objects.values_list("user_id", "person_id", "action"))


@pytest.fixture
def agent(world):
    return world.user("social_worker_a")


@pytest.fixture
def client_a(agent, as_user):
    return as_user(agent)


def test_it_records_one_view_when_the_page_is_opened(world, agent, client_a):
    assert client_a.get(url("detail", world.person_a)).status_code == 200
    assert records() == [(agent.pk, world.person_a.pk, AccessRecord.Action.VIEW)]
    record = AccessRecord.objects.get()
    assert (record.organisation, record.role) == (world.mds_a, "social_worker")


def test_it_records_nothing_when_the_page_is_refused(world, as_user):
    response = as_user(world.user("social_worker_b")).get(url("detail", world.person_a))
    assert response.status_code == 404
    assert records() == []


def test_it_records_one_download_when_a_document_is_downloaded(world, agent, client_a):
    document = add_document(
        user=agent,
        person=world.person_a,
        uploaded=SimpleUploadedFile("piece.pdf", PDF, "application/pdf"),
        kind="caf",
        title="Attestation",
    )
    response = client_a.get(url("document_download", world.person_a, document_uuid=document.uuid))
    assert b"".join(response.streaming_content) == PDF
    assert records() == [(agent.pk, world.person_a.pk, AccessRecord.Action.DOWNLOAD)]
    assert AccessRecord.objects.get().target == str(document.uuid)


def test_it_records_one_print_when_the_printable_page_is_opened(world, agent, client_a):
    assert client_a.get(url("print", world.person_a)).status_code == 200
    assert records() == [(agent.pk, world.person_a.pk, AccessRecord.Action.PRINT)]


def test_it_records_one_export_per_exported_person_and_writes_them_in_the_csv(
    world, agent, client_a
):
    other = PersonFactory(commune=world.commune_a, birth_name="DUPONT", first_names="Marie")
    PersonFactory(commune=world.commune_b, birth_name="DUPONT", first_names="Hors secteur")
    results = client_a.get(client_a.post(reverse("people:search"), {"q": "dupont"})["Location"])
    export_url = re.search(r'href="([^"]*export[^"]*)"', results.content.decode()).group(1)
    response = client_a.get(export_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [(row[0], row[1]) for row in rows[1:]] == [("DUPONT", "François"), ("DUPONT", "Marie")]
    exported = AccessRecord.objects.filter(action=AccessRecord.Action.EXPORT)
    assert sorted(exported.values_list("person_id", flat=True)) == sorted(
        [world.person_a.pk, other.pk]
    )
    assert set(exported.values_list("user_id", flat=True)) == {agent.pk}
    assert AccessRecord.objects.count() == 2


def test_it_records_a_change_with_the_old_and_new_values(world, agent):
    update_person(
        user=agent,
        person=world.person_a,
        data={"phone": "0612345678", "commune": world.commune_b, "usage_name": ""},
    )
    change = ChangeRecord.objects.get()
    assert change.person == world.person_a
    assert (change.user, change.organisation) == (agent, world.mds_a)
    assert change.changes == {
        "phone": ["", "0612345678"],
        "commune": [str(world.commune_a.pk), str(world.commune_b.pk)],
    }


def test_it_records_no_change_when_nothing_changed(world, agent):
    update_person(user=agent, person=world.person_a, data={"phone": ""})
    assert not ChangeRecord.objects.exists()


@pytest.fixture
def both_records(world, agent):
    access = record_access(user=agent, person=world.person_a, action=AccessRecord.Action.VIEW)
    change = record_change(
        user=agent, person=world.person_a, obj=world.person_a, changes={"phone": ["", "1"]}
    )
    return {AccessRecord: access, ChangeRecord: change}


@pytest.mark.parametrize("model", [AccessRecord, ChangeRecord])
def test_a_record_cannot_be_changed_or_deleted(both_records, model):
    record = both_records[model]
    with pytest.raises(ImmutableRecordError):
        record.save()
    with pytest.raises(ImmutableRecordError):
        record.delete()
    with pytest.raises(ImmutableRecordError):
        model.objects.filter(pk=record.pk).update(at=record.at)
    with pytest.raises(ImmutableRecordError):
        model.objects.filter(pk=record.pk).delete()
    with pytest.raises(ImmutableRecordError):
        model.objects.all().delete()
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", [AccessRecord, ChangeRecord])
def test_the_admin_gives_no_right_to_add_change_or_delete_records_even_to_a_superuser(
    both_records, admin_user, model
):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    record = both_records[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, record)
    assert not model_admin.has_delete_permission(request, record)
    assert "delete_selected" not in model_admin.get_actions(request)


@pytest.mark.parametrize("model", [AccessRecord, ChangeRecord])
def test_posting_to_the_admin_does_not_delete_a_record(both_records, admin_client, model):
    record = both_records[model]
    info = (model._meta.app_label, model._meta.model_name)
    response = admin_client.post(
        reverse("admin:{}_{}_delete".format(*info), args=[record.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    admin_client.post(
        reverse("admin:{}_{}_changelist".format(*info)),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert model.objects.filter(pk=record.pk).exists()
    # The record can still be read there.
    page = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
    assert page.status_code == 200


def test_the_access_history_lists_who_opened_the_file(world, client_a, as_user):
    client_a.get(url("detail", world.person_a))
    response = as_user(world.user("manager_a")).get(url("access_history", world.person_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.user("social_worker_a").get_full_name() in body
    assert "Consultation du dossier" in body
    assert "1 accès" in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager_a", 200), ("social_worker_b", 404), ("reception_a", 404), ("manager_b", 404)],
)
def test_the_access_history_opens_only_to_the_manager_who_follows_the_file(
    world, as_user, persona, status
):
    response = as_user(world.user(persona)).get(url("access_history", world.person_a))
    assert response.status_code == status


def test_the_access_history_opens_to_the_referent_once_designated(world, agent, client_a):
    assert client_a.get(url("access_history", world.person_a)).status_code == 404
    assign_referent(
        user=world.user("manager_a"),
        person=world.person_a,
        referent=agent,
        organisation=world.mds_a,
    )
    assert client_a.get(url("access_history", world.person_a)).status_code == 200


def test_the_person_page_url_holds_the_uuid_and_no_personal_data(world, client_a):
    person = world.person_a
    detail = url("detail", person)
    assert detail == f"/personnes/{person.uuid}/"
    results = client_a.get(client_a.post(reverse("people:search"), {"q": "dupont"})["Location"])
    links = re.findall(r'href="(/personnes/[^"]*)"', results.content.decode())
    assert detail in links
    assert not [link for link in links if "dupont" in link.lower()]


def test_a_consent_and_a_document_are_recorded_as_changes_of_the_file(world):
    agent = world.user("social_worker_a")
    record_consent(user=agent, person=world.person_a, purpose="sms", given=True)
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    add_document(
        user=agent, person=world.person_a, uploaded=upload, kind="caf", title="Attestation"
    )
    records = {r.model: r.changes for r in ChangeRecord.objects.filter(person=world.person_a)}
    assert records["people.Consent"] == {"purpose": ["", "sms"], "given": ["", "True"]}
    assert records["people.Document"]["title"] == ["", "Attestation"]
