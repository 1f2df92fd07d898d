import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.rsa.caf.flowxml import write_flow
from relais.rsa.caf.generator import FlowGenerator


class Command(BaseCommand):
    help = (
        "Écrit un flux bénéficiaires RSA synthétique (schéma CNAF vrsb0801), pour la démo, les "
        "essais et les mesures. Données fictives uniquement."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="Fichier à écrire.")
        parser.add_argument("--households", type=int, default=100, help="Nombre de foyers.")
        parser.add_argument("--seed", type=int, default=0, help="Graine (même graine, même flux).")
        parser.add_argument(
            "--created-on", help="Date de création du flux (aaaa-mm-jj), aujourd'hui par défaut."
        )
        parser.add_argument("--time", default="06:00:00", help="Heure de création (hh:mm:ss).")
        parser.add_argument("--nature", choices=["daily", "monthly"], default="monthly")
        parser.add_argument("--departement", default="82")
        parser.add_argument("--gzip", action="store_true", help="Compresser (gzip).")
        parser.add_argument("--encoding", choices=["utf-8", "windows-1252"], default="utf-8")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            created_on = (
                dt.date.fromisoformat(options["created_on"])
                if options["created_on"]
                else timezone.localdate()
            )
            created_at = dt.time.fromisoformat(options["time"])
        except ValueError as error:
            raise CommandError(
                "--created-on attend une date aaaa-mm-jj et --time une heure hh:mm:ss."
            ) from error
        if options["households"] < 0:
            raise CommandError("--households attend un nombre positif.")
        generator = FlowGenerator(seed=options["seed"], departement_code=options["departement"])
        out = Path(options["out"])
        count = write_flow(
            out,
            generator.households(options["households"]),
            created_on=created_on,
            created_at=created_at,
            nature=options["nature"],
            encoding=options["encoding"],
            compress=options["gzip"],
        )
        summary = {"path": str(out), "households": count, "size": out.stat().st_size}
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(f"{count} foyers écrits dans {out} ({summary['size']} octets).")
