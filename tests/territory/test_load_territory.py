"""The territory's reference data, and the directory built on it."""

import datetime as dt
import json
from dataclasses import fields
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from relais.territory.models import Commune, Epci, OpeningHours, Site
from relais.territory.services import TerritoryReport, load_territory
from tests.factories import CommuneFactory, DepartementFactory, OrganisationFactory, SiteFactory

# A box around Tarn-et-Garonne: a swapped latitude/longitude or a foreign commune falls out.
LATITUDES = (Decimal("43.7"), Decimal("44.5"))
LONGITUDES = (Decimal("0.7"), Decimal("2.1"))


def test_it_loads_the_195_communes_and_10_epci_of_tarn_et_garonne(db):
    report = load_territory()
    assert (report.communes_created, report.epcis_created) == (195, 10)
    assert Commune.objects.filter(departement__code="82").count() == 195
    assert Epci.objects.filter(departement__code="82").count() == 10
    montauban = Commune.objects.get(insee_code="82121")
    assert (montauban.name, montauban.epci.name) == ("Montauban", "CA Grand Montauban")


def test_every_commune_has_coordinates_in_the_departement_and_an_epci(db):
    load_territory()
    assert not Commune.objects.filter(epci__isnull=True).exists()
    for latitude, longitude in Commune.objects.values_list("latitude", "longitude"):
        assert LATITUDES[0] < latitude < LATITUDES[1]
        assert LONGITUDES[0] < longitude < LONGITUDES[1]
    # Every EPCI groups communes, and together they cover the département.
    assert not Epci.objects.filter(communes__isnull=True).exists()


def test_loading_twice_changes_nothing(db):
    load_territory()
    before = list(Commune.objects.order_by("pk").values_list("pk", "updated_at"))
    report = load_territory()
    assert report == TerritoryReport(communes_unchanged=195, epcis_unchanged=10)
    assert list(Commune.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_it_updates_in_place_the_communes_that_already_exist(world):
    report = load_territory()
    assert (report.communes_created, report.communes_updated) == (193, 2)
    world.commune_a.refresh_from_db()
    assert world.commune_a.latitude != Decimal("44.01")  # The factory's placeholder is gone.
    assert world.person_a.commune_id == world.commune_a.pk


def test_the_command_prints_one_json_summary(db):
    out = StringIO()
    call_command("load_territory", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert set(summary) == {field.name for field in fields(TerritoryReport)}
    assert set(summary) == {
        "communes_created",
        "communes_updated",
        "communes_unchanged",
        "epcis_created",
        "epcis_updated",
        "epcis_unchanged",
    }
    assert summary["communes_created"] == 195
    assert summary["epcis_created"] == 10


@pytest.fixture
def agent(world, as_user):
    return as_user(world.user("reception_a"))


def test_the_directory_lists_the_sites_of_the_departement(world, agent):
    response = agent.get(reverse("territory:directory"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Site A" in body and "Site B" in body
    site_a = Site.objects.get(name="Site A")
    assert reverse("territory:site", args=[site_a.pk]) in body


def test_the_directory_keeps_only_first_reception_sites_when_asked(world, agent):
    Site.objects.filter(name="Site A").update(is_first_reception=True)
    body = agent.get(reverse("territory:directory"), {"premier_accueil": "1"}).content.decode()
    assert "Site A" in body
    assert "Site B" not in body
    assert "Site B" in agent.get(reverse("territory:directory")).content.decode()


def test_the_directory_counts_a_first_reception_organisation_s_sites(world, agent):
    world.mds_b.is_first_reception = True
    world.mds_b.save(update_fields=["is_first_reception"])
    body = agent.get(reverse("territory:directory"), {"premier_accueil": "1"}).content.decode()
    assert "Site B" in body
    assert "Site A" not in body


def test_the_site_page_shows_its_address_and_opening_hours(world, agent):
    site = Site.objects.get(name="Site A")
    OpeningHours.objects.create(
        site=site, weekday=0, opens_at=dt.time(8, 30), closes_at=dt.time(12, 0)
    )
    body = agent.get(reverse("territory:site", args=[site.pk])).content.decode()
    assert site.address in body
    assert "Lundi" in body and "08h30 – 12h00" in body


def test_the_site_page_of_another_departement_is_a_404(world, agent):
    other = DepartementFactory(code="31", name="Haute-Garonne")
    site = SiteFactory(
        organisation=OrganisationFactory(departement=other),
        commune=CommuneFactory(departement=other),
    )
    assert agent.get(reverse("territory:site", args=[site.pk])).status_code == 404


def test_the_professionals_directory_lists_the_agents_of_the_departement(world, agent):
    body = agent.get(reverse("accounts:professionals")).content.decode()
    for persona in ("social_worker_a", "manager_b", "operator"):
        assert world.user(persona).email in body
    narrowed = agent.get(reverse("accounts:professionals"), {"q": "MDS B"}).content.decode()
    assert world.user("manager_b").email in narrowed
    assert world.user("social_worker_a").email not in narrowed
