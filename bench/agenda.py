"""First-available slot search over many agendas. Not a test: prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/relais_bench \
        .venv/bin/python bench/agenda.py --agendas 200 --appointments 1000000 --searches 300

Setup (once, idempotent): spreads AGENDAS agendas over the demo MDS with weekday openings,
materialises their slots over the horizon (6 months), and writes APPOINTMENTS past
appointments. Then measures, as a reception officer of the MDS with the most agendas, the
"first available" and "third next available" queries with random filters (motive, site,
profession, mode), and the booking page as a whole through the Django stack.
"""

import argparse
import datetime as dt
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

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from relais.accounts.middleware import SESSION_MEMBERSHIP_KEY  # noqa: E402
from relais.accounts.models import Membership, Role  # noqa: E402
from relais.agenda import queries  # noqa: E402
from relais.agenda.models import Agenda, Appointment, Mode, Motive, Opening, Slot  # noqa: E402
from relais.agenda.slots import materialise  # noqa: E402
from relais.demo.agenda import ensure_motives  # noqa: E402
from relais.people.models import Person  # noqa: E402
from relais.territory.models import Departement, Organisation  # noqa: E402

PROFESSIONS = ["Assistant·e de service social", "Agent départemental emploi", "Conseiller·ère ESF"]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(label, timings):
    ms = [t * 1000 for t in timings]
    return (
        f"{label:<40} n={len(ms):>4}  p50={statistics.median(ms):7.2f} ms  "
        f"p95={percentile(ms, 0.95):7.2f} ms  max={max(ms):7.2f} ms"
    )


def setup(count: int, appointments: int, rng: random.Random) -> None:
    departement = Departement.objects.get(code="82")
    motives = list(ensure_motives(departement).values())
    existing = Agenda.objects.filter(name__startswith="Banc ").count()
    mds = list(Organisation.objects.filter(departement=departement, kind="mds").order_by("name"))
    started = time.monotonic()
    for index in range(existing, count):
        organisation = mds[index % len(mds)]
        with transaction.atomic():
            agenda = Agenda.objects.create(
                organisation=organisation,
                site=organisation.sites.first(),
                name=f"Banc {index:03d}",
                profession=PROFESSIONS[index % len(PROFESSIONS)],
            )
            for weekday in range(5):
                for start, end in ((dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(16, 30))):
                    opening = Opening.objects.create(
                        agenda=agenda,
                        weekday=weekday,
                        start_time=start,
                        end_time=end,
                        slot_minutes=30,
                        phone=index % 2 == 0,
                        video=index % 5 == 0,
                        valid_from=dt.date(2020, 1, 1),
                    )
                    opening.motives.set(rng.sample(motives, 3))
            materialise(agenda)
    print(f"Agendas : {count} ({count - existing} créés en {time.monotonic() - started:.1f} s)")
    _fill_slots(rng)
    _past_appointments(appointments, rng, motives)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _fill_slots(rng):
    """Book about 40 % of the coming slots, so the first free one is not simply the next."""
    free = Slot.objects.filter(agenda__name__startswith="Banc ", is_booked=False)
    if Slot.objects.filter(agenda__name__startswith="Banc ", is_booked=True).exists():
        return
    ids = list(free.values_list("pk", flat=True))
    chosen = [pk for pk in ids if rng.random() < 0.4]
    for start in range(0, len(chosen), 20000):
        Slot.objects.filter(pk__in=chosen[start : start + 20000]).update(is_booked=True)
    print(
        f"Créneaux : {len(ids):,} matérialisés, {len(chosen):,} marqués réservés".replace(",", " ")
    )


def _past_appointments(total, rng, motives):
    done = Appointment.objects.filter(agenda__name__startswith="Banc ").count()
    if done >= total:
        print(f"Rendez-vous passés : {done:,} déjà présents".replace(",", " "))
        return
    agendas = list(Agenda.objects.filter(name__startswith="Banc "))
    person_ids = list(Person.objects.values_list("pk", flat=True)[:200000])
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    statuses = ["seen"] * 14 + ["no_show"] * 3 + ["excused", "cancelled"]
    started = time.monotonic()
    while done < total:
        batch = []
        for _ in range(min(20000, total - done)):
            agenda = rng.choice(agendas)
            day = today - dt.timedelta(days=rng.randint(1, 365))
            start = dt.datetime.combine(day, dt.time(rng.choice([9, 10, 11, 14, 15])), tz)
            batch.append(
                Appointment(
                    person_id=rng.choice(person_ids),
                    motive=rng.choice(motives),
                    agenda=agenda,
                    organisation_id=agenda.organisation_id,
                    site_id=agenda.site_id,
                    start=start,
                    end=start + dt.timedelta(minutes=30),
                    requested_at=day - dt.timedelta(days=rng.randint(0, 60)),
                    status=rng.choice(statuses),
                )
            )
        Appointment.objects.bulk_create(batch, batch_size=5000)
        done += len(batch)
    print(f"Rendez-vous passés : {total:,} en {time.monotonic() - started:.0f} s".replace(",", " "))


def measure(searches: int, rng: random.Random) -> None:
    busiest = (
        Agenda.objects.filter(name__startswith="Banc ")
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    membership = (
        Membership.objects.filter(
            organisation_id=busiest["organisation_id"], role=Role.RECEPTION_OFFICER
        )
        .select_related("user", "organisation")
        .first()
    )
    user = membership.user
    user.membership = membership
    agendas = Agenda.objects.filter(organisation=membership.organisation)
    sites = list({a.site for a in agendas})
    motives = list(Motive.objects.filter(departement=membership.organisation.departement))
    print(
        f"Base : {connection.vendor} ; {Agenda.objects.count()} agendas, "
        f"{Slot.objects.count():,} créneaux, {Appointment.objects.count():,} rendez-vous ; "
        f"accueil de {membership.organisation} ({agendas.count()} agendas)".replace(",", " ")
    )
    first, third = [], []
    for _ in range(searches):
        filters = {
            "motive": rng.choice([None, *motives]),
            "site": rng.choice([None, *sites]),
            "profession": rng.choice(["", *PROFESSIONS]),
            "mode": rng.choice(["", *Mode.values]),
        }
        slots = queries.free_slots(user, **filters)
        started = time.perf_counter()
        queries.nth_available(slots, 1)
        first.append(time.perf_counter() - started)
        started = time.perf_counter()
        queries.nth_available(slots, 3)
        third.append(time.perf_counter() - started)
    print(summary("premier créneau disponible (requête)", first))
    print(summary("troisième créneau disponible (requête)", third))

    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_MEMBERSHIP_KEY] = membership.pk
    session.save()
    person = Person.objects.visible_to(user).first()
    pages = []
    for _ in range(min(searches, 100)):
        started = time.perf_counter()
        response = client.get(f"/agenda/reserver/{person.uuid}/")
        pages.append(time.perf_counter() - started)
        assert response.status_code == 200
    print(summary("page « Prendre un rendez-vous » (GET)", pages))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agendas", type=int, default=200)
    parser.add_argument("--appointments", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(1)
    setup(args.agendas, args.appointments, rng)
    measure(args.searches, rng)


if __name__ == "__main__":
    main()
