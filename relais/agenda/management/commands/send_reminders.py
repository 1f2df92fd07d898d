import datetime as dt
import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.agenda.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Rappelle par SMS ou courriel les rendez-vous du lendemain (avec le consentement de la "
        "personne). Sans --wet-run, compte seulement ce qui serait envoyé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Envoyer réellement.")
        parser.add_argument("--date", help="Jour des rendez-vous (aaaa-mm-jj), demain par défaut.")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            day = (
                dt.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate() + dt.timedelta(days=1)
            )
        except ValueError as error:
            raise CommandError("--date attend une date au format aaaa-mm-jj.") from error
        report = send_reminders(day=day, wet_run=options["wet_run"])
        summary = {k: v for k, v in asdict(report).items() if k != "details"}
        if options["json"]:
            self.stdout.write(
                json.dumps({"date": day.isoformat(), "wet_run": options["wet_run"], **summary})
            )
            return
        verb = "envoyés" if options["wet_run"] else "à envoyer (simulation : ajoutez --wet-run)"
        self.stdout.write(
            f"Rendez-vous du {day:%d/%m/%Y} : {report.due} ; rappels {verb} : {report.sms} SMS, "
            f"{report.email} courriels ; sans consentement ni coordonnée : {report.without_consent} ; "
            f"déjà rappelés : {report.already_sent}."
        )
