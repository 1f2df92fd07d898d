"""A visitor with no account reads a site's public page, in French then in Arabic."""

import datetime as dt

import pytest

from relais.territory.models import OpeningHours, Organisation
from tests.factories import OrganisationFactory, SiteFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def public_site(transactional_db):
    site = SiteFactory(
        organisation=OrganisationFactory(name="MDS de Moissac", kind=Organisation.Kind.MDS),
        name="Maison Départementale des Solidarités — site de Moissac",
        address="21 quai des Pêcheurs",
        phone="05 63 91 01 11",
        email="accueil.moissac@demo.invalid",
        languages="français, arabe",
        services="Aide aux démarches en ligne\nAtelier cuisine du jeudi",
        documents_to_bring="Pièce d'identité ou titre de séjour",
        is_first_reception=True,
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            site=site, weekday=weekday, opens_at=dt.time(8, 30), closes_at=dt.time(12, 0)
        )
    return site


def fits(page, width):
    page.page.set_viewport_size({"width": width, "height": 800})
    overflow = page.page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"{page.page.url} déborde à {width} px ({overflow} px)"


def test_a_visitor_reads_a_site_page_in_french_then_in_arabic(page, public_site):
    page.goto("/sites/")
    assert page.page.get_by_text("Premier accueil").first.is_visible()
    page.page.get_by_role("link", name=public_site.name).click()
    page.check()

    html = page.page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("fr", "ltr")
    assert page.page.get_by_role("heading", name="Jours et horaires d'ouverture").is_visible()
    assert "08:30" in page.page.locator("main").inner_text()
    fits(page, 320)

    page.page.set_viewport_size({"width": 1280, "height": 800})
    page.page.get_by_role("link", name="العربية").click()
    page.check()

    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert page.page.url.endswith(f"/sites/{public_site.public_slug}/?lang=ar")
    assert page.page.get_by_role("heading", name="أيام ومواعيد العمل").is_visible()
    # Right to left: a short line of text starts at the right edge of the content column.
    link = page.page.get_by_role("link", name="تنزيل المطوية القابلة للطباعة (PDF، A4)")
    box, main = link.bounding_box(), page.page.locator("main").bounding_box()
    assert box["x"] + box["width"] > main["x"] + main["width"] - 5
    assert box["x"] > main["x"] + 100
    fits(page, 320)


def test_every_public_page_passes_axe_in_each_language(page, public_site):
    for path in ["/sites/", f"/sites/{public_site.public_slug}/", "/sites/nulle-part/"]:
        for query in ["", "?lang=en", "?lang=es", "?lang=ar"]:
            page.goto(path + query)
