"""The printable leaflet of a site (action sheet 2.1): the public page's data on one A4 sheet.

Its QR code leads to the public page in the leaflet's own language, so that the reader who
scans it lands on the up-to-date hours in the language they were handed.
"""

import base64
import datetime as dt

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from relais.core.pdf import render_pdf
from relais.directory.languages import language_query
from relais.directory.queries import site_information
from relais.territory.models import Site


def public_url(site: Site, language: str) -> str:
    """The absolute address of the site's public page in `language`."""
    path = reverse("directory:site", kwargs={"site_slug": site.public_slug})
    return f"{settings.RELAIS_BASE_URL}{path}{language_query(language)}"


def qr_code_data_uri(url: str) -> str:
    """The QR code of `url` as an inline SVG image (no file, no network for the PDF engine)."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def leaflet_context(site: Site, *, language: str, today: dt.date) -> dict:
    url = public_url(site, language)
    return {
        "info": site_information(site, today=today, language=language),
        "language": language,
        "public_url": url,
        "qr_code": qr_code_data_uri(url),
        "departement_name": settings.RELAIS_DEPARTEMENT_NAME,
    }


def render_leaflet(site: Site, *, language: str, today: dt.date) -> bytes:
    """The A4 PDF leaflet; raises core.pdf.PdfUnavailable where WeasyPrint cannot run."""
    with translation.override(language):
        return render_pdf(
            "directory/leaflet.html", leaflet_context(site, language=language, today=today)
        )
