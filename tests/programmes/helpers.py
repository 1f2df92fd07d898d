"""Programmes, coaches and consented persons for the insertion offer's tests."""

import datetime as dt

from relais.accounts.models import Role
from relais.people.models import Consent
from relais.programmes.models import CapacityModel, IntakeMode, Programme, ProgrammeCoach, Session
from tests.factories import MembershipFactory, PersonFactory


def make_programme(operator, **fields) -> Programme:
    """A continuous programme with 2 places, open to all, unless `fields` say otherwise."""
    defaults = {
        "departement": operator.departement,
        "operator": operator,
        "code": f"action-{Programme.objects.count() + 1}",
        "name": f"Action {Programme.objects.count() + 1}",
        "kind": "support",
        "action_sheet": "8.2",
        "capacity_model": CapacityModel.CONTINUOUS,
        "places": 2,
        "intake_mode": IntakeMode.CONTINUOUS,
        "usual_duration_days": 90,
    }
    defaults.update(fields)
    return Programme.objects.create(**defaults)


def make_session(programme, starts_on: dt.date, places: int, days: int = 90) -> Session:
    return Session.objects.create(
        programme=programme,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days),
        places=places,
    )


def make_coach(programme, **user_fields):
    membership = MembershipFactory(
        organisation=programme.operator,
        role=Role.OPERATOR,
        **{f"user__{k}": v for k, v in user_fields.items()},
    )
    ProgrammeCoach.objects.create(programme=programme, user=membership.user)
    return membership.user


def consent(person, given: bool = True) -> None:
    Consent.objects.create(person=person, purpose=Consent.Purpose.SHARING, given=given)


def consented_person(commune, **fields):
    person = PersonFactory(commune=commune, departement=commune.departement, **fields)
    consent(person)
    return person
