import datetime as dt
import io
import sys

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from relais.directory.leaflet import leaflet_context, qr_code_data_uri
from relais.territory.models import Site

A4_POINTS = (595, 842)


def leaflet_url(site, language=None):
    url = reverse("directory:leaflet", kwargs={"site_slug": site.public_slug})
    return f"{url}?lang={language}" if language else url


def pdf_text(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("language", "fixed_text"),
    [
        ("fr", "Maison Départementale des Solidarités"),
        ("en", "Opening days and hours"),
        ("es", "Días y horario de apertura"),
        ("ar", None),  # Arabic glyphs come out shaped; the hours and the name are checked
    ],
)
def test_it_prints_an_a4_leaflet_with_the_hours_in_each_language(
    client, mds_site, language, fixed_text
):
    response = client.get(leaflet_url(mds_site, language))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"depliant-{mds_site.public_slug}-{language}.pdf" in response["Content-Disposition"]
    reader, text = pdf_text(response)
    width, height = (round(float(side)) for side in reader.pages[0].mediabox.upper_right)
    assert (width, height) == A4_POINTS
    assert "08:30" in text and "12:00" in text and "17:00" in text
    assert "Site de Moissac" in text
    assert settings.RELAIS_DEPARTEMENT_NAME in text
    if fixed_text:
        assert fixed_text in text
    if language != "fr":
        assert "Jours et horaires d'ouverture" not in text


def test_the_arabic_leaflet_is_laid_out_right_to_left(mds_site):
    context = leaflet_context(mds_site, language="ar", today=dt.date(2025, 7, 1))

    with translation.override("ar"):
        html = render_to_string("directory/leaflet.html", context)

    assert '<html lang="ar" dir="rtl">' in html
    assert "أيام ومواعيد العمل" in html
    assert '<span dir="ltr">05 63 91 01 11</span>' in html  # digits groups kept in order


def test_the_leaflet_lists_the_holidays_of_its_date(mds_site):
    context = leaflet_context(mds_site, language="fr", today=dt.date(2025, 12, 1))
    holidays = [(n.start, n.reason.text) for n in context["info"].closures if n.is_holiday]

    assert (dt.date(2025, 12, 25), "Noël") in holidays


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_qr_code_encodes_the_absolute_address_of_the_public_page(mds_site, settings, language):
    settings.RELAIS_BASE_URL = "https://relais.tarnetgaronne.example"
    context = leaflet_context(mds_site, language=language, today=dt.date(2025, 7, 1))

    expected = f"https://relais.tarnetgaronne.example/sites/{mds_site.public_slug}/"
    if language != "fr":
        expected += f"?lang={language}"
    assert context["public_url"] == expected
    assert context["qr_code"] == qr_code_data_uri(expected)
    assert context["qr_code"] != qr_code_data_uri(expected + "x")
    assert context["qr_code"].startswith("data:image/svg+xml;base64,")


def test_it_answers_a_french_503_page_when_the_pdf_engine_cannot_load(
    client, mds_site, monkeypatch
):
    # As on a machine without Pango: importing WeasyPrint fails.
    monkeypatch.setitem(sys.modules, "weasyprint", None)

    response = client.get(leaflet_url(mds_site, "en"))

    assert response.status_code == 503
    text = response.content.decode()
    assert "Le dépliant ne peut pas être créé pour le moment" in text
    assert '<html lang="fr"' in text
    assert reverse("directory:site", kwargs={"site_slug": mds_site.public_slug}) in text


def test_the_leaflet_of_an_unpublished_site_is_a_404(client, mds_site):
    Site.objects.filter(pk=mds_site.pk).update(is_public=False)

    assert client.get(leaflet_url(mds_site)).status_code == 404
