import json

from django.core.management.base import BaseCommand

from relais.rsa.services.flows import purge_imports


class Command(BaseCommand):
    help = (
        "Supprime les fichiers bruts des flux CAF et des reprises d'historique dont la durée de "
        "conservation est passée (le registre des imports reste). Sans --wet-run, compte "
        "seulement."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Supprimer réellement.")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        counts = purge_imports(wet_run=options["wet_run"])
        if options["json"]:
            self.stdout.write(json.dumps({"wet_run": options["wet_run"], **counts}))
            return
        verb = "supprimés" if options["wet_run"] else "à supprimer (simulation : ajoutez --wet-run)"
        self.stdout.write(
            f"Fichiers bruts {verb} : {counts['caf_flows']} flux CAF, "
            f"{counts['history_imports']} reprises d'historique."
        )
