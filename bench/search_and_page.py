"""Server time of person search and of the person page, measured in-process.

Not a test: it prints figures for docs/performance.md. Run it on a database filled by
bench/generate_persons.py, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/relais_bench \
        .venv/bin/python bench/search_and_page.py --searches 300 --pages 300

Each request goes through the whole Django stack (middleware, policy, audit, template) with
the test client: the time is the server's, without network.
"""

import argparse
import os
import random
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

from relais.accounts.middleware import SESSION_MEMBERSHIP_KEY  # noqa: E402
from relais.accounts.models import Membership, Role  # noqa: E402
from relais.people.models import Person  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(label: str, timings: list[float]) -> str:
    ms = [t * 1000 for t in timings]
    return (
        f"{label:<34} n={len(ms):>4}  p50={statistics.median(ms):7.1f} ms  "
        f"p95={percentile(ms, 0.95):7.1f} ms  max={max(ms):7.1f} ms"
    )


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    index = rng.randrange(1, len(word) - 1)
    return word[:index] + word[index + 1 :]  # one letter dropped


def timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} → {response.status_code}")
    return elapsed


def searched(client: Client, query: str) -> float:
    """The search as a user runs it: POST the words (kept in the session), then the
    results page it redirects to. Returns the time of both requests together."""
    started = time.perf_counter()
    posted = client.post("/personnes/", {"q": query})
    if posted.status_code != 302:
        raise SystemExit(f"recherche {query!r} → {posted.status_code}")
    results_page.append(timed(client, posted["Location"]))
    return time.perf_counter() - started


results_page: list[float] = []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    membership = _busiest_social_worker()
    if membership is None:
        raise SystemExit(
            "Aucun compte de démonstration : lancez d'abord bench/generate_persons.py."
        )
    client = Client()
    client.force_login(membership.user)
    session = client.session  # act for this membership even if the agent has several
    session[SESSION_MEMBERSHIP_KEY] = membership.pk
    session.save()
    visible = Person.objects.visible_to(_acting(membership))
    total = Person.objects.count()
    sample = list(
        visible.order_by("?").values_list("uuid", "birth_name", "first_names", "birth_date")[
            : max(args.searches, args.pages)
        ]
    )
    print(
        f"Base : {connection.vendor}, {total:,} personnes ; agent : {membership.organisation} "
        f"({visible.count():,} dossiers visibles)".replace(",", " ")
    )
    client.get("/")  # warm-up: connection, templates, caches

    by_name, name_and_first, by_date, with_typo, pages = [], [], [], [], []
    for _uuid, birth_name, first_names, birth_date in sample[: args.searches]:
        first = first_names.split()[0]
        by_name.append(searched(client, birth_name))
        name_and_first.append(searched(client, f"{first} {birth_name}"))
        by_date.append(searched(client, f"{birth_name} {birth_date:%d/%m/%Y}"))
        with_typo.append(searched(client, f"{first} {typo(birth_name, rng)}"))
    for uuid, *_ in sample[: args.pages]:
        pages.append(timed(client, f"/personnes/{uuid}/"))

    print(summary("recherche : nom", by_name))
    print(summary("recherche : prénom nom", name_and_first))
    print(summary("recherche : nom + date de naissance", by_date))
    print(summary("recherche : prénom + nom avec faute", with_typo))
    print(summary("page de résultats (GET seul)", results_page))
    print(summary("page dossier", pages))
    everything = by_name + name_and_first + by_date + with_typo
    print(summary("recherche : toutes (POST + GET)", everything))


def _busiest_social_worker():
    """The social worker of the MDS that follows the most files: the hardest case."""
    memberships = Membership.objects.filter(
        role=Role.SOCIAL_WORKER, organisation__kind="mds"
    ).select_related("user", "organisation")
    by_organisation = {m.organisation_id: m for m in memberships}
    if not by_organisation:
        return None
    return max(
        by_organisation.values(),
        key=lambda m: Person.objects.visible_to(_acting(m)).count(),
    )


def _acting(membership):
    user = membership.user
    user.membership = membership
    return user


if __name__ == "__main__":
    main()
