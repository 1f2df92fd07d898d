"""How each kind of programme behaves over the demo's year: answers, delays, stays, exits.

Rough orders of magnitude chosen so that the indicators show every case (refusals with each
coded reason, exits of every kind, drop-outs); they are not statistics.
"""

from dataclasses import dataclass

from relais.programmes.models import Outcome, ProgrammeKind, RefusalReason

Out = Outcome
R = RefusalReason
REFUSALS = {R.NO_SHOW: 35, R.DECLINED: 25, R.UNREACHABLE: 20, R.BETTER_ELSEWHERE: 12}
REFUSALS |= {R.NOT_ELIGIBLE: 8}


@dataclass(frozen=True)
class Behaviour:
    refuse: float  # share of the answers that are refusals
    entry_days: tuple[int, int]  # from the acceptance to the entry
    stay_days: tuple[int, int]  # from the entry to the end, when nobody drops out
    outcomes: dict
    refusals: dict | None = None  # the reasons' weights, when not the usual ones


JOBS = {Out.DURABLE_JOB: 12, Out.SHORT_JOB: 18, Out.TRAINING: 14}
BEHAVIOURS = {
    ProgrammeKind.MOBILITY: Behaviour(
        0.10, (3, 12), (30, 150), {**JOBS, Out.COMPLETED: 30, Out.DROPPED_OUT: 10, Out.MOVED: 4}
    ),
    ProgrammeKind.DAY_WORK: Behaviour(
        0.15,
        (1, 3),
        (120, 300),
        {Out.SHORT_JOB: 22, Out.TRAINING: 14, Out.DURABLE_JOB: 8, Out.OTHER_PROGRAMME: 16}
        | {Out.DROPPED_OUT: 24, Out.MOVED: 6, Out.COMPLETED: 4},
    ),
    ProgrammeKind.SUPPORT: Behaviour(
        0.10,
        (5, 15),
        (120, 240),
        {**JOBS, Out.OTHER_PROGRAMME: 25, Out.COMPLETED: 20, Out.DROPPED_OUT: 10},
    ),
    ProgrammeKind.LANGUAGE_PLATFORM: Behaviour(0.04, (5, 20), (0, 0), {}),
    ProgrammeKind.LANGUAGE_COURSE: Behaviour(
        0.03,
        (3, 12),
        (80, 91),
        {Out.COMPLETED: 62, Out.TRAINING: 8, Out.SHORT_JOB: 8, Out.DROPPED_OUT: 15, Out.MOVED: 7},
        {R.DECLINED: 1},
    ),
    ProgrammeKind.COACHING: Behaviour(
        0.12,
        (3, 10),
        (56, 91),
        {Out.DURABLE_JOB: 20, Out.SHORT_JOB: 25, Out.TRAINING: 15, Out.COMPLETED: 25}
        | {Out.DROPPED_OUT: 10, Out.MOVED: 5},
    ),
}
OBJECTIVES = {
    ProgrammeKind.MOBILITY: (
        "Louer un véhicule le temps de la période d'essai d'un emploi",
        "Préparer le code de la route avant l'inscription au permis",
        "Diagnostic de réparation du véhicule pour se rendre en formation",
        "Trouver une solution pour aller travailler en horaires décalés",
    ),
    ProgrammeKind.DAY_WORK: (
        "Reprendre un rythme par des journées de travail payées",
        "Premier contact avec le travail, puis accompagnement vers un emploi ou une formation",
    ),
    ProgrammeKind.SUPPORT: (
        "Rompre l'isolement et reprendre confiance avant une recherche d'emploi",
        "Construire un projet professionnel après une séparation",
        "Reprendre une activité après une longue période au foyer",
    ),
    ProgrammeKind.LANGUAGE_PLATFORM: (
        "Évaluer le niveau de français et orienter vers une formation adaptée",
        "Évaluer le besoin de formation linguistique avant une recherche d'emploi",
    ),
    ProgrammeKind.LANGUAGE_COURSE: ("Formation linguistique après l'évaluation du CIBC",),
    ProgrammeKind.COACHING: (
        "Retour à l'emploi dans le métier exercé avant l'entrée au RSA",
        "Valoriser les compétences et cibler les offres d'emploi du secteur",
        "Reprendre un emploi après une longue période sans activité",
    ),
}
WITHDRAWALS = (
    "La personne a trouvé un emploi avant l'entrée dans l'action",
    "La personne a déménagé hors du département",
    "La personne ne souhaite plus entrer dans l'action",
)
NO_ENTRY = "La personne ne s'est pas présentée à l'entrée dans l'action"
