"""A prescription does not open the person's file to the operator (ADR 006)."""

import pytest
from django.urls import reverse

from relais.people.models import Person
from relais.programmes import policy
from relais.programmes.services import prescriptions as services
from tests.factories import OrganisationFactory
from tests.programmes.helpers import make_programme

pytestmark = pytest.mark.django_db


def test_the_operator_reaches_the_prescription_but_never_the_file(
    world, programme, consented, as_user
):
    sent = services.prescribe(
        user=world.user("social_worker_a"), person=consented, programme=programme, objective="x"
    )
    services.accept(user=world.user("operator"), prescription=sent)
    operator = world.user("operator")
    assert not Person.objects.visible_to(operator).filter(pk=consented.pk).exists()
    client = as_user(operator)
    assert client.get(reverse("people:detail", kwargs={"uuid": consented.uuid})).status_code == 404
    portal = reverse("programmes:portal_prescription", kwargs={"prescription_uuid": sent.uuid})
    assert client.get(portal).status_code == 200


def test_another_operator_sees_none_of_it(world, consented, as_user):
    other = OrganisationFactory(name="Autre opérateur", kind="association")
    theirs = make_programme(other, name="Action d'un autre")
    sent = services.prescribe(
        user=world.user("social_worker_a"), person=consented, programme=theirs, objective="x"
    )
    operator = world.user("operator")
    assert not policy.portal_prescriptions(operator).exists()
    assert not policy.can_answer(operator, sent)
    portal = reverse("programmes:portal_prescription", kwargs={"prescription_uuid": sent.uuid})
    assert as_user(operator).get(portal).status_code == 404
    listing = as_user(operator).get(reverse("programmes:portal") + "?vue=a_traiter")
    assert consented.birth_name not in listing.content.decode()
