"""The CAF flow import on a département-sized flow. Not a test: prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/relais_bench_caf \\
        .venv/bin/python bench/caf_flow.py --households 200000

On a migrated PostgreSQL database with the territory loaded (`manage.py load_territory`).
The RSA flow tables, and the persons, households, events and audit rows, are emptied first:
use a database of its own. Writes two synthetic flows (the same households, created on two
days) then measures, in one run:

  (a)  a bare streamed parse of the file (the reader and the extraction of the fields Relais
       reads), and (a0) the XML parse alone;
  (b)  a COPY of the rows the import wrote into plain tables (no index, no constraint),
       and (b') the same COPY into Relais's own tables (indexes, foreign keys);
  (c)  the real import of the first file (`manage.py import_caf_flow`, its own process);
  (d)  the real import of the second file: new checksum, same households.

and the peak memory (RSS) of the import processes.
"""

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from relais.rsa.caf.flowxml import write_flow  # noqa: E402
from relais.rsa.caf.generator import FlowGenerator  # noqa: E402
from relais.rsa.caf.parser import FlowReader  # noqa: E402

DAY = dt.date(2026, 3, 2)
# What the import writes, parents first.
TABLES = [
    "people_household",
    "rsa_rsafile",
    "people_person",
    "rsa_beneficiary",
    "rsa_rightstatechange",
    "rsa_dutieschange",
    "people_event",
    "audit_changerecord",
]


def generate(directory: Path, count: int, seed: int) -> tuple[Path, Path]:
    first, second = directory / "flux-1.xml", directory / "flux-2.xml"
    for path, day, at in (
        (first, DAY, dt.time(6)),
        (second, DAY + dt.timedelta(days=1), dt.time(7)),
    ):
        if path.exists():
            continue
        started = time.monotonic()
        generator = FlowGenerator(seed=seed)
        write_flow(
            path, generator.households(count), created_on=day, created_at=at, nature="monthly"
        )
        print(
            f"generated {path.name}: {path.stat().st_size / 1e6:.0f} MB "
            f"in {time.monotonic() - started:.0f} s"
        )
    return first, second


def empty_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)}, rsa_cafflow CASCADE")


def parse(path: Path, extract: bool) -> float:
    started = time.monotonic()
    count = 0
    with FlowReader(path) as reader:
        for item in reader.households():
            if extract:
                item.read()
            count += 1
    return time.monotonic() - started


def run_import(path: Path, imports_dir: Path) -> tuple[float, dict]:
    env = {**os.environ, "RELAIS_IMPORTS_DIR": str(imports_dir)}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "import_caf_flow", str(path), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"import failed: {done.stderr[-2000:]}")
    return elapsed, json.loads(done.stdout)


def analyze() -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {table}")


def export(directory: Path) -> None:
    """What the import wrote, as COPY files (not timed)."""
    with connection.cursor() as cursor:
        for table in TABLES:
            with open(directory / f"{table}.tsv", "wb") as handle:
                with cursor.copy(f"COPY {table} TO STDOUT") as copy:
                    for block in copy:
                        handle.write(block)


def _copy_in(cursor, directory: Path, table: str, target: str) -> float:
    started = time.monotonic()
    with open(directory / f"{table}.tsv", "rb") as handle:
        with cursor.copy(f"COPY {target} FROM STDIN") as copy:
            while block := handle.read(1 << 20):
                copy.write(block)
    return time.monotonic() - started


def copy_into_plain_tables(directory: Path) -> tuple[float, dict]:
    """(b): the same rows into bare tables (no index, no constraint), per table."""
    timings, rows = {}, {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS bench_plain_{table}")
            cursor.execute(f"CREATE TABLE bench_plain_{table} (LIKE {table})")
        for table in TABLES:
            timings[table] = _copy_in(cursor, directory, table, f"bench_plain_{table}")
            cursor.execute(f"SELECT count(*) FROM bench_plain_{table}")
            rows[table] = cursor.fetchone()[0]
            cursor.execute(f"DROP TABLE bench_plain_{table}")
    return sum(timings.values()), {t: (rows[t], timings[t]) for t in TABLES}


def copy_into_real_tables(directory: Path) -> tuple[float, float]:
    """(b'): the same rows into Relais's tables (indexes, foreign keys), in one transaction:
    the floor of any import that writes them. (COPY time, commit time.)"""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")  # the flows stay
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in TABLES:
            _copy_in(cursor, directory, table, table)
        copied = time.monotonic() - started
    total = time.monotonic() - started
    for table in TABLES:
        (directory / f"{table}.tsv").unlink()
    return copied, total - copied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "relais-bench-caf"))
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL.")
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    imports_dir = directory / "imports"
    first, second = generate(directory, args.households, args.seed)
    empty_tables()

    a0 = parse(first, extract=False)
    a = parse(first, extract=True)
    c, report_c = run_import(first, imports_dir)
    analyze()
    d, report_d = run_import(second, imports_dir)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    export(directory)
    b, per_table = copy_into_plain_tables(directory)
    b_copy, b_commit = copy_into_real_tables(directory)

    print(f"households: {args.households}, file: {first.stat().st_size / 1e6:.0f} MB")
    print(f"(a0) XML parse alone            {a0:8.1f} s")
    print(f"(a)  streamed parse + extraction {a:8.1f} s")
    print(f"(b)  COPY into plain tables      {b:8.1f} s")
    for table, (count, seconds) in per_table.items():
        print(f"       {table:24} {count:>9} rows {seconds:6.1f} s")
    print(
        f"(b') COPY into Relais's tables   {b_copy + b_commit:8.1f} s (COPY {b_copy:.1f} s, "
        f"commit with the foreign key checks {b_commit:.1f} s)"
    )
    print(
        f"(c)  first import                {c:8.1f} s (import itself "
        f"{report_c['duration_seconds']:.1f} s) {report_c['households']}"
    )
    print(
        f"(d)  same households, new file   {d:8.1f} s (import itself "
        f"{report_d['duration_seconds']:.1f} s) {report_d['households']}"
    )
    print(f"peak RSS of the import processes {peak_mb:8.0f} MB")
    print(
        f"c / (a + b) = {c / (a + b):.2f}   (target <= 2.5); "
        f"c / (a + b') = {c / (a + b_copy + b_commit):.2f}"
    )
    print(f"d / a       = {d / a:.2f}   (target <= 1.5); d / a0 = {d / a0:.2f}")


if __name__ == "__main__":
    main()
