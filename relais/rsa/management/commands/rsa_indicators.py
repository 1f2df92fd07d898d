"""The RSA pathway's indicators for a period, as a table or one JSON object.

The JSON keys are documented in docs/formats/indicateurs-rsa.md and kept stable.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.core.cli import iso_date, rounded
from relais.core.indicators import Period, Scope
from relais.rsa import indicators as figures
from relais.territory.models import Departement, Organisation

FORMAT_VERSION = 1


class Command(BaseCommand):
    help = "Affiche les indicateurs du parcours RSA (fiche action 5.2) pour une période."

    def add_arguments(self, parser):
        today = timezone.localdate()
        parser.add_argument(
            "--from", dest="start", default=today.replace(month=1, day=1).isoformat()
        )
        parser.add_argument("--to", dest="end", default=today.isoformat())
        parser.add_argument("--json", action="store_true", help="Un objet JSON (clés stables).")
        parser.add_argument("--departement", default="82", help="Code du département.")
        parser.add_argument(
            "--organisation", type=int, help="Identifiant d'une MDS : ses secteurs seulement."
        )

    def handle(self, *args, **options):
        period = self._period(options)
        departement = Departement.objects.filter(code=options["departement"]).first()
        if departement is None:
            raise CommandError(f"Département « {options['departement']} » inconnu.")
        organisation = self._organisation(departement, options["organisation"])
        scope = Scope(departement.pk, organisation.pk if organisation else None)
        values = {name: i.compute(period, scope) for name, i in figures.BY_NAME.items()}
        if options["json"]:
            self.stdout.write(json.dumps(self._document(period, departement, organisation, values)))
        else:
            self._table(period, organisation, values)

    def _period(self, options) -> Period:
        start, end = iso_date(options["start"], "--from"), iso_date(options["end"], "--to")
        if end < start:
            raise CommandError("--to doit être le même jour que --from ou après.")
        return Period(start, end)

    def _organisation(self, departement, pk) -> Organisation | None:
        if pk is None:
            return None
        organisation = Organisation.objects.filter(pk=pk, departement=departement).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation n°{pk} dans le département {departement}.")
        return organisation

    def _document(self, period, departement, organisation, values) -> dict:
        indicators = {}
        for name, indicator in figures.BY_NAME.items():
            indicators[name] = {
                "code": indicator.code,
                "label": indicator.label,
                "unit": indicator.unit,
                "definition": indicator.definition,
                "target": indicator.target,
                "action_sheets": list(indicator.action_sheets),
                **rounded(values[name]),
            }
        return {
            "format_version": FORMAT_VERSION,
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
            "scope": {
                "departement": departement.code,
                "organisation_id": organisation.pk if organisation else None,
                "label": str(organisation) if organisation else "tout le département",
            },
            "indicators": indicators,
        }

    def _table(self, period, organisation, values) -> None:
        where = str(organisation) if organisation else "tout le département"
        self.stdout.write(
            f"Indicateurs RSA, {where}, du {period.start:%d/%m/%Y} au {period.end:%d/%m/%Y}"
        )
        for name, indicator in figures.BY_NAME.items():
            presented = figures.present(name, values[name])
            self.stdout.write(f"\n{indicator.label} ({name})")
            for label, text in presented["summary"]:
                self.stdout.write(f"  {label} : {text}")
            for table in presented["tables"]:
                self.stdout.write(f"  {table['caption']} ({', '.join(table['headers'][1:])}) :")
                for first, *cells in table["rows"]:
                    self.stdout.write(f"    {first} : {' ; '.join(cells)}")
