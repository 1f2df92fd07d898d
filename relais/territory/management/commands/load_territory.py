import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from relais.territory.services import load_territory


class Command(BaseCommand):
    help = "Charge les communes et EPCI du département (données de référence livrées)."

    def add_arguments(self, parser):
        parser.add_argument("--departement", default="82")
        parser.add_argument("--json", action="store_true", help="Résumé en JSON.")

    def handle(self, *args, **options):
        report = load_territory(code=options["departement"])
        if options["json"]:
            self.stdout.write(json.dumps(asdict(report)))
        else:
            self.stdout.write(
                f"Communes : {report.communes_created} créées, {report.communes_updated} mises à "
                f"jour, {report.communes_unchanged} inchangées ; EPCI : {report.epcis_created} "
                f"créés, {report.epcis_updated} mis à jour, {report.epcis_unchanged} inchangés."
            )
