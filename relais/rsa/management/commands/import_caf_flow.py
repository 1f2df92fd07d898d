import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relais.rsa.services.flows import import_path
from relais.territory.models import Departement


class Command(BaseCommand):
    help = (
        "Importe un flux bénéficiaires RSA de la CAF (schéma CNAF vrsb0801 ; XML ou XML gzip, "
        "UTF-8 ou windows-1252). Un fichier déjà importé ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Chemin du fichier transmis par la CAF.")
        parser.add_argument(
            "--departement",
            default=settings.RELAIS_DEPARTEMENT_CODE,
            help="Code du département (celui de l'installation par défaut).",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Le compte rendu en un objet JSON (docs/formats/rapport-import-caf.md).",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        departement = Departement.objects.filter(code=options["departement"]).first()
        if departement is None:
            raise CommandError(
                f"Département {options['departement']} inconnu : chargez d'abord le territoire "
                "(manage.py load_territory)."
            )
        report = import_path(path, departement=departement)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(_text(report))
        if report.status == "refused":
            raise CommandError(f"Fichier refusé : {report.error}", returncode=1)


def _text(report) -> str:
    flow = report.flow
    if report.status == "refused":
        return f"Flux {flow.get('file_name', '')} refusé : rien n'a été importé."
    if report.status == "already_imported":
        return (
            f"Flux {flow['file_name']} déjà importé (empreinte {flow['sha256'][:12]}…) : "
            "rien n'a changé."
        )
    h, p = report.households, report.persons
    nature = {"daily": "quotidien", "monthly": "mensuel"}.get(flow["nature"], flow["nature"])
    lines = [
        f"Flux {nature} {flow['file_name']} (créé par la CAF le {_date(flow['created_on'])}, "
        f"référence au {_date(flow['reference_date'])}) importé en {report.duration_seconds} s.",
        f"Foyers : {h.read} lus, {h.created} créés, {h.updated} mis à jour, "
        f"{h.unchanged} inchangés, {h.rejected} rejetés.",
        f"Personnes : {p.created} créées, {p.updated} mises à jour, {p.unchanged} inchangées, "
        f"{p.rejected} rejetées, {p.skipped} non conservées (minimisation).",
        f"Primo-entrants : {report.new_entrants} ; arrivées : {report.transfers_in} ; "
        f"départs : {report.transfers_out} ; clôtures : {report.closures} ; "
        f"conflits : {report.conflicts}.",
    ]
    for rejection in report.rejections:
        lines.append(
            f"  dossier n° {rejection['position']} ({rejection['caf_number'] or 'numéro illisible'}) "
            f": {rejection['reason']}"
        )
    return "\n".join(lines)


def _date(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else "?"
