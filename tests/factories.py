"""Factories with domain traits; the personas in conftest.py are built from them."""

import datetime as dt
from decimal import Decimal

import factory

from relais.accounts.models import Membership, Role, User
from relais.people.models import Person, Sex
from relais.territory.models import Commune, Departement, Organisation, Sector, Site

PASSWORD = "mot-de-passe-de-test-2026"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = "82"
    name = "Tarn-et-Garonne"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    departement = factory.SubFactory(DepartementFactory)
    # INSEE codes are 5 characters (PostgreSQL enforces it): the counter wraps past 82999,
    # far beyond the communes one test creates.
    insee_code = factory.Sequence(lambda n: f"82{n % 800 + 200:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    postcodes = "82000"
    population = 1000
    latitude = Decimal("44.01")
    longitude = Decimal("1.35")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    departement = factory.SubFactory(DepartementFactory)
    kind = Organisation.Kind.MDS
    name = factory.Sequence(lambda n: f"MDS n°{n}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    address = "1 place de la Mairie"
    commune = factory.SubFactory(CommuneFactory)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Secteur {n}")

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@exemple.invalid")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.SOCIAL_WORKER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    departement = factory.SubFactory(DepartementFactory)
    birth_name = factory.Sequence(lambda n: f"NOM{n}")
    first_names = "Alex"
    sex = Sex.FEMALE
    birth_date = dt.date(1985, 3, 27)
    commune = factory.SubFactory(CommuneFactory)

    class Params:
        with_caf = factory.Trait(caf_number=factory.Sequence(lambda n: f"{1000000 + n}"))
