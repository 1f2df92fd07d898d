import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from relais.demo.accounts import ADMIN_EMAIL, DEMO_PASSWORD, ensure_demo_accounts
from relais.demo.agenda import ensure_demo_agendas
from relais.demo.aid import ensure_demo_aid
from relais.demo.persons import generate_persons
from relais.demo.programmes import ensure_demo_programmes
from relais.demo.reception import ensure_demo_visits, ensure_emergency_procedures
from relais.demo.rsa import ensure_demo_rsa
from relais.demo.sites import ensure_public_site_information
from relais.demo.territory import ensure_demo_territory
from relais.people.models import Person


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration : organisations fictives, comptes d'agents et "
        "personnes synthétiques. Relancée, elle réutilise ce qui existe déjà."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=82, help="Graine des personnes (même graine, mêmes noms)."
        )
        parser.add_argument("--persons", type=int, default=3000, help="Nombre de personnes.")
        parser.add_argument(
            "--rsa-households",
            type=int,
            default=600,
            help="Foyers du flux CAF de démonstration (parcours RSA).",
        )
        parser.add_argument(
            "--rsa-weeks",
            type=int,
            default=6,
            help="Semaines de flux CAF quotidiens avant aujourd'hui.",
        )
        parser.add_argument(
            "--history-days",
            type=int,
            default=365,
            help="Profondeur de l'historique d'activité (rendez-vous, passages), en jours.",
        )
        parser.add_argument(
            "--programme-prescriptions",
            type=int,
            default=250,
            help="Prescriptions des MDS vers l'offre d'insertion sur l'année écoulée (0 : aucune).",
        )
        parser.add_argument(
            "--aid-applications",
            type=int,
            default=36,
            help="Demandes d'aide FARE82 sur l'année écoulée (0 : aucune).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger aussi hors mode démo (recette) : les comptes ont un mot de passe public.",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE and not options["force"]:
            # Outside the demo, 55 accounts with a published password would be a way in.
            raise CommandError(
                "RELAIS_DEMO=0 : les données de démonstration ne se chargent pas hors mode démo. "
                "Pour une recette, ajoutez --force (les comptes créés ont un mot de passe public)."
            )
        started = time.monotonic()
        with transaction.atomic():
            territory = ensure_demo_territory()
            ensure_public_site_information(territory.departement)
            accounts = ensure_demo_accounts(territory)
            existing = Person.objects.filter(departement=territory.departement).count()
            created = 0
            # Persons are generated once: a second run must not double the files.
            if not existing:
                created = generate_persons(
                    departement=territory.departement,
                    count=options["persons"],
                    seed=options["seed"],
                )
            visits = ensure_demo_visits(
                territory.departement, seed=options["seed"], days=options["history_days"]
            )
            ensure_emergency_procedures(territory.departement)
            appointments = ensure_demo_agendas(
                territory.departement, seed=options["seed"], past_days=options["history_days"]
            )
            rsa = ensure_demo_rsa(
                territory.departement,
                seed=options["seed"],
                households=options["rsa_households"],
                weeks=options["rsa_weeks"],
            )
            offer = ensure_demo_programmes(
                territory,
                seed=options["seed"],
                prescriptions=options["programme_prescriptions"],
            )
            aid = ensure_demo_aid(
                territory, seed=options["seed"], applications=options["aid_applications"]
            )
        self._summary(territory, accounts, existing, created, time.monotonic() - started)
        if appointments:
            self.stdout.write(f"Agendas : {_number(appointments)} rendez-vous créés.")
        if visits:
            self.stdout.write(f"Accueil : {_number(visits)} passages enregistrés.")
        if rsa.get("flows"):
            self.stdout.write(
                f"Parcours RSA : {rsa['flows']} flux CAF importés, {rsa['convened']} convocations, "
                f"{rsa['oriented']} orientations, {rsa['contracts']} contrats d'engagement signés, "
                f"{rsa['absent']} absences inscrites en équipe pluridisciplinaire."
            )
        if offer["prescriptions"]:
            self.stdout.write(
                f"Offre d'insertion : {offer['programmes']} actions, "
                f"{_number(offer['prescriptions'])} prescriptions sur un an "
                f"({offer['entered']} personnes dans une action, {offer['waitlisted']} en liste "
                f"d'attente), {offer['assessments']} évaluations linguistiques, "
                f"{_number(offer['work_days'])} journées TAPAJ."
            )
        if aid.get("applications"):
            self.stdout.write(
                f"FARE82 : enveloppe {aid['fund'].year} de {_number(int(aid['fund'].envelope))} €, "
                f"{aid['applications']} demandes dont {aid['paid']} payées, "
                f"{aid['followed']} bénéficiaires du RSA suivis par un agent du Département."
            )
        if settings.DEMO_MODE:
            self._credentials(accounts)

    def _summary(self, territory, accounts, existing, created, seconds):
        write = self.stdout.write
        communes = territory.departement.communes.count()
        write(
            f"Territoire : {communes} communes, {len(territory.mds)} MDS, "
            f"{len(territory.partners)} autres organisations "
            f"({territory.created} éléments créés)."
        )
        write(
            f"Comptes : {len(accounts.users) + 1} comptes de démonstration "
            f"({accounts.created} créés)."
        )
        if created:
            write(f"Personnes : {_number(created)} dossiers créés.")
        else:
            write(f"Personnes : {_number(existing)} dossiers déjà présents, aucun créé.")
        write(self.style.SUCCESS(f"Données de démonstration prêtes en {seconds:.1f} s."))

    def _credentials(self, accounts):
        write = self.stdout.write
        write("")
        write("Comptes de démonstration (un par rôle) :")
        rows = [("Adresse électronique", "Rôle", "Organisation"), *accounts.showcase]
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        for email, role, organisation in rows:
            write(f"  {email:<{widths[0]}}  {role:<{widths[1]}}  {organisation}")
        write(
            f"  Agent rattaché à deux MDS (changement d'organisation) : {accounts.two_memberships}"
        )
        write(f"  Administrateur : {ADMIN_EMAIL}")
        write(f"Mot de passe commun à tous les comptes de démonstration : {DEMO_PASSWORD}")
