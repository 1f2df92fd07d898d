"""One way to turn a template and its data into a PDF: leaflets now, letters later.

WeasyPrint needs Pango, a system library: it is imported only when a PDF is asked for, so
that the rest of Relais runs on a machine without it, and a missing library becomes
`PdfUnavailable`, which views turn into a clear page rather than a crash.
"""

from django.template.loader import render_to_string

# Only inline images (data: URIs) and local files: a template never makes the server fetch
# anything from the network, whatever text ends up in it.
ALLOWED_PROTOCOLS = ("data", "file")


class PdfUnavailable(RuntimeError):
    """The PDF engine cannot run on this machine (WeasyPrint or Pango is missing)."""


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render `template_name` with `context` as HTML, then print it to PDF bytes.

    The template brings its own print CSS (@page size, fonts). `base_url` resolves the
    relative links of the template (e.g. a directory of local images), if it has any.
    The active language at call time is the one the template is rendered in.
    """
    html = render_to_string(template_name, context)
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: Pango's shared library not found
        raise PdfUnavailable(str(error)) from error
    fetcher = URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
