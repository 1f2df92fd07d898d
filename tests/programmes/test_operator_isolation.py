"""A prescription does not open the person's file to the operator (ADR 006)."""

import datetime as dt

import pytest
from django.urls import reverse

from relais.people.models import Person
from relais.programmes import policy
from relais.programmes.services import prescriptions as services
from tests.factories import OrganisationFactory
from tests.programmes.helpers import make_programme
from tests.rsa.contract_helpers import make_orientation
from tests.rsa.pathway_helpers import enter_duties

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


def _rsa_programme_prescription(world, consented):
    enter_duties(consented, dt.date(2019, 2, 4))
    make_orientation(consented, track="professional")
    coaching = make_programme(
        world.partner, name="Coaching", min_rsa_years=5, tracks=["professional"]
    )
    return services.prescribe(
        user=world.user("social_worker_a"), person=consented, programme=coaching, objective="x"
    )


def test_the_operator_reads_the_verdict_not_the_rsa_situation(world, consented, as_user):
    sent = _rsa_programme_prescription(world, consented)
    assert any(line["rule"] == "rsa_years" for line in sent.eligibility)  # the prescriber's
    portal = reverse("programmes:portal_prescription", kwargs={"prescription_uuid": sent.uuid})
    page = as_user(world.user("operator")).get(portal).content.decode()
    assert "Éligible" in page
    assert "au RSA depuis" not in page and "orientation professionnelle" not in page


def test_contacts_are_masked_once_the_prescription_is_closed(world, programme, consented, as_user):
    consented.phone = "0611223344"
    consented.save()
    sent = services.prescribe(
        user=world.user("social_worker_a"), person=consented, programme=programme, objective="x"
    )
    portal = reverse("programmes:portal_prescription", kwargs={"prescription_uuid": sent.uuid})
    operator = as_user(world.user("operator"))
    assert "0611223344" in operator.get(portal).content.decode()
    services.withdraw(user=world.user("social_worker_a"), prescription=sent, reason="Refus")
    page = operator.get(portal).content.decode()
    assert "0611223344" not in page and "Masquées : la prescription est close." in page


def test_a_partner_following_the_file_sees_only_its_own_prescriptions(world, consented, as_user):
    """The operator persona follows person_a (referent organisation) and prescribes too."""
    consented.referent_organisation = world.partner
    consented.save()
    other = OrganisationFactory(name="Autre opérateur", kind="association")
    theirs = make_programme(other, name="Action d'un autre")
    ours = make_programme(world.partner, name="Notre action")
    foreign = services.prescribe(
        user=world.user("social_worker_a"), person=consented, programme=theirs, objective="x"
    )
    services.refuse(user=world.user("social_worker_a"), prescription=foreign, reason="other")
    own = services.prescribe(
        user=world.user("social_worker_a"), person=consented, programme=ours, objective="y"
    )
    client = as_user(world.user("operator"))
    person_page = client.get(reverse("people:detail", kwargs={"uuid": consented.uuid}))
    html = person_page.content.decode()
    # The section lists its own prescription only (the timeline, the référent's shared
    # record of the pathway, still tells every step).
    foreign_url = reverse("programmes:prescription", kwargs={"prescription_uuid": foreign.uuid})
    own_url = reverse("programmes:prescription", kwargs={"prescription_uuid": own.uuid})
    assert own_url in html and foreign_url not in html
    assert client.get(foreign_url).status_code == 404
    assert client.get(own_url).status_code == 200
