"""The RSA pathway's indicators (action sheet 5.2), registered with the core registry.

Each figure aggregates in SQL the population that relais.rsa.queries.indicators defines; the
drill-down lists the same population. Codes are "rsa.<name>"; the page's URLs and the
`rsa_indicators --json` keys use <name> alone (the issue's names).
"""

from django.db.models import Count, Q

from relais.core.indicators import Indicator, percentile_from_histogram, register
from relais.rsa.models import Exit, Track
from relais.rsa.queries import indicators as queries

PREFIX = "rsa."
DAYS = "jours"
RATE = "%"
CONTRACT_TARGET_DAYS = 14
NO_TRACK_LABEL = "Sans orientation"


def days_summary(histogram: dict[int, int]) -> dict:
    """Count, mean and nearest-rank median of a {days: number of lines} histogram."""
    count = sum(histogram.values())
    total = sum(days * n for days, n in histogram.items())
    return {
        "count": count,
        "mean": total / count if count else None,
        "median": percentile_from_histogram(histogram, 0.5),
    }


def _histogram(queryset) -> dict[int, int]:
    rows = queryset.order_by().values("delay").annotate(n=Count("id"))
    return {row["delay"]: row["n"] for row in rows}


def _rate(count: int, numerator: int) -> dict:
    return {"count": count, "numerator": numerator, "value": numerator / count if count else None}


def _rate_by_track(rows, tracks) -> dict:
    """{"count", "numerator", "value", "by_track": {track: {...}}} from grouped rows."""
    counts = {track: [0, 0] for track in tracks}
    for row in rows:
        counts[row["track"]][0] += row["count"]
        counts[row["track"]][1] += row["numerator"]
    total = sum(c for c, _ in counts.values())
    hits = sum(n for _, n in counts.values())
    by_track = {track: _rate(c, n) for track, (c, n) in counts.items()}
    return {**_rate(total, hits), "by_track": by_track}


def orientation_delay_days(period, scope) -> dict:
    persons = queries.scoped_persons(scope)
    histogram = _histogram(queries.delay_orientations(period, persons))
    summary = days_summary(histogram)
    within = sum(n for days, n in histogram.items() if days <= queries.DELAY_TARGET_DAYS)
    summary["share_within_42_days"] = within / summary["count"] if summary["count"] else None
    return summary


def orientation_to_contract_days(period, scope) -> dict:
    persons = queries.scoped_persons(scope)
    return days_summary(_histogram(queries.first_contracts(period, persons)))


def contract_within_30_days_rate(period, scope) -> dict:
    persons = queries.scoped_persons(scope)
    rows = (
        queries.contract_window_orientations(period, persons)
        .order_by()
        .values("track")
        .annotate(count=Count("id"), numerator=Count("id", filter=Q(within=True)))
    )
    return _rate_by_track(rows, Track.values)


def contractualisation_rate(period, scope) -> dict:
    persons = queries.scoped_persons(scope)
    rows = (
        queries.subject_persons(period, persons)
        .order_by()
        .values("track")
        .annotate(count=Count("id"), numerator=Count("id", filter=Q(has_contract=True)))
    )
    return _rate_by_track(rows, [*Track.values, queries.NO_TRACK])


def positive_exit_rate(period, scope) -> dict:
    persons = queries.scoped_persons(scope)
    rows = queries.exits(period, persons).order_by().values("reason").annotate(n=Count("id"))
    by_reason = dict.fromkeys(Exit.Reason.values, 0)
    by_reason.update({row["reason"]: row["n"] for row in rows})
    positive = sum(n for reason, n in by_reason.items() if reason in Exit.POSITIVE)
    return {**_rate(sum(by_reason.values()), positive), "by_reason": by_reason}


def rsa_exit_by_work_or_training_rate(period, scope) -> dict:
    rows = queries.closures(period, queries.scoped_persons(scope))
    positive = sum(1 for row in rows if row["positive"])
    without = sum(1 for row in rows if row["exit_on"] is None)
    return {**_rate(len(rows), positive), "without_exit": without}


SCOPE_NOTE = (
    " Périmètre : les personnes dont la commune relève d'un secteur de la MDS, ou tout le "
    "département."
)

