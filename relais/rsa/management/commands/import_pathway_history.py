import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relais.rsa.history import import_history
from relais.territory.models import Departement

SHOWN_REJECTIONS = 20


class Command(BaseCommand):
    help = (
        "Reprend l'historique du parcours RSA (orientations, contrats, sorties) depuis le CSV de "
        "l'ancien système (docs/formats/historique-parcours.md). Un même fichier ne s'importe "
        "qu'une fois ; un fichier mal formé est refusé en entier."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Le fichier CSV (UTF-8, séparateur ;).")
        parser.add_argument(
            "--departement",
            default=settings.RELAIS_DEPARTEMENT_CODE,
            help="Code du département des dossiers (celui de l'instance par défaut).",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Écrire le compte rendu en JSON (docs/formats/rapport-reprise-historique.md).",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        departement = Departement.objects.filter(code=options["departement"]).first()
        if departement is None:
            raise CommandError(
                f"Département {options['departement']} inconnu : chargez le territoire "
                "(load_territory) ou indiquez --departement."
            )
        report = import_history(path, departement=departement)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self._print(report)
        if report["status"] == "refused":
            raise CommandError(f"Fichier refusé : {report['error']}")

    def _print(self, report: dict) -> None:
        name = report["file"]["name"]
        if report["status"] == "already_imported":
            self.stdout.write(f"{name} : déjà importé, rien n'a changé.")
            return
        if report["status"] == "refused":
            return
        lines = report["lines"]
        self.stdout.write(
            f"{name} : {lines['read']} lignes lues, {lines['imported']} importées, "
            f"{lines['unchanged']} déjà présentes, {lines['rejected']} rejetées "
            f"({report['duration_seconds']} s)."
        )
        for key, label in (
            ("orientations", "Orientations"),
            ("contracts", "Contrats"),
            ("exits", "Sorties"),
        ):
            counts = report[key]
            self.stdout.write(
                f"  {label} : {counts['imported']} importées, {counts['unchanged']} déjà présentes"
            )
        for rejection in report["rejections"][:SHOWN_REJECTIONS]:
            self.stdout.write(f"  Ligne {rejection['line']} rejetée : {rejection['reason']}")
        hidden = lines["rejected"] - min(SHOWN_REJECTIONS, len(report["rejections"]))
        if hidden > 0:
            self.stdout.write(f"  … et {hidden} autres lignes rejetées (voir --json).")
