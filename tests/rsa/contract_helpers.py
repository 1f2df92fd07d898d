"""Rows for the contract tests, made directly with the models (the services are under test)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from relais.rsa.models import Contract, ContractAction, JointSupport, Orientation
from relais.territory.models import Organisation
from tests.factories import OrganisationFactory


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def make_orientation(person, *, decided_on=None, notified=False, notified_on=None, **fields):
    decided_on = decided_on or days_ago(20)
    if notified and notified_on is None:
        notified_on = decided_on + dt.timedelta(days=2)
    return Orientation.objects.create(
        person=person,
        track=fields.pop("track", "professional"),
        referent_body=fields.pop("referent_body", "departement"),
        decided_on=decided_on,
        notified_on=notified_on,
        **fields,
    )


def make_contract(person, *, orientation=None, status="draft", hours=(10, 5), **fields):
    """A contract with one action per entry of `hours`; signed_on is set unless a draft."""
    starts_on = fields.pop("starts_on", days_ago(5))
    contract = Contract.objects.create(
        person=person,
        kind=fields.pop("kind", Contract.Kind.ENGAGEMENT),
        orientation=orientation,
        status=status,
        objectives=fields.pop("objectives", "Retrouver un emploi dans la logistique."),
        starts_on=starts_on,
        ends_on=fields.pop("ends_on", starts_on + dt.timedelta(days=180)),
        signed_on=fields.pop("signed_on", None if status == "draft" else starts_on),
        **fields,
    )
    for position, value in enumerate(hours):
        ContractAction.objects.create(
            contract=contract,
            label=f"Action {position + 1}",
            hours_per_week=Decimal(str(value)),
            position=position,
        )
    return contract


def agency(world, name="France Travail Montauban"):
    found = Organisation.objects.filter(departement=world.mds_a.departement, name=name).first()
    return found or OrganisationFactory(
        departement=world.mds_a.departement, kind=Organisation.Kind.FRANCE_TRAVAIL, name=name
    )


def make_support(world, person=None, *, starts_on=None, ends_on=None, outcome="", axis=2):
    return JointSupport.objects.create(
        person=person or world.person_a,
        axis=axis,
        adviser_name="Claire Conseil",
        agency=agency(world),
        social_worker=world.user("social_worker_a"),
        starts_on=starts_on or days_ago(30),
        ends_on=ends_on,
        outcome=outcome,
    )
