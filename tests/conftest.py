"""Personas: agents of MDS A and MDS B, a partner, steering, an employer, a two-hat agent."""

from dataclasses import dataclass

import pytest

from relais.accounts.models import Role
from relais.core import sms
from relais.territory.models import Organisation
from tests.factories import (
    CommuneFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SectorFactory,
    SiteFactory,
)

# Agenda fixtures (agenda_a, motive…) serve the browser tests too.
pytest_plugins = ["tests.agenda.fixtures"]


@dataclass
class World:
    commune_a: object
    commune_b: object
    mds_a: object
    mds_b: object
    partner: object
    dast: object
    users: dict
    person_a: object
    person_b: object

    def user(self, name):
        return self.users[name]


def _member(organisation, role, **user_fields):
    membership = MembershipFactory(
        organisation=organisation,
        role=role,
        user__is_active=True,
        **{f"user__{k}": v for k, v in user_fields.items()},
    )
    user = membership.user
    user.membership = membership
    return user


@pytest.fixture
def world(db):
    commune_a = CommuneFactory(insee_code="82121", name="Montauban", postcodes="82000")
    commune_b = CommuneFactory(insee_code="82112", name="Moissac", postcodes="82200")
    mds_a = OrganisationFactory(name="MDS A")
    mds_b = OrganisationFactory(name="MDS B")
    SiteFactory(organisation=mds_a, commune=commune_a, name="Site A")
    SiteFactory(organisation=mds_b, commune=commune_b, name="Site B")
    SectorFactory(organisation=mds_a, communes=[commune_a])
    SectorFactory(organisation=mds_b, communes=[commune_b])
    partner = OrganisationFactory(name="Association partenaire", kind=Organisation.Kind.ASSOCIATION)
    dast = OrganisationFactory(name="DAST", kind=Organisation.Kind.DEPARTEMENT_SERVICE)
    employer_org = OrganisationFactory(name="Employeur", kind=Organisation.Kind.EMPLOYER)
    users = {
        "social_worker_a": _member(mds_a, Role.SOCIAL_WORKER),
        "employment_agent_a": _member(mds_a, Role.EMPLOYMENT_AGENT),
        "reception_a": _member(mds_a, Role.RECEPTION_OFFICER),
        "manager_a": _member(mds_a, Role.MDS_MANAGER),
        "social_worker_b": _member(mds_b, Role.SOCIAL_WORKER),
        "manager_b": _member(mds_b, Role.MDS_MANAGER),
        "operator": _member(partner, Role.OPERATOR),
        "steering": _member(dast, Role.STEERING),
        "employer": _member(employer_org, Role.EMPLOYER),
    }
    person_a = PersonFactory(commune=commune_a, birth_name="DUPONT", first_names="François")
    person_b = PersonFactory(commune=commune_b, birth_name="MARTIN", first_names="Léa")
    return World(commune_a, commune_b, mds_a, mds_b, partner, dast, users, person_a, person_b)


@pytest.fixture
def as_user(client):
    """Log the client in as a persona: as_user(world.user("manager_a"))."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    # Argon2 is slow by design; a test of its own checks that production settings use it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.RELAIS_SMS_BACKEND = "relais.core.sms.LocmemBackend"
    sms.outbox.clear()
    # Tasks run in the test's process as soon as they are enqueued (after commit).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
