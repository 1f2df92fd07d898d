"""The public guide: the département's reception sites, their page and their leaflet.

No login: these pages are for the people who come to the sites. They show only what a site
publishes (never a person's data) and speak French, English, Spanish or Arabic (`?lang=`).
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from relais.core.pdf import PdfUnavailable
from relais.directory import queries
from relais.directory.languages import (
    DEFAULT_LANGUAGE,
    PUBLIC_LANGUAGES,
    language_from,
    language_query,
)
from relais.directory.leaflet import render_leaflet

logger = logging.getLogger("relais.directory")


def _render(request, template, context, *, language, status=200):
    with translation.override(language):
        response = render(
            request,
            template,
            {
                **context,
                "language": language,
                "languages": PUBLIC_LANGUAGES,
                "lang_query": language_query(language),
            },
            status=status,
        )
    response["Content-Language"] = language
    return response


@login_not_required
@require_GET
def site_list(request):
    language = language_from(request)
    context = {"sites": queries.public_site_list()}
    return _render(request, "directory/site_list.html", context, language=language)


@login_not_required
@require_GET
def site_page(request, site_slug):
    language = language_from(request)
    today = timezone.localdate()
    site = queries.public_site(site_slug, today=today)
    if site is None:
        return _not_found(request, language)
    with translation.override(language):
        info = queries.site_information(site, today=today, language=language)
    return _render(request, "directory/site_page.html", {"info": info}, language=language)


@login_not_required
@require_GET
def site_leaflet(request, site_slug):
    language = language_from(request)
    today = timezone.localdate()
    site = queries.public_site(site_slug, today=today)
    if site is None:
        return _not_found(request, language)
    try:
        pdf = render_leaflet(site, language=language, today=today)
    except PdfUnavailable:
        logger.exception("Dépliant PDF impossible : moteur PDF indisponible")
        return _render(
            request,
            "directory/pdf_unavailable.html",
            {"site": site},
            language=DEFAULT_LANGUAGE,
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="depliant-{site.public_slug}-{language}.pdf"'
    )
    response["Content-Language"] = language
    return response


def _not_found(request, language):
    # The same page for a site that does not exist and one that is not published.
    return _render(request, "directory/site_not_found.html", {}, language=language, status=404)
