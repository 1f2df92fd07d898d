"""The insertion offer's indicators (issue 5) on a large synthetic dataset. Not a test.

    # PostgreSQL, a database of its own:
    createdb -h 127.0.0.1 -U postgres relais_bench_offre
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/relais_bench_offre \\
        .venv/bin/python bench/programme_indicators.py --programmes 20 --per-programme 50000
    # SQLite, a directory of its own:
    RELAIS_VAR_DIR=/tmp/bench-offre .venv/bin/python bench/programme_indicators.py

Setup, once (a second run reuses the rows; --rebuild rewrites them): migrates, loads the demo
territory, then PROGRAMMES bench programmes run by bench operators (most with continuous
places, some with coaches' portfolios, some with dated sessions; one language platform whose
yearly target counts assessments, one counting persons), PER_PROGRAMME prescriptions each over
2024-01 → 2026-03 with their whole life (answered, waitlisted, accepted, entered, ended,
refused, withdrawn), two language assessments per entered person of the platform, and
synthetic persons to carry them. Synthetic data only; the bench's rows only are deleted.

Measured, medians of RUNS: each figure alone for every programme of the département, the nine
together, the page through the whole Django stack (steering: every programme; an operator's
staff: its programmes), the xlsx export, and the query count of the page.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
os.environ.setdefault("RELAIS_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from relais.accounts.middleware import SESSION_MEMBERSHIP_KEY  # noqa: E402
from relais.accounts.models import Membership, Role, User  # noqa: E402
from relais.core.indicators import Period, Scope  # noqa: E402
from relais.demo.territory import ensure_demo_territory  # noqa: E402
from relais.people.models import Person  # noqa: E402
from relais.programmes import indicators as figures  # noqa: E402
from relais.programmes.models import (  # noqa: E402
    LanguageAssessment,
    Prescription,
    Programme,
    ProgrammeCoach,
    Session,
)
from relais.programmes.models.specifics import SKILLS  # noqa: E402
from relais.territory.models import Organisation  # noqa: E402

FIRST_DAY, LAST_DAY = dt.date(2024, 1, 1), dt.date(2026, 3, 31)
PERIODS = {
    "2025": Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    "12 mois": Period.year_to(LAST_DAY),
}
QUERY = "du=01/01/2025&au=31/12/2025"
PREFIX = "banc-"
OUTCOMES = ["durable_job", "short_job", "training", "other_programme", "completed"]
OUTCOMES += ["dropped_out", "moved", "other"]
TZ = timezone.get_current_timezone()


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59)), TZ)


def build(count: int, per_programme: int, seed: int, rebuild: bool) -> None:
    call_command("migrate", verbosity=0)
    territory = ensure_demo_territory()
    if rebuild:
        clear()
    if Programme.objects.filter(code__startswith=PREFIX).count() >= count:
        return
    clear()
    rng = random.Random(seed)
    started = time.monotonic()
    with transaction.atomic():
        departement = territory.departement
        prescriber = _member(territory.mds[0], Role.SOCIAL_WORKER, "prescriptrice")
        prescriber.organisation_id = territory.mds[0].pk
        _member(territory.dast, Role.STEERING, "pilotage")
        programmes = _programmes(departement, count, rng)
        persons = _persons(departement, per_programme * 2 // 3)
        rows = []
        for programme in programmes:
            rows += _prescriptions(programme, per_programme, persons, prescriber, rng)
        Prescription.objects.bulk_create(rows, batch_size=5000)
        _assessments(programmes, prescriber, rng)
    print(f"Jeu de données écrit en {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def clear() -> None:
    """The bench's rows only. A million prescriptions without dependents: deleted in SQL,
    not one by one through the ORM's collector."""
    with transaction.atomic():
        mine = Prescription.objects.filter(programme__code__startswith=PREFIX)
        assessed = LanguageAssessment.objects.filter(prescription__in=mine)
        assessed._raw_delete(assessed.db)
        mine._raw_delete(mine.db)
        Programme.objects.filter(code__startswith=PREFIX).delete()
        persons = Person.objects.filter(birth_name__startswith="BANC")
        persons._raw_delete(persons.db)
        User.objects.filter(email__startswith=PREFIX).delete()
        Organisation.objects.filter(name__startswith="Banc ").delete()


