"""A partner, or an agent of another MDS, never reaches an application: the same 404 everywhere."""

import pytest
from django.urls import reverse

from relais.aid.models import AidApplication, Status
from relais.audit.models import AccessRecord
from tests.aid.helpers import draft, pdf, with_papers

pytestmark = pytest.mark.django_db

OUTSIDERS = ["social_worker_b", "manager_b", "operator", "steering", "employer", "reception_a"]


@pytest.fixture
def application(world, fund, licence, eligible):
    return with_papers(world, draft(world, licence))


def requests_on(application) -> list[tuple[str, str, dict]]:
    kwargs = {"application_uuid": application.uuid}
    paper = application.documents.first()
    return [
        ("get", reverse("aid:apply", kwargs={"uuid": application.person.uuid}), {}),
        ("get", reverse("aid:application", kwargs=kwargs), {}),
        ("get", reverse("aid:edit", kwargs=kwargs), {}),
        ("post", reverse("aid:edit", kwargs=kwargs), {"amount_requested": "10"}),
        ("get", reverse("aid:document_add", kwargs=kwargs), {}),
        ("post", reverse("aid:document_add", kwargs=kwargs), {"kind": "quote", "file": pdf()}),
        ("get", reverse("aid:document", kwargs={**kwargs, "document_id": paper.pk}), {}),
        ("post", reverse("aid:submit", kwargs=kwargs), {}),
        ("post", reverse("aid:cancel", kwargs=kwargs), {"reason": "Intrusion"}),
    ]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_an_outsider_gets_404_on_every_page_and_changes_nothing(
    world, as_user, application, persona
):
    client = as_user(world.user(persona))
    for method, url, data in requests_on(application):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"{persona} {method.upper()} {url}"
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.documents.count() == 2
    assert AidApplication.objects.count() == 1
    assert not AccessRecord.objects.filter(user=world.user(persona)).exists()


def test_an_agent_of_another_mds_who_also_sees_the_person_still_gets_404(
    world, as_user, application
):
    """Seeing the person is not enough: an application belongs to the applicant's team."""
    person = application.person
    person.commune = world.commune_b  # now in MDS B's sector too (référent stays MDS A)
    person.save(update_fields=["commune"])
    client = as_user(world.user("social_worker_b"))
    assert client.get(reverse("people:detail", kwargs={"uuid": person.uuid})).status_code == 200
    assert (
        client.get(
            reverse("aid:application", kwargs={"application_uuid": application.uuid})
        ).status_code
        == 404
    )
    html = client.get(reverse("people:detail", kwargs={"uuid": person.uuid})).content.decode()
    assert reverse("aid:application", kwargs={"application_uuid": application.uuid}) not in html
