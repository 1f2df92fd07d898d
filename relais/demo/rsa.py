"""The RSA pathway of the demo: six weeks of synthetic CAF flows, imported as in production.

A monthly stock six weeks ago, then one daily flow per working day up to today: every day a few
persons enter rights and duties, files close, households arrive. The flows go through the real
import (`relais.rsa.services.flows.import_path`), so the week's new entrants, the right
history and the import history page are those a département would see. The pathways that
follow (convocations, diagnostics, orientations, contracts, EP) are in `rsa_pathways`.
"""

import datetime as dt
import tempfile
from pathlib import Path

from django.utils import timezone

from relais.rsa.caf.flowxml import write_flow
from relais.rsa.caf.generator import FlowGenerator
from relais.rsa.models import CafFlow
from relais.rsa.rules import install_default_rules
from relais.rsa.services.flows import import_path

STOCK_WEEKS = 6


def ensure_demo_rsa(
    departement, *, seed: int = 82, households: int = 600, weeks: int = STOCK_WEEKS
) -> dict:
    """Import the demo's CAF flows once (idempotent), then build the pathways."""
    from relais.demo.rsa_pathways import ensure_demo_pathways

    if households <= 0 or CafFlow.objects.filter(departement=departement).exists():
        return {"flows": 0}
    install_default_rules(departement)
    today = timezone.localdate()
    flows = _import_flows(departement, seed=seed, households=households, today=today, weeks=weeks)
    return {"flows": flows, **ensure_demo_pathways(departement, seed=seed, today=today)}


def _import_flows(departement, *, seed: int, households: int, today: dt.date, weeks: int) -> int:
    generator = FlowGenerator(seed=seed, departement_code=departement.code)
    day = today - dt.timedelta(weeks=weeks)
    stock = generator.build(households)
    with tempfile.TemporaryDirectory() as folder:
        _import_one(departement, Path(folder), stock, day, "monthly")
        count = 1
        while (day := day + dt.timedelta(days=1)) <= today:
            if day.weekday() >= 5:
                continue  # the CAF sends its daily flows on working days
            stock = generator.evolve(
                stock,
                day=day,
                entries=2,
                closures=1,
                transfers_out=1 if day.weekday() == 0 else 0,
                new=2,
                transfers_in=1 if day.weekday() == 2 else 0,
            )
            _import_one(departement, Path(folder), stock, day, "daily")
            count += 1
    return count


def _import_one(departement, folder: Path, households, day: dt.date, nature: str) -> None:
    path = folder / f"RSABEM_{departement.code}_{day:%Y%m%d}.xml"
    write_flow(path, households, created_on=day, nature=nature)
    report = import_path(path, departement=departement)
    if report.status != "done":
        raise RuntimeError(f"Flux de démonstration refusé ({path.name}) : {report.error}")
