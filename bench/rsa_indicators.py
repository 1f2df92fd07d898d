"""The RSA pathway's indicators (action sheet 5.2) on a large synthetic dataset. Not a test.

    createdb -h 127.0.0.1 -U postgres relais_bench_rsa_ind
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/relais_bench_rsa_ind
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/rsa_indicators.py --persons 100000 --runs 5 \
        [--baseline b40003e] [--index] [--explain]

Setup, once (a second run reuses the data; --rebuild rewrites the pathways): the demo
territory and accounts, PERSONS synthetic persons, then about 60 % of them made RSA
beneficiaries with a pathway since 2018 — the household's right history (opening,
suspensions, closures), the rights-and-duties history (entries, exits, re-entries),
orientations (some reoriented), chains of contracts (renewals, a few drafts), exits of the
pathway — all bulk-inserted, then VACUUM ANALYZE. Synthetic data only.

Measured, year 2025, medians of RUNS: each figure alone for the département and for the MDS
with the most persons, the six together, the page through the whole Django stack (steering:
the département; the MDS's manager: their MDS) and the first page of each drill-down (the
manager). --baseline REV measures beside them the queries as they were at REV, a revision
where they were one module (`git show`: the checkout is not touched); the two versions
alternate run by run, so the load of the shared machine weighs on both alike. --index adds
a third version, the current queries with the proposed index (PROPOSED_INDEXES: created
before its runs and dropped after them; a proposal, not a migration). --explain prints
EXPLAIN ANALYZE of the slowest query of the slowest figure.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
import types
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
os.environ.setdefault("RELAIS_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from relais.accounts.middleware import SESSION_MEMBERSHIP_KEY  # noqa: E402
from relais.accounts.models import Membership, Role  # noqa: E402
from relais.core.indicators import Period, Scope  # noqa: E402
from relais.demo.accounts import ensure_demo_accounts  # noqa: E402
from relais.demo.persons import generate_persons  # noqa: E402
from relais.demo.territory import ensure_demo_territory  # noqa: E402
from relais.people.models import Household, Person  # noqa: E402
from relais.rsa import indicators as figures  # noqa: E402
from relais.rsa.models import (  # noqa: E402
    Beneficiary,
    CafFlow,
    Contract,
    DutiesChange,
    Exit,
    Orientation,
    RightStateChange,
    RsaFile,
)
from relais.rsa.views import indicators as views  # noqa: E402
from relais.territory.models import Organisation, Sector  # noqa: E402

FIRST_DAY, TODAY = dt.date(2018, 1, 1), dt.date(2026, 11, 29)
PERIOD = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
QUERY = "du=2025-01-01&au=2025-12-31"
DUTY_ROLES = {"DEM", "CJT", "RDO"}
ROLES = {"applicant": "DEM", "partner": "CJT", "child": "ENF", "other": "AUT"}
TRACKS = [("professional", "france_travail")] * 5 + [
    ("socio_professional", "departement"),
    ("socio_professional", "departement"),
    ("social", "departement"),
]
REASONS = ["durable_job"] * 3 + ["short_job"] * 3 + ["training"] * 2 + ["income"] * 4
REASONS += ["moved", "moved", "death", "other", "other"]
# PROPOSED INDEX, not in the models yet: the latest orientation of a person read from the index
# alone (no sort, no table), for "the orientation in force" (first contracts, contractualisation).
# It would replace orientation_person_idx (person, -decided_on). Created by --index only.
PROPOSED_INDEXES = {
    "bench_orientation_person_latest_idx": (
        "CREATE INDEX IF NOT EXISTS bench_orientation_person_latest_idx ON rsa_orientation "
        "(person_id, decided_on DESC, id DESC) INCLUDE (is_reorientation, track)"
    ),
}


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class Pathways:
    """Unsaved rows of the beneficiaries' pathways, filled one household at a time."""

    def __init__(self, rng: random.Random, flow_id: int):
        self.rng, self.flow_id = rng, flow_id
        self.duties, self.orientations, self.contracts, self.exits = [], [], [], []

    def right_history(self, opened: dt.date) -> tuple[list[tuple[str, dt.date]], dt.date | None]:
        rng, states, day = self.rng, [("2", opened)], opened
        if rng.random() < 0.15:  # a suspension, lifted after a few months
            day = day + days(rng.randint(30, 400))
            states += [("3", day), ("2", day + days(rng.randint(30, 120)))]
            day = states[-1][1]
        closed = None
        if rng.random() < 0.55:
            closed = day + days(30 + int(rng.expovariate(1 / 600)))
            states.append(("5" if rng.random() < 0.8 else "6", closed))
            if rng.random() < 0.1:  # the CAF says it twice (5 then 6), a month apart
                states.append(("6", closed + days(31)))
        return [
            (s, on) for s, on in states if on <= TODAY
        ], closed if closed and closed <= TODAY else None

    def adult(self, person_id: int, opened: dt.date, closed: dt.date | None) -> dt.date | None:
        """One adult's rights and duties, orientation, contracts and exit; their entry date."""
        rng, end = self.rng, min(closed or TODAY, TODAY)
        entered = opened + days(rng.randint(0, 25))
        if entered > end or rng.random() < 0.1:
            return None
        self.duty(person_id, entered, True, entry=True)
        if closed:
            self.duty(person_id, closed, False)
        elif rng.random() < 0.1:  # left the duties for a while (income), some came back
            left = entered + days(rng.randint(100, 700))
            if left < TODAY:
                self.duty(person_id, left, False)
                back = left + days(rng.randint(60, 500))
                if rng.random() < 0.5 and back < TODAY:
                    self.duty(person_id, back, True, entry=True)
        decided = entered + days(min(int(rng.lognormvariate(3.6, 0.6)), 400))
        if rng.random() < 0.9 and decided <= end:
            self._orientation(person_id, entered, decided, end)
        if closed and rng.random() < 0.55:
            self._exit(person_id, closed - days(rng.randint(-20, 110)))
        elif rng.random() < 0.04:
            self._exit(person_id, entered + days(rng.randint(60, 1500)))
        return entered

    def duty(self, person_id, on, subject, entry=False):
        row = DutiesChange(person_id=person_id, subject_to_duties=subject, is_entry=entry, on=on)
        row.reference_date, row.flow_id = on, self.flow_id
        self.duties.append(row)

    def _orient(self, person_id, decided, **fields):
        row = Orientation(person_id=person_id, decided_on=decided, **fields)
        row.track, row.referent_body = self.rng.choice(TRACKS)
        self.orientations.append(row)

    def _orientation(self, person_id, entered, decided, end):
        rng = self.rng
        stored = entered if rng.random() < 0.6 else None  # history imports do not know it
        source = "relais" if stored else "history"
        self._orient(person_id, decided, duties_entered_on=stored, source=source)
        again = decided + days(rng.randint(90, 700))
        if rng.random() < 0.1 and again <= end:
            self._orient(person_id, again, is_reorientation=True)
        if rng.random() < 0.85:
            self._contracts(person_id, decided + days(int(rng.expovariate(1 / 25))), end)
        if rng.random() < 0.04:
            starts = decided + days(rng.randint(0, 60))
            self._contract(person_id, starts, 180, signed_on=None, status="draft")

    def _contract(self, person_id, starts, length, **fields):
        row = Contract(person_id=person_id, starts_on=starts, ends_on=starts + days(length))
        row.kind = "engagement" if starts.year >= 2025 else self.rng.choice(("cer", "ppae"))
        row.signed_on, row.status = fields.get("signed_on", starts), fields.get("status", "active")
        self.contracts.append(row)
        return row

    def _contracts(self, person_id, signed, end):
        """A first contract, then renewals until the pathway ends (or by chance)."""
        previous = None
        while signed <= end:
            contract = self._contract(person_id, signed, self.rng.choice((180, 365, 365)))
            if previous is not None:
                previous.status = "renewed"
            if contract.ends_on < TODAY:
                contract.status, contract.ended_on = "ended", contract.ends_on
            if self.rng.random() > 0.8:
                break
            previous, signed = contract, contract.ends_on - days(self.rng.randint(-30, 15))

    def _exit(self, person_id, on):
        if on <= TODAY:
            reason = self.rng.choice(REASONS)
            self.exits.append(Exit(person_id=person_id, on=on, reason=reason))