RSA_INDICATORS = [
    Indicator(
        code=PREFIX + "orientation_delay_days",
        label="Délai entre l'entrée dans les droits et devoirs et la décision d'orientation",
        definition=(
            "Pour chaque orientation décidée dans la période (hors réorientations) : nombre de "
            "jours entre l'entrée dans les droits et devoirs (date de création du flux CAF qui "
            "l'a signalée) et la décision. L'entrée retenue est celle enregistrée avec "
            "l'orientation ; à défaut, la dernière entrée de la personne datée du jour de la "
            "décision ou avant ; les orientations sans entrée connue ne sont pas comptées. "
            "Moyenne, médiane (rang le plus proche) et part des décisions prises en 42 jours "
            "ou moins (le 42e jour compris)." + SCOPE_NOTE
        ),
        unit=DAYS,
        target="décision en 42 jours au plus (6 semaines) après l'entrée",
        action_sheets=("4.1", "5.2"),
        compute=orientation_delay_days,
        group="rsa",
    ),
    Indicator(
        code=PREFIX + "orientation_to_contract_days",
        label="Délai entre la décision d'orientation et la signature du premier contrat",
        definition=(
            "Pour chaque premier contrat signé dans la période (CER, PPAE ou contrat "
            "d'engagement ; les brouillons ne comptent pas) : nombre de jours entre la décision "
            "de l'orientation en vigueur à la signature (la dernière décidée ce jour-là ou "
            "avant) et la signature. « Premier » : aucun autre contrat signé depuis cette "
            "décision. Les contrats qui suivent une réorientation, ou sans orientation "
            "préalable, ne sont pas comptés. Moyenne et médiane (rang le plus proche)." + SCOPE_NOTE
        ),
        unit=DAYS,
        target=f"{CONTRACT_TARGET_DAYS} jours au plus",
        action_sheets=("5.2",),
        compute=orientation_to_contract_days,
        group="rsa",
    ),
    Indicator(
        code=PREFIX + "contract_within_30_days_rate",
        label="Part des orientations suivies d'un contrat sous 30 jours",
        definition=(
            "Parmi les orientations (hors réorientations) décidées dans la période au moins "
            "30 jours avant sa fin, la part pour lesquelles un contrat de la personne (hors "
            "brouillon) a été signé entre le jour de la décision et 30 jours après, le 30e jour "
            "compris. Par orientation décidée." + SCOPE_NOTE
        ),
        unit=RATE,
        action_sheets=("5.2",),
        compute=contract_within_30_days_rate,
        group="rsa",
    ),
    Indicator(
        code=PREFIX + "contractualisation_rate",
        label="Taux de contractualisation des personnes soumises aux droits et devoirs",
        definition=(
            "Parmi les personnes soumises aux droits et devoirs le dernier jour de la période "
            "(d'après le dernier changement reçu des flux CAF à cette date), la part ayant ce "
            "jour-là un contrat en cours : hors brouillon, signé au plus tard ce jour, dont la "
            "période (début, fin) couvre ce jour et qui n'a pas pris fin avant. Par orientation "
            "en vigueur ce jour-là (la dernière décidée, réorientations comprises), « sans "
            "orientation » s'il n'y en a aucune." + SCOPE_NOTE
        ),
        unit=RATE,
        action_sheets=("5.2",),
        compute=contractualisation_rate,
        group="rsa",
    ),
    Indicator(
        code=PREFIX + "positive_exit_rate",
        label="Part des sorties positives du parcours",
        definition=(
            "Parmi les sorties du parcours datées de la période, la part pour un emploi "
            "durable (6 mois et plus), un emploi de moins de 6 mois ou une formation "
            "qualifiante. Une personne sortie deux fois compte deux fois." + SCOPE_NOTE
        ),
        unit=RATE,
        action_sheets=("5.2",),
        compute=positive_exit_rate,
        group="rsa",
    ),
    Indicator(
        code=PREFIX + "rsa_exit_by_work_or_training_rate",
        label="Part des sorties du RSA par l'emploi ou la formation",
        definition=(
            "Parmi les personnes (demandeur, conjoint ou responsable du dossier) dont le droit "
            "au RSA a été clos dans la période (passage à l'état 5 ou 6 d'après les flux CAF), "
            "la part dont le motif de sortie est un emploi (durable ou de moins de 6 mois) ou "
            "une formation qualifiante. Le motif retenu est celui de la dernière sortie "
            "enregistrée entre 3 mois avant la clôture (ou le début de la période, s'il est "
            "plus ancien) et la fin de la période ; une personne sans sortie enregistrée compte "
            "au dénominateur seulement." + SCOPE_NOTE
        ),
        unit=RATE,
        action_sheets=("5.2",),
        compute=rsa_exit_by_work_or_training_rate,
        group="rsa",
    ),
]
for _indicator in RSA_INDICATORS:
    register(_indicator)

