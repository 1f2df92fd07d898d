"""The insertion offer's figures per programme for a period, as text or one JSON object.

The JSON keys are documented in docs/formats/indicateurs-offre.md and kept stable.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.core.cli import iso_date, rounded
from relais.core.indicators import Period, Scope
from relais.programmes import indicators as figures
from relais.programmes.models import Programme
from relais.programmes.queries.indicators_table import COLUMNS, OUTCOME_HEADINGS, table
from relais.territory.models import Departement, Organisation

FORMAT_VERSION = 1
# Shares to 4 decimals, means to 2: the JSON stays readable and stable across runs.
MEAN_KEYS = frozenset({"mean", "mean_days_so_far"})


def rounded_figures(value):
    return rounded(value, MEAN_KEYS)


class Command(BaseCommand):
    help = "Affiche les indicateurs de l'offre d'insertion, action par action, pour une période."

    def add_arguments(self, parser):
        default = Period.year_to(timezone.localdate())
        parser.add_argument("--from", dest="start", default=default.start.isoformat())
        parser.add_argument("--to", dest="end", default=default.end.isoformat())
        parser.add_argument("--json", action="store_true", help="Un objet JSON (clés stables).")
        parser.add_argument("--departement", default="82", help="Code du département.")
        parser.add_argument(
            "--operator", type=int, help="Identifiant d'un opérateur : ses actions seulement."
        )
        parser.add_argument(
            "--programme",
            action="append",
            dest="programmes",
            metavar="CODE",
            help="Code d'une action (répétable) : ces actions seulement.",
        )

    def handle(self, *args, **options):
        start, end = iso_date(options["start"], "--from"), iso_date(options["end"], "--to")
        if end < start:
            raise CommandError("--to doit être le même jour que --from ou après.")
        departement = Departement.objects.filter(code=options["departement"]).first()
        if departement is None:
            raise CommandError(f"Département « {options['departement']} » inconnu.")
        operator = self._operator(departement, options["operator"])
        scope = Scope(departement.pk, operator.pk if operator else None)
        found = table(Period(start, end), scope, self._programmes(departement, options))
        if options["json"]:
            self.stdout.write(json.dumps(self._document(found, departement, operator)))
        else:
            self._text(found, operator)

    def _operator(self, departement, pk) -> Organisation | None:
        if pk is None:
            return None
        operator = Organisation.objects.filter(pk=pk, departement=departement).first()
        if operator is None:
            raise CommandError(f"Aucune organisation n°{pk} dans le département {departement}.")
        return operator

    def _programmes(self, departement, options) -> list[int] | None:
        codes = options["programmes"]
        if not codes:
            return None
        found = dict(
            Programme.objects.filter(departement=departement, code__in=codes).values_list(
                "code", "pk"
            )
        )
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise CommandError(f"Action(s) inconnue(s) dans le département : {', '.join(unknown)}.")
        return list(found.values())

    def _document(self, found, departement, operator) -> dict:
        indicators = {
            name: {
                "code": indicator.code,
                "label": indicator.label,
                "unit": indicator.unit,
                "definition": indicator.definition,
                "target": indicator.target,
                "action_sheets": list(indicator.action_sheets),
            }
            for name, indicator in figures.BY_NAME.items()
        }
        programmes = [
            {
                "code": programme.code,
                "name": programme.name,
                "operator": str(programme.operator),
                "action_sheet": programme.action_sheet,
                "figures": {
                    name: rounded_figures(found.values[name][programme.code])
                    for name in figures.NAMES
                },
            }
            for programme in found.programmes
        ]
        return {
            "format_version": FORMAT_VERSION,
            "period": {"from": found.period.start.isoformat(), "to": found.period.end.isoformat()},
            "scope": {
                "departement": departement.code,
                "operator_id": operator.pk if operator else None,
                "label": str(operator) if operator else "tout le département",
            },
            "indicators": indicators,
            "programmes": programmes,
        }

    def _text(self, found, operator) -> None:
        where = str(operator) if operator else "tout le département"
        period = found.period
        self.stdout.write(
            f"Indicateurs de l'offre d'insertion, {where}, du {period.start:%d/%m/%Y} "
            f"au {period.end:%d/%m/%Y}"
        )
        if not found.programmes:
            self.stdout.write("Aucune action d'insertion dans ce périmètre.")
        for programme in found.programmes:
            sheet = f", fiche {programme.action_sheet}" if programme.action_sheet else ""
            self.stdout.write(
                f"\n{programme.name} ({programme.code}{sheet}) — {programme.operator}"
            )
            for (header, _, _), (_, text) in zip(COLUMNS, found.cells(programme), strict=True):
                self.stdout.write(f"  {header} : {text}")
            counts = zip(OUTCOME_HEADINGS.values(), found.outcome_counts(programme), strict=True)
            exits = " ; ".join(f"{heading} {n}" for heading, n in counts if n)
            if exits:
                self.stdout.write(f"  Situation à la sortie : {exits}")
