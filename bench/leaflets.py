"""Server time of a site's public page and of its PDF leaflet, per language, measured in-process.

Not a test: it prints figures for docs/performance.md. It builds a throwaway test database
(never the configured one's data), loads the demo territory and the demo sites' public
information into it, then requests the busiest demo MDS site (ten services, nine documents)
through the whole Django stack with the test client:

    .venv/bin/python bench/leaflets.py --runs 10

The first leaflet of the process also loads the fonts: it is reported apart ("cold").
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
os.environ.setdefault("RELAIS_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from relais.demo.sites import ensure_public_site_information  # noqa: E402
from relais.demo.territory import ensure_demo_territory  # noqa: E402
from relais.directory.languages import PUBLIC_LANGUAGES  # noqa: E402
from relais.territory.models import Organisation, Site  # noqa: E402


def timed(client: Client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.content)


def row(label: str, timings: list[float], size: int | None = None) -> str:
    ms = [t * 1000 for t in timings]
    size_text = f"  {size / 1024:6.1f} Kio" if size else ""
    return (
        f"{label:<22} n={len(ms):>3}  moyenne={statistics.mean(ms):7.1f} ms  "
        f"min={min(ms):7.1f} ms  max={max(ms):7.1f} ms{size_text}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="Mesures par langue (défaut : 10).")
    runs = parser.parse_args().runs

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        territory = ensure_demo_territory()
        ensure_public_site_information(territory.departement)
        site = Site.objects.filter(organisation__kind=Organisation.Kind.MDS).order_by("pk").first()
        client = Client()
        page = reverse("directory:site", kwargs={"site_slug": site.public_slug})
        leaflet = reverse("directory:leaflet", kwargs={"site_slug": site.public_slug})
        print(f"{connection.vendor}, Python {platform.python_version()}, site « {site.name} »")
        cold, _ = timed(client, leaflet)
        print(f"premier dépliant du processus (polices chargées) : {cold * 1000:.0f} ms")
        for language in PUBLIC_LANGUAGES:
            query = f"?lang={language.code}"
            pages = [timed(client, page + query)[0] for _ in range(runs)]
            pdfs = [timed(client, leaflet + query) for _ in range(runs)]
            print(row(f"page {language.code}", pages))
            print(row(f"dépliant PDF {language.code}", [t for t, _ in pdfs], pdfs[-1][1]))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
