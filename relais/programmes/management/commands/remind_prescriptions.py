from django.conf import settings
from django.core.management.base import BaseCommand

from relais.programmes.services.reminders import remind_unanswered


class Command(BaseCommand):
    help = (
        "Relance les opérateurs qui n'ont pas répondu à une prescription après "
        "RELAIS_PRESCRIPTION_REMINDER_DAYS jours. Sans --wet-run, compte seulement."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Envoyer les relances.")

    def handle(self, *args, **options):
        count = remind_unanswered(wet_run=options["wet_run"])
        days = settings.RELAIS_PRESCRIPTION_REMINDER_DAYS
        if options["wet_run"]:
            self.stdout.write(
                f"Prescriptions sans réponse depuis {days} jours relancées : {count}."
            )
        else:
            self.stdout.write(
                f"Prescriptions sans réponse depuis {days} jours à relancer : {count} "
                "(simulation : ajoutez --wet-run)."
            )