def build(persons: int, seed: int, rebuild: bool = False) -> None:
    territory = ensure_demo_territory()
    ensure_demo_accounts(territory)
    departement = territory.departement
    have = Person.objects.filter(departement=departement).count()
    if have < persons:
        started = time.monotonic()
        generate_persons(
            departement=departement, count=persons - have, seed=seed, with_events=False
        )
        print(f"Personnes : {persons - have} créées en {time.monotonic() - started:.0f} s")
    if Beneficiary.objects.exists() and not rebuild:
        return
    started = time.monotonic()
    with transaction.atomic():
        if rebuild:  # the bench's own rows only: nothing else writes to this database
            for model in (Exit, Contract, Orientation, DutiesChange, RightStateChange, Beneficiary):
                model.objects.all().delete()
            RsaFile.objects.all().delete()
            CafFlow.objects.all().delete()
        _pathways(departement, random.Random(seed))
    print(f"Parcours RSA écrits en {time.monotonic() - started:.0f} s")
    analyze()


def _pathways(departement, rng: random.Random) -> None:
    flow = CafFlow.objects.create(
        departement=departement, sha256="b" * 64, file_name="banc.xml", size=1, status="done"
    )
    members: dict = {}
    for pk, household_id, role in Person.objects.filter(departement=departement).values_list(
        "pk", "household_id", "household_role"
    ):
        members.setdefault(household_id or -pk, []).append((pk, ROLES.get(role, "DEM")))
    chosen = [(key, group) for key, group in sorted(members.items()) if rng.random() < 0.6]
    missing = [Household(departement=departement) for key, _ in chosen if key < 0]
    Household.objects.bulk_create(missing, batch_size=5000)
    households = iter(missing)
    paths, files, states, beneficiaries = Pathways(rng, flow.pk), [], [], []
    for n, (key, group) in enumerate(chosen, start=1):
        opened = FIRST_DAY + days(rng.randint(0, (TODAY - FIRST_DAY).days - 20))
        history, closed = paths.right_history(opened)
        file = RsaFile(
            departement=departement,
            household_id=key if key > 0 else next(households).pk,
            caf_number=f"{n:07d}",
            application_number=f"{n:011d}",
            application_date=opened,
            right_state=history[-1][0],
            right_state_since=history[-1][1],
            content_hash="x",
            last_flow=flow,
        )
        files.append(file)
        states += [RightStateChange(rsa_file=file, state=s, on=on, flow=flow) for s, on in history]
        for person_id, role in group:
            entered = paths.adult(person_id, opened, closed) if role in DUTY_ROLES else None
            if entered is None:  # the import records every beneficiary's flag at first sight
                paths.duty(person_id, opened, False)
            beneficiaries.append(
                Beneficiary(
                    person_id=person_id,
                    rsa_file=file,
                    caf_role=role,
                    content_hash="x",
                    subject_to_duties=entered is not None and closed is None,
                    duties_entered_on=entered,
                )
            )
    RsaFile.objects.bulk_create(files, batch_size=5000)
    for model, rows in [
        (Beneficiary, beneficiaries),
        (RightStateChange, states),
        (DutiesChange, paths.duties),
        (Orientation, paths.orientations),
        (Contract, paths.contracts),
        (Exit, paths.exits),
    ]:
        model.objects.bulk_create(rows, batch_size=5000)
        print(f"  {model.__name__} : {len(rows)}")


