"""The activity dashboard for the whole département over a year. Not a test: prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/relais_bench \
        .venv/bin/python bench/dashboard.py --visits 500000 --runs 10

Run after bench/agenda.py (which writes 1,000,000 past appointments). Adds synthetic visits
until the log holds VISITS rows, then times every figure of the dashboard, and the page.
"""

import argparse
import os
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
from django.utils import timezone  # noqa: E402

from relais.accounts.models import Membership, Role  # noqa: E402
from relais.agenda.models import Appointment  # noqa: E402
from relais.core import indicators as registry  # noqa: E402
from relais.core.indicators import Period, Scope  # noqa: E402
from relais.demo.reception import generate_visits  # noqa: E402
from relais.reception.dashboard import figures  # noqa: E402
from relais.reception.models import Visit  # noqa: E402
from relais.territory.models import Departement  # noqa: E402


def fill(target: int) -> None:
    departement = Departement.objects.get(code="82")
    seed = 1
    while Visit.objects.count() < target:
        started = time.monotonic()
        created = generate_visits(
            departement=departement, seed=seed, days=365, per_site_per_day=(60, 90)
        )
        print(f"  +{created:,} passages en {time.monotonic() - started:.0f} s".replace(",", " "))
        seed += 1
    with connection.cursor() as cursor:
        # After a bulk load, as autovacuum would: fresh statistics and a visibility map, so
        # the covering indexes can answer without reading the table.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    fill(args.visits)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    departement = Departement.objects.get(code="82")
    scope = Scope(departement.pk)
    period = Period.year_to(timezone.localdate())
    print(
        f"Base : {connection.vendor} ; {Visit.objects.count():,} passages, "
        f"{Appointment.objects.count():,} rendez-vous ; période {period.start} → {period.end}".replace(
            ",", " "
        )
    )
    per_figure = {i.code: [] for i in registry.indicators(group="reception")}
    for _ in range(args.runs):
        for indicator in registry.indicators(group="reception"):
            started = time.perf_counter()
            indicator.compute(period, scope)  # alone: no query shared with the others
            per_figure[indicator.code].append(time.perf_counter() - started)
    for code, timings in per_figure.items():
        print(f"  {code:<32} seul, médiane {statistics.median(timings) * 1000:8.1f} ms")
    totals = []
    for _ in range(args.runs):
        started = time.perf_counter()
        figures(scope, period)  # as the dashboard computes them: shared scans
        totals.append(time.perf_counter() - started)
    print(
        f"Toutes les figures (département, 1 an) : médiane {statistics.median(totals) * 1000:.0f} ms, max {max(totals) * 1000:.0f} ms"
    )

    steering = Membership.objects.filter(role=Role.STEERING).select_related("user").first()
    client = Client()
    client.force_login(steering.user)
    pages = []
    for _ in range(args.runs):
        started = time.perf_counter()
        response = client.get("/accueil/tableau-de-bord/")
        pages.append(time.perf_counter() - started)
        assert response.status_code == 200
    print(
        f"Page du tableau de bord (pilotage, département, 1 an) : médiane {statistics.median(pages) * 1000:.0f} ms, max {max(pages) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
