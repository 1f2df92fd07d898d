"""Prescriptions brought to a given step, and a second operator, for the portal's tests."""

import datetime as dt

from django.utils import timezone

from relais.accounts.models import Role
from relais.programmes.models import Prescription, Status
from relais.programmes.services import prescriptions as services
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.programmes.helpers import consented_person, make_programme


def prescribed(world, programme, person=None, *, days_ago: int = 0, **fields) -> Prescription:
    """Sent by social_worker_a `days_ago` days ago (to a consented person of Montauban)."""
    person = person or consented_person(world.commune_a)
    prescription = services.prescribe(
        user=world.user("social_worker_a"),
        person=person,
        programme=programme,
        objective="Reprendre confiance et préparer un projet professionnel",
        **fields,
    )
    if days_ago:
        sent_at = timezone.now() - dt.timedelta(days=days_ago)
        Prescription.objects.filter(pk=prescription.pk).update(sent_at=sent_at)
        prescription.refresh_from_db()
    return prescription


def accepted(world, programme, person=None, **fields) -> Prescription:
    prescription = prescribed(world, programme, person, days_ago=fields.pop("days_ago", 30))
    return services.accept(user=world.user("operator"), prescription=prescription, **fields)


def entered(world, programme, person=None, *, days_ago: int = 0, **fields) -> Prescription:
    """Accepted, then entered `days_ago` days ago."""
    prescription = accepted(world, programme, person, days_ago=days_ago + 30, **fields)
    return services.enter(
        user=world.user("operator"),
        prescription=prescription,
        entered_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def waitlisted(world, programme, person=None) -> Prescription:
    prescription = prescribed(world, programme, person)
    return services.waitlist(user=world.user("operator"), prescription=prescription)


def other_operator(world):
    """An operator of another association, running its own programme."""
    organisation = OrganisationFactory(name="Autre association", kind="association")
    membership = MembershipFactory(organisation=organisation, role=Role.OPERATOR)
    user = membership.user
    user.membership = membership
    return user, make_programme(organisation, name="Action de l'autre association")


def fill_portfolio(world, programme, coach, count: int) -> None:
    """`count` persons entered with `coach`, written in one go (a full portfolio is 30)."""
    sw = world.user("social_worker_a")
    today = timezone.localdate()
    Prescription.objects.bulk_create(
        Prescription(
            departement=programme.departement,
            programme=programme,
            person=PersonFactory(commune=world.commune_a),
            coach=coach,
            prescriber=sw,
            prescriber_organisation=world.mds_a,
            objective="Retour à l'emploi",
            eligible=True,
            status=Status.ENTERED,
            sent_at=timezone.now() - dt.timedelta(days=20),
            accepted_at=timezone.now() - dt.timedelta(days=15),
            entered_on=today - dt.timedelta(days=10),
        )
        for _ in range(count)
    )
