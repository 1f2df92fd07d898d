import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relais.people.models import Person
from relais.rsa.queries.pathway import iso_week, new_entrants, week_label
from relais.territory.models import Departement


class Command(BaseCommand):
    help = (
        "Liste les primo-entrants d'une semaine ISO : personnes entrées dans les droits et "
        "devoirs d'après les flux CAF créés cette semaine-là (fiche action 4.1)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--week", help="Semaine ISO, par exemple 2026-W48 (la semaine en cours par défaut)."
        )
        parser.add_argument(
            "--departement", default="82", help="Code du département (82 par défaut)."
        )
        parser.add_argument(
            "--json", action="store_true", help="Un objet JSON (docs/formats/primo-entrants.md)."
        )

    def handle(self, *args, **options):
        week = options["week"] or week_label(timezone.localdate())
        try:
            monday, sunday = iso_week(week)
        except ValueError as error:
            raise CommandError(str(error)) from error
        departement = Departement.objects.filter(code=options["departement"]).first()
        if departement is None:
            raise CommandError(
                f"Département {options['departement']} inconnu : chargez le territoire."
            )
        rows = new_entrants(Person.objects.filter(departement=departement), monday, sunday)
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(week, monday, sunday, rows), ensure_ascii=False))
            return
        self.stdout.write(
            f"Semaine {week} (du {monday:%d/%m/%Y} au {sunday:%d/%m/%Y}) : "
            f"{len(rows)} primo-entrant{'s' if len(rows) > 1 else ''}."
        )
        for row in rows:
            self.stdout.write(
                f"  {row.caf_number}  {row.caf_role:3}  {row.person.birth_date:%d/%m/%Y}  "
                f"{row.person.full_name}  — {row.sector or 'hors secteur'}"
            )


def _as_json(week, monday, sunday, rows) -> dict:
    return {
        "week": week,
        "from": monday.isoformat(),
        "to": sunday.isoformat(),
        "count": len(rows),
        "new_entrants": [
            {
                "caf_number": row.caf_number,
                "role": row.caf_role,
                "birth_date": row.person.birth_date.isoformat(),
                "name": row.person.full_name,
                "sector": row.sector,
                "entered_on": row.entered_on.isoformat(),
                "convened": row.convocation is not None,
                "oriented": row.oriented,
            }
            for row in rows
        ],
    }
