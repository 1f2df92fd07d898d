"""The demo's insertion offer: the seed's action sheets 7.1, 8.1–8.4 and 8.6 with their real rules.

Texts, publics, targets and budgets come from the convention's action sheets
(`convention-82-fiches-action.txt`); capacities are the demo's, sized for a département of this
size. Programmes are fetched or created by (département, code), intakes and coaches once: a
second run changes nothing.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from relais.accounts.models import Membership, Role
from relais.programmes.models import (
    CapacityModel,
    IntakeMode,
    Programme,
    ProgrammeCoach,
    ProgrammeKind,
    Session,
    TargetUnit,
)

COURSE_HOURS = Decimal("12.5")  # about 160 hours over 3 months (sheet 8.4)
THREE_MONTHS = 92
TAPAJ_CRITERIA = [
    "Vit de ressources illégales ou de la mendicité",
    "Éloigné(e) des dispositifs classiques d'accès à l'insertion et à l'emploi",
    "En rupture familiale et rétif(ve) au contact avec les institutions",
    "En errance, sans domicile fixe (squat, rue, hébergement précaire)",
    "Consomme des substances psychoactives",
]
COURSE_TEXT = (
    "Formation linguistique d'environ 160 heures sur 3 mois (12 h 30 par semaine), sur "
    "orientation de la plateforme linguistique du CIBC. {intake} Un bilan est fait à la fin de "
    "l'action pour vérifier la pertinence de la poursuite de la formation."
)
COURSE_FUNDING = (
    "Conseil départemental (Pacte territorial d'insertion) : enveloppe de 200 000 € partagée "
    "entre les organismes de formation linguistique (fiche 8.4)."
)
COACHING_TEXT = (
    "Accompagnement intensif (parcours hebdomadaire de 20 heures au moins) par des "
    "professionnels qualifiés en coaching de vie : évaluation individuelle des potentialités, "
    "construction du parcours en s'appuyant sur le programme départemental d'insertion, "
    "sessions collectives sur l'image de soi, la valorisation des compétences et les techniques "
    "de recherche d'emploi. Un coach accompagne 30 personnes au plus en même temps ; la session "
    "ne dépasse pas 3 mois."
)
COACHING_PUBLIC = (
    "Bénéficiaires du RSA dans le dispositif depuis plus de 5 ans, soumis aux droits et devoirs, "
    "orientés vers un parcours professionnel."
)
COACHING_FUNDING = (
    "Conseil départemental (Pacte territorial d'insertion) : 190 000 € pour les trois "
    "opérateurs de la fiche 8.6."
)


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    operator: str  # the operator's short name in the demo territory
    fields: dict = field(default_factory=dict)
    coaches: int = 0


def _coaching(code: str, operator: str, coaches: int = 1) -> ProgrammeSpec:
    fields = {
        "name": f"Coaching emploi — {operator}",
        "kind": ProgrammeKind.COACHING,
        "action_sheet": "8.6",
        "description": COACHING_TEXT,
        "public": COACHING_PUBLIC,
        "requires_duties": True,
        "min_rsa_years": 5,
        "tracks": ["professional"],
        "capacity_model": CapacityModel.PORTFOLIO,
        "portfolio_size": 30,
        "intake_mode": IntakeMode.CONTINUOUS,
        "max_duration_days": THREE_MONTHS,
        "usual_duration_days": 90,
        "hours_per_week": Decimal("20"),
        "documents_expected": "Curriculum vitae, si la personne en a un\nContrat d'engagement en cours",
        "funding": COACHING_FUNDING,
    }
    return ProgrammeSpec(code, operator, fields, coaches)


CATALOGUE = (
    ProgrammeSpec(
        "plateforme-mobilite",
        "Montauban Services",
        {
            "name": "Plateforme mobilité de Montauban Services",
            "kind": ProgrammeKind.MOBILITY,
            "action_sheet": "7.1",
            "description": (
                "Location de véhicules deux ou quatre roues, diagnostics de réparation, ateliers "
                "de pré-code pour préparer l'examen du code de la route et accompagnement vers la "
                "mobilité physique et psychique. Sur prescription, un entretien évalue la "
                "situation et adapte les propositions (réparation, location…). Après une "
                "location, la personne est accompagnée jusqu'à une solution de mobilité durable."
            ),
            "public": (
                "Publics jeunes et bénéficiaires de minima sociaux qui ont besoin de se déplacer "
                "pour accéder à un emploi ou à une formation."
            ),
            "prescriber_criteria": [
                "Jeune, ou bénéficiaire d'un minimum social (RSA, ASS, AAH…)",
                "La mobilité est un frein à l'accès à un emploi ou à une formation",
            ],
            "capacity_model": CapacityModel.CONTINUOUS,
            "places": 30,
            "intake_mode": IntakeMode.CONTINUOUS,
            "max_duration_days": 180,
            "usual_duration_days": 90,
            "documents_expected": (
                "Pièce d'identité ou titre de séjour\nJustificatif de domicile\n"
                "Permis de conduire et attestation d'assurance, pour une location\n"
                "Justificatif de l'emploi ou de la formation visés"
            ),
            "funding": (
                "Fonds social européen et Conseil départemental (Pacte territorial "
                "d'insertion) ; budget de la fiche 7.1 avec le FARE 82 : 267 000 €."
            ),
        },
    ),
    ProgrammeSpec(
        "tapaj",
        "EPICE 82",
        {
            "name": "TAPAJ 82 — travail alternatif payé à la journée",
            "kind": ProgrammeKind.DAY_WORK,
            "action_sheet": "8.1",
            "description": (
                "Programme d'insertion qui permet à des jeunes consommateurs de substances "
                "psychoactives d'être rémunérés en fin de journée, pour une activité qui ne "
                "demande ni qualification ni expérience et ne les engage pas dans la durée. Un "
                "entretien préalable avec l'éducateur référent présente le programme, vérifie les "
                "critères d'inclusion et recueille les pièces des contrats de travail à la "
                "journée : le jeune est mobilisable sur les chantiers dès le lendemain. "
                "L'accompagnement global vise ensuite un emploi durable ou une formation."
            ),
            "public": "Jeunes de 16 à 25 ans vivant dans le département, en grande vulnérabilité.",
            "min_age": 16,
            "max_age": 25,
            "prescriber_criteria": TAPAJ_CRITERIA,
            # One educator: the sheet plans a second one for the waiting list.
            "capacity_model": CapacityModel.CONTINUOUS,
            "places": 10,
            "intake_mode": IntakeMode.CONTINUOUS,
            "usual_duration_days": 180,
            "documents_expected": (
                "Pièce d'identité ou titre de séjour\n"
                "Carte Vitale ou attestation de droits à l'Assurance maladie\n"
                "Relevé d'identité bancaire (paie des journées)"
            ),
            "funding": "Conseil départemental (Pacte territorial d'insertion).",
            "budget": Decimal("61850"),
        },
    ),
    ProgrammeSpec(
        "plaine-emploi",
        "CIDFF 82",
        {
            "name": "P.L.A.I.N.E. Emploi",
            "kind": ProgrammeKind.SUPPORT,
            "action_sheet": "8.2",
            "description": (
                "Remobiliser des femmes en situation de vulnérabilité dans leur parcours "
                "d'insertion professionnelle, rompre l'isolement, retrouver l'estime de soi et la "
                "capacité à agir et décider. Un rendez-vous est proposé dès la prescription ; "
                "après une évaluation complète de la situation, l'accompagnement associe "
                "entretiens individuels et actions collectives (activité physique ou culturelle, "
                "estime de soi, formation au numérique…)."
            ),
            "public": (
                "Femmes isolées ayant besoin d'un accompagnement individualisé pour lever les "
                "freins à leur insertion sociale ou professionnelle."
            ),
            "sex": "F",
            "prescriber_criteria": [
                "Isolée, a besoin d'un accompagnement individualisé pour lever les freins à son "
                "insertion sociale ou professionnelle"
            ],
            "capacity_model": CapacityModel.CONTINUOUS,
            "places": 10,
            "intake_mode": IntakeMode.CONTINUOUS,
            "usual_duration_days": 180,
            "documents_expected": "Pièce d'identité ou titre de séjour",
            "funding": "Conseil départemental (Pacte territorial d'insertion).",
            "budget": Decimal("15000"),
            "yearly_target": 20,
            "target_unit": TargetUnit.PERSONS,
        },
    ),
    ProgrammeSpec(
        "plateforme-linguistique",
        "CIBC 82",
        {
            "name": "Plateforme d'évaluation et d'orientation linguistique",
            "kind": ProgrammeKind.LANGUAGE_PLATFORM,
            "action_sheet": "8.3",
            "description": (
                "Le prescripteur qui repère un besoin de formation linguistique oriente vers le "
                "CIBC, qui convoque la personne pour une évaluation individuelle (compréhension "
                "et expression, orales et écrites) et l'oriente vers l'organisme de formation le "
                "plus adapté qui a des places. À la fin de la formation, le CIBC fait "
                "l'évaluation finale et peut orienter de nouveau vers un organisme."
            ),
            "public": (
                "Tout public ayant besoin d'une formation linguistique et connu d'un opérateur "
                "du Pacte territorial d'insertion."
            ),
            # Persons followed from the initial to the final assessment.
            "capacity_model": CapacityModel.CONTINUOUS,
            "places": 80,
            "intake_mode": IntakeMode.CONTINUOUS,
            "usual_duration_days": 120,
            "documents_expected": (
                "Pièce d'identité ou titre de séjour\n"
                "Attestations des formations linguistiques déjà suivies, le cas échéant"
            ),
            "funding": "Conseil départemental et État (Fonds d'appui aux politiques d'insertion).",
            "budget": Decimal("84000"),
            "yearly_target": 900,
            "target_unit": TargetUnit.ASSESSMENTS,
        },
    ),
    ProgrammeSpec(
        "fle-langues-et-savoirs",
        "Langues et Savoirs 82",
        {
            "name": "Français langue étrangère — Langues et Savoirs 82",
            "kind": ProgrammeKind.LANGUAGE_COURSE,
            "action_sheet": "8.4",
            "description": COURSE_TEXT.format(intake="Entrées et sorties permanentes."),
            "public": "Public en difficulté ayant besoin d'apprendre le français.",
            "capacity_model": CapacityModel.CONTINUOUS,
            "places": 16,
            "intake_mode": IntakeMode.CONTINUOUS,
            "max_duration_days": THREE_MONTHS,
            "usual_duration_days": 91,
            "hours_per_week": COURSE_HOURS,
            "documents_expected": "Pièce d'identité ou titre de séjour",
            "funding": COURSE_FUNDING,
        },
    ),
    ProgrammeSpec(
        "fle-alpha-quercy",
        "Alpha Quercy Formation",
        {
            "name": "Français langue étrangère et alphabétisation — Alpha Quercy Formation",
            "kind": ProgrammeKind.LANGUAGE_COURSE,
            "action_sheet": "8.4",
            "description": COURSE_TEXT.format(
                intake="Sessions à dates fixes de 12 semaines, une par trimestre."
            ),
            "public": (
                "Public en difficulté ayant besoin d'apprendre le français, y compris à lire et "
                "à écrire."
            ),
            "capacity_model": CapacityModel.INTAKE,
            "intake_mode": IntakeMode.DATED,
            "max_duration_days": THREE_MONTHS,
            "usual_duration_days": 84,
            "hours_per_week": COURSE_HOURS,
            "documents_expected": "Pièce d'identité ou titre de séjour",
            "funding": COURSE_FUNDING,
        },
    ),
    _coaching("coaching-emploi-cap", "Cap Coaching 82", coaches=2),
    _coaching("coaching-emploi-trajectoires", "Trajectoires Emploi"),
    _coaching("coaching-emploi-elan", "Élan Coaching Garonne"),
)

SESSION_PLACES = 12
SESSION_WEEKS = 12
SESSION_EVERY = dt.timedelta(weeks=13)  # one a quarter, a week apart
SEASONS = {12: "d'hiver", 1: "d'hiver", 2: "d'hiver", 3: "de printemps", 4: "de printemps"}
SEASONS |= {5: "de printemps", 6: "d'été", 7: "d'été", 8: "d'été"}
SEASONS |= {9: "d'automne", 10: "d'automne", 11: "d'automne"}


@transaction.atomic
def ensure_catalogue(territory, *, today: dt.date) -> dict:
    """Fetch or create the seed's programmes, their intakes and coaches. {code: Programme}."""
    departement = territory.departement
    programmes, created = {}, 0
    for spec in CATALOGUE:
        operator = territory.partners[spec.operator]
        programme, is_new = Programme.objects.get_or_create(
            departement=departement,
            code=spec.code,
            defaults={"operator": operator, **spec.fields},
        )
        created += is_new
        programmes[spec.code] = programme
        if spec.coaches:
            _ensure_coaches(programme, spec.coaches)
        if programme.capacity_model == CapacityModel.INTAKE:
            created += _ensure_sessions(programme, today)
    return {"programmes": programmes, "created": created}


def _ensure_coaches(programme: Programme, count: int) -> None:
    staff = Membership.objects.filter(
        organisation_id=programme.operator_id, role=Role.OPERATOR, is_active=True
    ).order_by("pk")
    for membership in staff[:count]:
        ProgrammeCoach.objects.get_or_create(programme=programme, user_id=membership.user_id)


def _ensure_sessions(programme: Programme, today: dt.date) -> int:
    """Three past sessions, the current one and the next: created once, on the first run."""
    if programme.sessions.exists():
        return 0
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - 3 * SESSION_EVERY - dt.timedelta(weeks=5)
    sessions = []
    for index in range(5):
        starts = first + index * SESSION_EVERY
        label = f"Session {SEASONS[starts.month]} {starts.year}"
        ends = starts + dt.timedelta(weeks=SESSION_WEEKS, days=-3)  # a Friday
        sessions.append(
            Session(
                programme=programme,
                label=label,
                starts_on=starts,
                ends_on=ends,
                places=SESSION_PLACES,
            )
        )
    Session.objects.bulk_create(sessions)
    return len(sessions)
