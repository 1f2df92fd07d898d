"""Fill the database with a large synthetic population, to measure search and lists at scale.

    DJANGO_SETTINGS_MODULE=relais.settings .venv/bin/python bench/generate_persons.py \\
        --persons 1000000 [--seed 1] [--no-events] [--batch-size 5000]

The demo territory and accounts are created first if missing (the same as `load_demo`);
persons are then added to whatever the département already holds, one transaction per batch.
Synthetic data only: never point this at a database holding real files.
"""

import argparse
import os
import sys
import time
from pathlib import Path

# Run as a plain script from anywhere: the project root must be importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Génère des personnes synthétiques en masse.")
    parser.add_argument("--persons", type=int, default=1_000_000, help="Nombre de personnes.")
    parser.add_argument("--seed", type=int, default=1, help="Graine (même graine, mêmes noms).")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--no-events", action="store_true", help="Sans fil d'actualité.")
    return parser.parse_args(argv)


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import django

    django.setup()
    from django.db import connection

    from relais.demo.accounts import ensure_demo_accounts
    from relais.demo.persons import generate_persons
    from relais.demo.territory import ensure_demo_territory
    from relais.people.models import Event, Person

    territory = ensure_demo_territory()
    ensure_demo_accounts(territory)
    before = Person.objects.filter(departement=territory.departement).count()
    print(f"Base {connection.vendor} : {_number(before)} personnes déjà présentes.", flush=True)
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        elapsed = time.monotonic() - started
        print(
            f"  {_number(done):>11} / {_number(total)} personnes — {elapsed:7.1f} s — "
            f"{_number(done / elapsed)} personnes/s",
            flush=True,
        )

    created = generate_persons(
        departement=territory.departement,
        count=args.persons,
        seed=args.seed,
        batch_size=args.batch_size,
        with_events=not args.no_events,
        progress=progress,
    )
    elapsed = time.monotonic() - started
    # A bulk load leaves the planner's statistics stale until autovacuum comes by: without
    # them PostgreSQL scans a million rows for a typo search (1.7 s) instead of the trigram
    # index (24 ms). Measurements must start from fresh statistics.
    analyze_started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Statistiques du planificateur à jour (ANALYZE) en {time.monotonic() - analyze_started:.1f} s."
    )
    events = Event.objects.filter(person__departement=territory.departement).count()
    print(
        f"Terminé : {_number(created)} personnes créées en {elapsed:.1f} s "
        f"({_number(created / elapsed)} personnes/s) ; {_number(events)} événements au total."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
