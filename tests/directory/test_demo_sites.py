import pytest
from django.utils import translation

from relais.demo.sites import ensure_public_site_information
from relais.demo.territory import ensure_demo_territory
from relais.directory.queries import public_sites
from relais.directory.vocabulary import translate_lines
from relais.territory.models import Organisation, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    return ensure_demo_territory()


def test_it_gives_every_public_demo_site_its_services_and_documents(territory):
    filled = ensure_public_site_information(territory.departement)

    assert filled == public_sites().count()
    for site in public_sites():
        assert site.services and site.documents_to_bring, site.name
    employer_site = Site.objects.get(organisation__kind=Organisation.Kind.EMPLOYER)
    assert employer_site.services == ""


def test_every_demo_line_reads_translated_in_every_language(territory):
    ensure_public_site_information(territory.departement)

    for site in public_sites():
        for language in ("en", "es", "ar"):
            with translation.override(language):
                lines = translate_lines(site.services + "\n" + site.documents_to_bring, language)
            untranslated = [line.text for line in lines if line.lang]
            assert untranslated == [], f"{site.name} ({language})"


def test_it_changes_nothing_when_run_again_or_after_a_site_s_team_edited_it(territory):
    ensure_public_site_information(territory.departement)
    edited = Site.objects.filter(organisation__kind=Organisation.Kind.MDS).first()
    edited.services = "Permanence logement le mardi"
    edited.documents_to_bring = ""  # emptied on purpose: not to be filled again
    edited.save(update_fields=["services", "documents_to_bring"])
    before = list(Site.objects.order_by("pk").values("services", "documents_to_bring"))

    assert ensure_public_site_information(territory.departement) == 0

    assert list(Site.objects.order_by("pk").values("services", "documents_to_bring")) == before
