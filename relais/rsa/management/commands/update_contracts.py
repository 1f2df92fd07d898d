import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.rsa.models import Contract
from relais.rsa.services.contracts import move_on_schedule


def update_statuses(*, today: dt.date, wet_run: bool = False) -> dict:
    """Signed → active once started; signed or active → ended once the end date has passed.

    Without wet_run, only counts what would change (the batch commands' dry run).
    """
    to_activate = Contract.objects.filter(
        status=Contract.Status.SIGNED, starts_on__lte=today, ends_on__gte=today
    )
    to_end = Contract.objects.filter(
        status__in=[Contract.Status.SIGNED, Contract.Status.ACTIVE], ends_on__lt=today
    )
    if not wet_run:
        return {"activated": to_activate.count(), "ended": to_end.count()}
    # Both lists are read before any change: one contract moves once per run.
    activated = list(to_activate.values_list("pk", flat=True))
    ended = list(to_end.values_list("pk", flat=True))
    return {
        "activated": sum(move_on_schedule(pk, Contract.Status.ACTIVE, today) for pk in activated),
        "ended": sum(move_on_schedule(pk, Contract.Status.ENDED, today) for pk in ended),
    }


class Command(BaseCommand):
    help = (
        "Fait passer les contrats signés « en cours » à leur date de début et les contrats "
        "échus « terminés ». Sans --wet-run, compte seulement ce qui changerait."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Appliquer les changements.")
        parser.add_argument(
            "--date", help="Jour de référence (aaaa-mm-jj), aujourd'hui par défaut."
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            today = (
                dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError("--date attend une date au format aaaa-mm-jj.") from error
        if today > timezone.localdate():
            raise CommandError(
                "--date ne peut pas être dans le futur : les contrats suivent le calendrier."
            )
        report = update_statuses(today=today, wet_run=options["wet_run"])
        if options["json"]:
            payload = {"date": today.isoformat(), "wet_run": options["wet_run"], **report}
            self.stdout.write(json.dumps(payload))
            return
        verb = "passés" if options["wet_run"] else "à passer (simulation : ajoutez --wet-run)"
        self.stdout.write(
            f"Contrats au {today:%d/%m/%Y} {verb} : {report['activated']} en cours, "
            f"{report['ended']} terminés."
        )
