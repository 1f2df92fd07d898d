from django.core.management.base import BaseCommand

from relais.agenda.models import Agenda
from relais.agenda.slots import materialise


class Command(BaseCommand):
    help = "Prolonge chaque nuit l'horizon des créneaux libres de tous les agendas actifs."

    def handle(self, *args, **options):
        totals = {"created": 0, "deleted": 0, "agendas": 0}
        for agenda in Agenda.objects.filter(is_active=True).select_related("site"):
            report = materialise(agenda)
            totals["created"] += report.created
            totals["deleted"] += report.deleted
            totals["agendas"] += 1
        self.stdout.write(
            f"{totals['agendas']} agendas : {totals['created']} créneaux ouverts, "
            f"{totals['deleted']} retirés."
        )
