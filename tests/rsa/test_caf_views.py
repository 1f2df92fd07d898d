"""The flows pages: upload (background import), history, report, progress."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.rsa.caf.progress import write_progress
from relais.rsa.models import CafFlow, RsaFile
from relais.territory.models import Departement

# The fixture, imported for usefixtures: kept raw files go to the test's directory.
from tests.rsa.caf_helpers import (
    household,
    imports_dir,  # noqa: F401
    write,
)

pytestmark = pytest.mark.usefixtures("imports_dir")

UPLOAD = reverse("rsa:flow_upload")


def _upload(client, path, callbacks):
    with callbacks(execute=True):
        return client.post(
            UPLOAD, {"file": SimpleUploadedFile(path.name, path.read_bytes(), "text/xml")}
        )


def _flow(departement, status="done", file_name="flux.xml"):
    return CafFlow.objects.create(
        departement=departement,
        sha256=hashlib.sha256(f"{file_name}-{status}".encode()).hexdigest(),
        file_name=file_name,
        size=10,
        status=status,
    )


def test_an_upload_is_imported_in_the_background_and_reported(
    world, as_user, tmp_path, django_capture_on_commit_callbacks
):
    client = as_user(world.user("reception_a"))
    path = write(tmp_path, [household(1), household(2), household(123456789)], "flux-0302.xml")

    response = _upload(client, path, django_capture_on_commit_callbacks)

    flow = CafFlow.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rsa:flow_detail", args=[flow.uuid])
    assert flow.status == "done"
    assert flow.imported_by == world.user("reception_a")
    assert RsaFile.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Le fichier est déposé" in page
    assert page.count("<h1") == 1
    assert "Flux quotidien du 02/03/2026" in page
    assert "Numéro allocataire (MATRICULE) de plus de 7 chiffres" in page
    assert page.count("<caption") == page.count("<table")


def test_the_same_file_uploaded_twice_is_imported_once(
    world, as_user, tmp_path, django_capture_on_commit_callbacks
):
    client = as_user(world.user("manager_b"))
    path = write(tmp_path, [household(1)])
    _upload(client, path, django_capture_on_commit_callbacks)

    response = _upload(client, path, django_capture_on_commit_callbacks)

    assert CafFlow.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Ce fichier a déjà été déposé le" in page


def test_a_file_that_is_not_a_flow_is_refused_with_its_reason(
    world, as_user, tmp_path, django_capture_on_commit_callbacks
):
    client = as_user(world.user("reception_a"))
    path = tmp_path / "tableau.csv"
    path.write_text("MATRICULE;NOM\n1234567;DUPONT\n")

    response = _upload(client, path, django_capture_on_commit_callbacks)

    flow = CafFlow.objects.get()
    assert flow.status == "refused"
    page = client.get(response["Location"]).content.decode()
    assert "Fichier refusé : rien n'a été importé." in page
    assert "n&#x27;est pas un XML bien formé" in page


def test_an_upload_without_a_file_says_what_to_do(world, as_user):
    response = as_user(world.user("reception_a")).post(UPLOAD, {})

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Choisissez le fichier du flux CAF à importer." in page
    assert not CafFlow.objects.exists()


def test_an_agent_who_may_not_import_cannot_post_a_file(world, as_user, tmp_path):
    path = write(tmp_path, [household(1)])
    response = as_user(world.user("social_worker_a")).post(
        UPLOAD, {"file": SimpleUploadedFile("f.xml", path.read_bytes())}
    )
    assert response.status_code == 404
    assert not CafFlow.objects.exists()


def test_the_history_lists_the_flows_of_the_agents_departement_only(world, as_user):
    ours = _flow(world.mds_a.departement, file_name="flux-82.xml")
    other = Departement.objects.create(code="31", name="Haute-Garonne")
    theirs = _flow(other, status="refused", file_name="flux-31.xml")
    client = as_user(world.user("manager_a"))

    page = client.get(reverse("rsa:flow_list")).content.decode()

    assert "flux-82.xml" in page
    assert "flux-31.xml" not in page
    assert client.get(reverse("rsa:flow_detail", args=[ours.uuid])).status_code == 200
    assert client.get(reverse("rsa:flow_detail", args=[theirs.uuid])).status_code == 404


def test_a_running_import_shows_a_progress_bar_that_polls(world, as_user):
    flow = _flow(world.mds_a.departement, status="running")
    write_progress(flow, read=1500, bytes_read=250, size=1000)
    client = as_user(world.user("reception_a"))

    page = client.get(reverse("rsa:flow_detail", args=[flow.uuid])).content.decode()
    fragment = client.get(
        reverse("rsa:flow_progress", args=[flow.uuid]), HTTP_HX_REQUEST="true"
    ).content.decode()

    url = reverse("rsa:flow_progress", args=[flow.uuid])
    assert f'hx-get="{url}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert re.search(r'<progress id="barre-avancement"[^>]*value="25"', fragment)
    assert "1500 foyers lus (25 % du fichier)" in fragment
    assert '<label class="govuk-label govuk-label--s" for="barre-avancement">' in fragment


def test_the_progress_poll_reloads_the_page_once_the_import_is_over(world, as_user):
    flow = _flow(world.mds_a.departement, status="done")
    client = as_user(world.user("reception_a"))

    response = client.get(reverse("rsa:flow_progress", args=[flow.uuid]), HTTP_HX_REQUEST="true")

    assert response["HX-Refresh"] == "true"
