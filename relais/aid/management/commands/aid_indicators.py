"""The FARE82 fund's indicators for a period, as text or one JSON object.

The JSON keys are documented in docs/formats/indicateurs-fare82.md and kept stable.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.aid import indicators as figures
from relais.aid import indicators_text as text
from relais.core.cli import iso_date
from relais.core.indicators import Period, Scope
from relais.territory.models import Departement, Organisation

FORMAT_VERSION = 1


class Command(BaseCommand):
    help = "Affiche les indicateurs du FARE82 (fiche action 7.1) pour une période."

    def add_arguments(self, parser):
        today = timezone.localdate()
        parser.add_argument(
            "--from", dest="start", default=today.replace(month=1, day=1).isoformat()
        )
        parser.add_argument("--to", dest="end", default=today.isoformat())
        parser.add_argument("--json", action="store_true", help="Un objet JSON (clés stables).")
        parser.add_argument("--departement", default="82", help="Code du département.")
        parser.add_argument(
            "--organisation",
            type=int,
            help="Identifiant d'une MDS : les demandes de son équipe seulement.",
        )

    def handle(self, *args, **options):
        start, end = iso_date(options["start"], "--from"), iso_date(options["end"], "--to")
        if end < start:
            raise CommandError("--to doit être le même jour que --from ou après.")
        departement = Departement.objects.filter(code=options["departement"]).first()
        if departement is None:
            raise CommandError(f"Département « {options['departement']} » inconnu.")
        organisation = self._organisation(departement, options["organisation"])
        scope = Scope(departement.pk, organisation.pk if organisation else None)
        period = Period(start, end)
        values = figures.compute_all(period, scope)
        if options["json"]:
            document = self._document(period, departement, organisation, values)
            self.stdout.write(json.dumps(document))
        else:
            self._text(period, organisation, values)

    def _organisation(self, departement, pk) -> Organisation | None:
        if pk is None:
            return None
        organisation = Organisation.objects.filter(pk=pk, departement=departement).first()
        if organisation is None:
            raise CommandError(f"Aucune organisation n°{pk} dans le département {departement}.")
        return organisation

    def _document(self, period, departement, organisation, values) -> dict:
        indicators = {
            name: {
                "code": indicator.code,
                "label": indicator.label,
                "unit": indicator.unit,
                "definition": indicator.definition,
                "action_sheets": list(indicator.action_sheets),
            }
            for name, indicator in figures.BY_NAME.items()
        }
        codes = values["applications"]["by_category"]
        return {
            "format_version": FORMAT_VERSION,
            "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
            "scope": {
                "departement": departement.code,
                "organisation_id": organisation.pk if organisation else None,
                "label": str(organisation) if organisation else "tout le département",
            },
            "indicators": indicators,
            "categories": [{"code": code, "label": text.category_label(code)} for code in codes],
            "figures": {name: text.json_number(values[name]) for name in figures.NAMES},
        }

    def _text(self, period, organisation, values) -> None:
        where = f"demandes de {organisation}" if organisation else "tout le département"
        self.stdout.write(
            f"Indicateurs du FARE82, {where}, du {period.start:%d/%m/%Y} au {period.end:%d/%m/%Y}"
        )
        for name, indicator in figures.BY_NAME.items():
            self.stdout.write(f"\n{indicator.label}")
            for label, written, _, _ in text.summary(name, values[name]):
                self.stdout.write(f"  {label} : {written}")
        self.stdout.write("\nPar catégorie d'aide")
        for label, cells in text.category_rows(values):
            columns = zip(text.CATEGORY_HEADERS[1:], cells, strict=True)
            self.stdout.write(f"  {label} : " + " ; ".join(f"{h} {t}" for h, (t, _) in columns))