# The page and the command show them in the order, not the registry's.
NAMES = [indicator.code.removeprefix(PREFIX) for indicator in RSA_INDICATORS]
BY_NAME = dict(zip(NAMES, RSA_INDICATORS, strict=True))
LINES = {
    "orientation_delay_days": queries.delay_lines,
    "orientation_to_contract_days": queries.first_contract_lines,
    "contract_within_30_days_rate": queries.contract_window_lines,
    "contractualisation_rate": queries.subject_lines,
    "positive_exit_rate": queries.exit_lines,
    "rsa_exit_by_work_or_training_rate": queries.closure_lines,
}
TRACK_LABELS = {**dict(Track.choices), queries.NO_TRACK: NO_TRACK_LABEL}

# How each figure reads in French, on the page, in the xlsx export and in the command.
NOUNS = {
    "orientation_delay_days": ("Orientations comptées", ""),
    "orientation_to_contract_days": ("Premiers contrats comptés", ""),
    "contract_within_30_days_rate": ("Orientations comptées", "Suivies d'un contrat sous 30 jours"),
    "contractualisation_rate": (
        "Personnes soumises aux droits et devoirs",
        "Avec un contrat en cours",
    ),
    "positive_exit_rate": ("Sorties", "Sorties positives"),
    "rsa_exit_by_work_or_training_rate": (
        "Personnes dont le droit a été clos",
        "Sorties par l'emploi ou la formation",
    ),
}
NO_DATA = "pas de donnée"


def number(value) -> str:
    return f"{value:,}".replace(",", " ")


def percent(value) -> str:
    return NO_DATA if value is None else f"{value * 100:.1f} %".replace(".", ",")


def days(value) -> str:
    if value is None:
        return NO_DATA
    text = f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)
    return f"{text} jour{'s' if value > 1 else ''}"


def present(name: str, value: dict) -> dict:
    """{"summary": [(label, text)], "tables": [{caption, headers, rows}]} for one figure."""
    noun, hit = NOUNS[name]
    if "mean" in value:
        summary = [
            (noun, number(value["count"])),
            ("Moyenne", days(value["mean"])),
            ("Médiane", days(value["median"])),
        ]
        if "share_within_42_days" in value:
            summary.append(("Part en 42 jours ou moins", percent(value["share_within_42_days"])))
        return {"summary": summary, "tables": []}
    summary = [
        ("Taux", percent(value["value"])),
        (noun, number(value["count"])),
        (hit, number(value["numerator"])),
    ]
    if "without_exit" in value:
        summary.append(("Sans sortie enregistrée", number(value["without_exit"])))
    tables = []
    if "by_track" in value:
        rows = [
            (
                TRACK_LABELS[track],
                number(cell["count"]),
                number(cell["numerator"]),
                percent(cell["value"]),
            )
            for track, cell in value["by_track"].items()
        ]
        headers = ("Orientation", noun, hit, "Taux")
        tables.append({"caption": "Par orientation", "headers": headers, "rows": rows})
    if "by_reason" in value:
        reasons = dict(Exit.Reason.choices)
        rows = [
            (reasons[reason], "oui" if reason in Exit.POSITIVE else "non", number(n))
            for reason, n in value["by_reason"].items()
        ]
        headers = ("Motif de sortie", "Sortie positive", "Sorties")
        tables.append({"caption": "Par motif de sortie", "headers": headers, "rows": rows})
    return {"summary": summary, "tables": tables}