def analyze() -> None:
    with connection.cursor() as cursor:
        # After a bulk load, as autovacuum would: fresh statistics and a visibility map.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def proposed_indexes(create: bool) -> None:
    with connection.cursor() as cursor:
        for name, sql in PROPOSED_INDEXES.items():
            cursor.execute(sql if create else f"DROP INDEX IF EXISTS {name}")


def baseline_module(revision: str) -> types.ModuleType:
    """The queries module as it was at `revision`, loaded beside the current one."""
    source = subprocess.run(
        ["git", "show", f"{revision}:relais/rsa/queries/indicators.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType(f"baseline_{revision}")
    exec(compile(source, module.__name__, "exec"), module.__dict__)  # noqa: S102
    return module


def use(module) -> None:
    """Point the registry, the drill-down and the view at one version of the queries."""
    from relais.rsa.queries import indicators as current

    module = module or current
    figures.queries = module
    views.scoped_persons = module.scoped_persons
    for name, function in list(figures.LINES.items()):
        figures.LINES[name] = getattr(module, function.__name__)


def client_for(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    session = client.session
    session[SESSION_MEMBERSHIP_KEY] = membership.pk
    session.save()
    return client


def get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def tasks() -> list[tuple[str, object]]:
    """(label, function) for every figure alone, the six, the page and the drill-downs."""
    departement = Organisation.objects.filter(kind="mds").first().departement_id
    mds = biggest_mds()
    scopes = {"département": Scope(departement), "MDS": Scope(departement, mds.pk)}
    found = []
    for name, indicator in figures.BY_NAME.items():
        for label, scope in scopes.items():
            found.append((f"{name} — {label}", partial(indicator.compute, PERIOD, scope)))
    for label, scope in scopes.items():
        found.append((f"les six figures — {label}", partial(compute_all, scope)))
    steering = Membership.objects.filter(
        role=Role.STEERING, organisation__departement_id=departement
    )
    manager = Membership.objects.filter(role=Role.MDS_MANAGER, organisation=mds)
    steering, manager = client_for(steering.first()), client_for(manager.first())
    get(manager, "/rsa/indicateurs/")  # warm-up: templates, session
    page = f"/rsa/indicateurs/?{QUERY}"
    found.append(("page — département (pilotage)", partial(get, steering, page)))
    found.append(("page — MDS (responsable)", partial(get, manager, page)))
    for name in figures.NAMES:
        url = f"/rsa/indicateurs/{name}/personnes/?{QUERY}"
        found.append((f"détail {name} — MDS (responsable)", partial(get, manager, url)))
    return found


def compute_all(scope: Scope) -> None:
    for indicator in figures.RSA_INDICATORS:
        indicator.compute(PERIOD, scope)


def measure(versions: dict, runs: int) -> dict[str, dict[str, float]]:
    """{version: {label: median ms}}. A version is (queries module, with the proposed index);
    the versions alternate run by run, so that the load of the shared machine weighs on all
    alike (the index is created and dropped as needed: a few tens of ms, not timed)."""
    timings = {version: {} for version in versions}
    indexed = False
    for label, function in tasks():
        for _ in range(runs):
            for version, (module, with_index) in versions.items():
                if with_index != indexed:
                    proposed_indexes(create=with_index)
                    indexed = with_index
                use(module)
                started = time.perf_counter()
                function()
                elapsed = time.perf_counter() - started
                timings[version].setdefault(label, []).append(elapsed)
    if indexed:
        proposed_indexes(create=False)
    use(None)
    return {
        version: {label: statistics.median(t) * 1000 for label, t in found.items()}
        for version, found in timings.items()
    }


def biggest_mds() -> Organisation:
    def persons(mds):
        covered = Sector.communes.through.objects.filter(sector__organisation=mds)
        return Person.objects.filter(commune_id__in=covered.values("commune_id")).count()

    return max(Organisation.objects.filter(kind="mds"), key=persons)


def explain_slowest(results: dict[str, float]) -> None:
    label = max(
        (k for k in results if "—" in k and k.split(" — ")[0] in figures.BY_NAME), key=results.get
    )
    name, scope_label = label.split(" — ")
    departement = Organisation.objects.filter(kind="mds").first().departement_id
    scope = Scope(departement, None if scope_label == "département" else biggest_mds().pk)
    with CaptureQueriesContext(connection) as captured:
        figures.BY_NAME[name].compute(PERIOD, scope)
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    print(f"\nEXPLAIN ANALYZE — {label} ({float(slowest['time']) * 1000:.0f} ms) :\n")
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    with connection.cursor() as cursor:
        cursor.execute(prefix + slowest["sql"])
        print("\n".join(" ".join(map(str, row)) for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description="Indicateurs du parcours RSA, à grande échelle.")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", help="révision git des requêtes à comparer (b40003e)")
    parser.add_argument("--index", action="store_true", help="mesure aussi avec l'index proposé")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only-build", action="store_true")
    parser.add_argument("--rebuild", action="store_true", help="réécrit les parcours RSA du banc")
    args = parser.parse_args()
    build(args.persons, args.seed, args.rebuild)
    if args.only_build:
        return
    models = (Person, Beneficiary, DutiesChange, Orientation, Contract, Exit, RightStateChange)
    counts = ", ".join(f"{model.__name__} {model.objects.count()}" for model in models)
    print(f"Base : {connection.vendor} ; {counts}")
    print(f"Période : {PERIOD.start} → {PERIOD.end} ; MDS : {biggest_mds()}")
    versions = {"après": (None, False)}
    if args.baseline:
        versions = {"avant": (baseline_module(args.baseline), False), **versions}
    if args.index and connection.vendor == "postgresql":
        versions["après + index"] = (None, True)
    proposed_indexes(create=False)  # left over by an interrupted run
    measured = measure(versions, args.runs)
    report(measured)
    if args.explain:
        explain_slowest(measured["après"])


def report(measured: dict[str, dict[str, float]]) -> None:
    """One line per measure, a column per version, then before / after for each "après"."""
    labels = next(iter(measured.values()))
    after = [version for version in measured if version.startswith("après")]
    header = "".join(f"{version:>16}" for version in measured)
    ratios = "".join(f"{'avant / ' + version:>24}" for version in after if "avant" in measured)
    print(f"\n{'mesure (médiane, ms)':<62}{header}{ratios}")
    for label in labels:
        line = f"{label:<62}" + "".join(f"{found[label]:16.1f}" for found in measured.values())
        if "avant" in measured:
            before = measured["avant"][label]
            line += "".join(f"{before / measured[version][label]:23.1f}×" for version in after)
        print(line)


if __name__ == "__main__":
    main()