def _member(organisation, role, name) -> User:
    user = User.objects.create(
        email=f"{PREFIX}{name}@exemple.invalid", first_name="Banc", last_name=name
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _programmes(departement, count: int, rng) -> list[Programme]:
    operators = [
        Organisation.objects.create(
            departement=departement, name=f"Banc opérateur {n}", kind="association"
        )
        for n in range(max(1, count // 4))
    ]
    _member(operators[0], Role.OPERATOR, "operateur")
    found = []
    for n in range(count):
        fields = {"capacity_model": "continuous", "places": rng.randint(15, 60)}
        if n % 7 == 3:
            fields = {"capacity_model": "portfolio", "portfolio_size": 30}
        elif n % 7 == 5:
            fields = {"capacity_model": "intake", "intake_mode": "dated"}
        if n == 0:
            fields.update(yearly_target=900, target_unit="assessments", kind="language_platform")
        if n == 1:
            fields.update(yearly_target=20, target_unit="persons")
        programme = Programme.objects.create(
            departement=departement,
            operator=operators[n % len(operators)],
            code=f"{PREFIX}{n:02d}",
            name=f"Action de banc {n:02d}",
            kind=fields.pop("kind", "support"),
            action_sheet=rng.choice(["7.1", "8.1", "8.2", "8.3", "8.4", "8.6"]),
            intake_mode=fields.pop("intake_mode", "continuous"),
            usual_duration_days=90,
            **fields,
        )
        _capacity(programme, n, rng)
        found.append(programme)
    return found


def _capacity(programme, n: int, rng) -> None:
    if programme.capacity_model == "portfolio":
        for k in range(3):
            coach = _member(programme.operator, Role.OPERATOR, f"coach-{n}-{k}")
            ProgrammeCoach.objects.create(programme=programme, user=coach)
    elif programme.capacity_model == "intake":
        day = FIRST_DAY
        while day <= LAST_DAY:
            Session.objects.create(
                programme=programme, starts_on=day, ends_on=day + days(89), places=40
            )
            day += days(91)


def _persons(departement, count: int) -> list[int]:
    commune = departement.communes.order_by("insee_code").first()
    Person.objects.bulk_create(
        [
            Person(
                departement=departement,
                birth_name=f"BANC{n:07d}",
                first_names="Alex",
                sex="F" if n % 2 else "M",
                birth_date=dt.date(1970 + n % 35, 1 + n % 12, 1 + n % 28),
                commune=commune,
                search_text=f"banc{n:07d} alex",
            )
            for n in range(count)
        ],
        batch_size=5000,
    )
    return list(Person.objects.filter(birth_name__startswith="BANC").values_list("pk", flat=True))


def _prescriptions(programme, count: int, persons, prescriber, rng) -> list[Prescription]:
    span = (LAST_DAY - FIRST_DAY).days
    rows = []
    for _ in range(count):
        sent = FIRST_DAY + days(rng.randint(0, span))
        row = Prescription(
            departement_id=programme.departement_id,
            programme=programme,
            person_id=rng.choice(persons),
            prescriber=prescriber,
            prescriber_organisation_id=prescriber.organisation_id,
            objective="Banc",
            eligible=True,
            status="sent",
            sent_at=moment(sent, rng),
        )
        _life(row, sent, rng)
        rows.append(row)
    return rows


def _life(row: Prescription, sent: dt.date, rng) -> None:
    """Answered, maybe waitlisted, accepted, entered, ended — or refused, withdrawn — never
    after LAST_DAY."""
    answered = sent + days(rng.randint(0, 20))
    roll = rng.random()
    if answered > LAST_DAY or roll < 0.08:
        if roll < 0.04 and answered <= LAST_DAY:
            row.status, row.withdrawn_at = "withdrawn", moment(answered, rng)
        return
    row.answered_at = moment(answered, rng)
    if roll < 0.25:
        row.status, row.refusal_reason = "refused", "declined"
        return
    accepted = answered
    if roll < 0.45:
        row.status, row.waitlisted_at = "waitlisted", row.answered_at
        accepted = answered + days(int(rng.expovariate(1 / 45)))
        if accepted > LAST_DAY or rng.random() < 0.15:
            return
    row.status, row.accepted_at = "accepted", moment(accepted, rng)
    entered = accepted + days(rng.randint(1, 40))
    if entered > LAST_DAY or rng.random() < 0.1:
        return
    row.status, row.entered_on = "entered", entered
    ended = entered + days(rng.randint(20, 150))
    if ended <= LAST_DAY:
        row.status, row.ended_on, row.outcome = "ended", ended, rng.choice(OUTCOMES)


def _assessments(programmes, assessor, rng) -> None:
    platform = programmes[0]
    entered = Prescription.objects.filter(programme=platform, entered_on__isnull=False)
    levels = dict.fromkeys((field for field, _ in SKILLS), "A1")
    rows = []
    for pk, entered_on, ended_on in entered.values_list("pk", "entered_on", "ended_on"):
        rows.append(
            LanguageAssessment(
                prescription_id=pk,
                kind="initial",
                assessed_on=entered_on,
                assessor=assessor,
                **levels,
            )
        )
        if ended_on:
            rows.append(
                LanguageAssessment(
                    prescription_id=pk,
                    kind="final",
                    assessed_on=ended_on,
                    assessor=assessor,
                    **levels,
                )
            )
    LanguageAssessment.objects.bulk_create(rows, batch_size=5000)


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


def tasks(departement_id: int) -> tuple[list[tuple[str, object]], Client]:
    found = []
    scope = Scope(departement_id)
    for label, period in PERIODS.items():
        for name, indicator in figures.BY_NAME.items():
            found.append((f"{name} — {label}", partial(indicator.compute, period, scope)))
        found.append((f"les neuf — {label}", partial(figures.compute_all, period, scope)))
    steering, operator = (
        client_for(Membership.objects.get(user__email=f"{PREFIX}{name}@exemple.invalid"))
        for name in ("pilotage", "operateur")
    )
    get(steering, f"/offre/indicateurs/?{QUERY}")  # warm-up: templates, session
    found.append(("page — pilotage", partial(get, steering, f"/offre/indicateurs/?{QUERY}")))
    found.append(("page — opérateur", partial(get, operator, f"/offre/indicateurs/?{QUERY}")))
    export = f"/offre/indicateurs/export.xlsx?{QUERY}"
    found.append(("export xlsx — pilotage", partial(get, steering, export)))
    return found, steering


def measure(found, runs: int) -> dict[str, float]:
    timings = {}
    for label, function in found:
        spent = []
        for _ in range(runs):
            started = time.perf_counter()
            function()
            spent.append(time.perf_counter() - started)
        timings[label] = statistics.median(spent) * 1000
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description="Indicateurs de l'offre, à grande échelle.")
    parser.add_argument("--programmes", type=int, default=20)
    parser.add_argument("--per-programme", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="réécrit les lignes du banc")
    args = parser.parse_args()
    build(args.programmes, args.per_programme, args.seed, args.rebuild)
    departement_id = Programme.objects.filter(code__startswith=PREFIX).first().departement_id
    counts = (
        f"actions {Programme.objects.count()}, prescriptions {Prescription.objects.count()}, "
        f"évaluations {LanguageAssessment.objects.count()}"
    )
    print(f"Base : {connection.vendor} ; {counts}")
    found, steering = tasks(departement_id)
    for label, ms in measure(found, args.runs).items():
        print(f"{label:<48}{ms:10.1f} ms")
    with CaptureQueriesContext(connection) as queries:
        get(steering, f"/offre/indicateurs/?{QUERY}")
    print(f"Requêtes SQL de la page (pilotage) : {len(queries)}")


if __name__ == "__main__":
    main()
