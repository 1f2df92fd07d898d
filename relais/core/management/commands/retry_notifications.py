from django.core.management.base import BaseCommand

from relais.core.notifications import MAX_ATTEMPTS, retry_failed


class Command(BaseCommand):
    help = (
        f"Renvoie les SMS et courriels en échec ({MAX_ATTEMPTS} tentatives au plus). "
        "Sans --wet-run, compte seulement."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true")

    def handle(self, *args, **options):
        count = retry_failed(wet_run=options["wet_run"])
        verb = "renvoyés" if options["wet_run"] else "à renvoyer (simulation : ajoutez --wet-run)"
        self.stdout.write(f"Messages en échec {verb} : {count}.")
