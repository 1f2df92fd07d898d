"""The agent's POST actions and papers: submit, cancel, add a paper, download it."""

import html as html_module

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.aid.models import AidDocument, Status
from relais.audit.models import AccessRecord
from relais.people.models import Document, Event
from tests.aid.helpers import draft, pdf, submitted, with_papers

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html_module.unescape(response.content.decode())


def url(name, application, **extra) -> str:
    return reverse(f"aid:{name}", kwargs={"application_uuid": application.uuid, **extra})


def test_submitting_without_the_papers_is_refused_with_what_is_missing(
    world, as_user, fund, licence, eligible
):
    application = draft(world, licence)
    client = as_user(world.user("employment_agent_a"))
    response = client.post(url("submit", application))
    assert response.status_code == 302
    assert response["Location"] == url("application", application)
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.submitted_at is None
    html = text(client.get(response["Location"]))
    assert (
        "La demande ne peut pas être transmise sans un devis ou une facture ni le contrat" in html
    )


def test_submitting_with_the_papers_sends_it_to_the_secretariat(
    world, as_user, fund, licence, eligible
):
    application = with_papers(world, draft(world, licence))
    client = as_user(world.user("social_worker_a"))
    response = client.post(url("submit", application))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.submitted_at is not None
    assert "La demande est transmise au secrétariat" in text(client.get(response["Location"]))
    assert Event.objects.filter(person=eligible, kind="aid", summary__contains="transmise").exists()


def test_an_application_above_the_ceiling_cannot_be_submitted(
    world, as_user, fund, licence, eligible
):
    # A draft written before the ceiling was lowered.
    application = with_papers(world, draft(world, licence, amount="1000"))
    licence.ceiling_per_application = 800
    licence.save()
    client = as_user(world.user("employment_agent_a"))
    response = client.post(url("submit", application))
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert "est de 800,00 € par demande" in text(client.get(response["Location"]))


def test_cancelling_needs_a_reason_then_cancels(world, as_user, fund, licence, eligible):
    application = submitted(world, licence)
    client = as_user(world.user("employment_agent_a"))
    response = client.post(url("cancel", application), {"reason": "  "})
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert "Écrivez pourquoi la demande est annulée." in text(client.get(response["Location"]))
    client.post(url("cancel", application), {"reason": "L'embauche est reportée"})
    application.refresh_from_db()
    assert application.status == Status.CANCELLED
    assert application.cancel_reason == "L'embauche est reportée"
    html = text(client.get(url("application", application)))
    assert "Demande annulée le" in html and "L'embauche est reportée" in html


def test_a_refused_move_changes_nothing_and_says_why(world, as_user, fund, licence, eligible):
    application = submitted(world, licence)
    client = as_user(world.user("employment_agent_a"))
    response = client.post(url("submit", application))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert "ne peut pas passer à « transmise »" in text(client.get(response["Location"]))


@pytest.mark.parametrize("name", ["submit", "cancel"])
def test_the_actions_are_post_only(world, as_user, fund, licence, eligible, name):
    application = draft(world, licence)
    assert as_user(world.user("employment_agent_a")).get(url(name, application)).status_code == 405


@pytest.mark.parametrize("name", ["submit", "cancel"])
def test_the_manager_cannot_act_on_the_team_application(
    world, as_user, fund, licence, eligible, name
):
    application = with_papers(world, draft(world, licence))
    response = as_user(world.user("manager_a")).post(url(name, application), {"reason": "x"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_adding_a_paper_attaches_it_to_the_application_and_the_person_file(
    world, as_user, fund, licence, eligible
):
    application = draft(world, licence)
    client = as_user(world.user("employment_agent_a"))
    assert "Ajouter une pièce à la demande" in text(client.get(url("document_add", application)))
    response = client.post(url("document_add", application), {"kind": "quote", "file": pdf()})
    assert response.status_code == 302
    paper = AidDocument.objects.get(application=application)
    assert paper.kind == "quote"
    assert paper.document.person == eligible
    assert paper.document.title == "Pièce d'une demande FARE82"  # neutral on the timeline
    html = text(client.get(response["Location"]))
    assert "La pièce « Devis » est ajoutée." in html
    assert "Un devis ou une facture" not in html  # no longer missing
    assert "Le contrat, la promesse d'embauche" in html


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused(world, as_user, fund, licence, eligible):
    application = draft(world, licence)
    fake = SimpleUploadedFile("devis.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = as_user(world.user("employment_agent_a")).post(
        url("document_add", application), {"kind": "quote", "file": fake}
    )
    html = text(response)
    assert response.status_code == 200
    assert 'id="id_file-error"' in html
    assert "Seuls les fichiers PDF, JPEG et PNG sont acceptés" in html
    assert AidDocument.objects.count() == 0 and Document.objects.count() == 0


def test_a_file_above_10_mo_is_refused(world, as_user, fund, licence, eligible):
    application = draft(world, licence)
    content = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)
    big = SimpleUploadedFile("devis.pdf", content, "application/pdf")
    response = as_user(world.user("employment_agent_a")).post(
        url("document_add", application), {"kind": "quote", "file": big}
    )
    assert "Le fichier dépasse 10 Mo" in text(response)
    assert AidDocument.objects.count() == 0


def test_no_paper_is_added_to_a_submitted_application(world, as_user, fund, licence, eligible):
    application = submitted(world, licence)
    client = as_user(world.user("employment_agent_a"))
    response = client.post(url("document_add", application), {"kind": "invoice", "file": pdf()})
    assert response.status_code == 302
    assert AidDocument.objects.filter(application=application).count() == 2
    assert "ne se modifie plus" in text(client.get(response["Location"]))


def test_the_download_serves_the_file_and_records_it(world, as_user, fund, licence, eligible):
    application = with_papers(world, draft(world, licence))
    paper = application.documents.get(kind="quote")
    manager = world.user("manager_a")
    response = as_user(manager).get(url("document", application, document_id=paper.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    record = AccessRecord.objects.get(user=manager, action="download")
    assert record.person == eligible
    assert record.target == str(paper.document.uuid)


def test_the_secretariat_downloads_the_papers_it_studies(
    world, client, fund, licence, eligible, secretary
):
    application = submitted(world, licence)
    paper = application.documents.get(kind="promise")
    client.force_login(secretary)
    response = client.get(url("document", application, document_id=paper.pk))
    assert response.status_code == 200
    assert AccessRecord.objects.filter(user=secretary, action="download").count() == 1


def test_a_paper_of_another_application_is_not_served_through_this_one(
    world, as_user, fund, licence, eligible
):
    first = with_papers(world, draft(world, licence))
    second = draft(world, licence)
    paper = first.documents.first()
    response = as_user(world.user("employment_agent_a")).get(
        url("document", second, document_id=paper.pk)
    )
    assert response.status_code == 404
    assert not AccessRecord.objects.filter(action="download").exists()
