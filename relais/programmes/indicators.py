"""The insertion offer's indicators (action sheets 7.1, 8.1–8.4, 8.6), per programme.

Registered with the core registry under "programmes.<name>", group "programmes". Every figure
is computed per programme: `compute(period, scope, programmes=None)` returns
{programme code: value} for the programmes of the scope's département — only those its
organisation runs when `Scope.organisation_id` is set (an operator) — narrowed to the ids in
`programmes` when given (what `policy.indicator_programmes(user)` allows). `Scope.site_id`
has no meaning here and is ignored. Codes are unique within a département.
"""

from relais.core.indicators import (
    Indicator,
    Period,
    Scope,
    percentile_from_histogram,
    register,
    shared_queries,
)
from relais.programmes.models import POSITIVE_OUTCOMES, Outcome, Programme, TargetUnit
from relais.programmes.queries import indicators as queries

PREFIX = "programmes."
SHEETS = ("7.1", "8.1", "8.2", "8.3", "8.4", "8.6")
SCOPE_NOTE = (
    " Calculé pour chaque action ; périmètre : les actions du département, ou celles que "
    "l'organisation de l'opérateur porte."
)


def _selected(scope: Scope, programmes) -> list[Programme]:
    ids = (
        None if programmes is None else tuple(sorted(int(getattr(p, "pk", p)) for p in programmes))
    )
    return queries.programmes(scope, ids)


def per_programme(figure):
    """(period, found programmes, their ids) -> {id: value} becomes a registry `compute`."""

    def compute(period: Period, scope: Scope, programmes=None) -> dict:
        found = _selected(scope, programmes)
        ids = tuple(sorted(p.pk for p in found))
        values = figure(period, found, ids) if ids else {}
        return {p.code: values.get(p.pk) for p in found}

    compute.__name__ = figure.__name__
    compute.__doc__ = figure.__doc__
    return compute


def _mean(total: int, count: int) -> float | None:
    return total / count if count else None


def _rate(count: int, numerator: int) -> dict:
    return {"count": count, "numerator": numerator, "value": _mean(numerator, count)}


def _tally(period, ids) -> dict[int, dict]:
    """Each programme's counts, zeros for one without any row."""
    found = queries.tallies(period, ids)

    def empty() -> dict:
        return {**dict.fromkeys(queries.TALLIES, 0), "outcomes": dict.fromkeys(Outcome.values, 0)}

    return {pk: found.get(pk) or empty() for pk in ids}


@per_programme
def prescriptions_sent(period, found, ids) -> dict:
    return {pk: t["sent"] for pk, t in _tally(period, ids).items()}


@per_programme
def acceptance_rate(period, found, ids) -> dict:
    return {pk: _rate(t["answered"], t["accepted"]) for pk, t in _tally(period, ids).items()}


@per_programme
def entry_delay_days(period, found, ids) -> dict:
    delays = queries.entry_delays(period, ids)
    values = {}
    for pk in ids:
        histogram = delays.get(pk, {})
        values[pk] = {
            "count": sum(histogram.values()),
            "median": percentile_from_histogram(histogram, 0.5),
            "p90": percentile_from_histogram(histogram, 0.9),
        }
    return values


@per_programme
def waiting_list_length(period, found, ids) -> dict:
    return {
        pk: {"count": t["waiting"], "mean_days_so_far": _mean(t["waiting_days"], t["waiting"])}
        for pk, t in _tally(period, ids).items()
    }


@per_programme
def mean_wait_days(period, found, ids) -> dict:
    return {
        pk: {"count": t["placed"], "mean": _mean(t["placed_days"], t["placed"])}
        for pk, t in _tally(period, ids).items()
    }


@per_programme
def occupancy(period, found, ids) -> dict:
    capacities = queries.capacities(period, found)
    values = {}
    for pk, t in _tally(period, ids).items():
        places = capacities[pk]
        values[pk] = {"held": t["held"], "capacity": places, "value": _mean(t["held"], places)}
    return values


@per_programme
def outcomes(period, found, ids) -> dict:
    return {
        pk: {"count": sum(t["outcomes"].values()), "by_outcome": t["outcomes"]}
        for pk, t in _tally(period, ids).items()
    }


@per_programme
def positive_exit_rate(period, found, ids) -> dict:
    values = {}
    for pk, t in _tally(period, ids).items():
        positive = sum(n for outcome, n in t["outcomes"].items() if outcome in POSITIVE_OUTCOMES)
        values[pk] = _rate(sum(t["outcomes"].values()), positive)
    return values


@per_programme
def yearly_target(period, found, ids) -> dict:
    """None for a programme whose sheet sets no yearly target."""
    window = queries.year_to_date(period)
    targeted = [p for p in found if p.yearly_target and p.target_unit]
    persons = [p.pk for p in targeted if p.target_unit == TargetUnit.PERSONS]
    assessed = [p.pk for p in targeted if p.target_unit == TargetUnit.ASSESSMENTS]
    counts = {
        **(queries.persons_in(window, tuple(persons)) if persons else {}),
        **(queries.assessments(window, tuple(assessed)) if assessed else {}),
    }
    values = {}
    for programme in targeted:
        count = counts.get(programme.pk, 0)
        values[programme.pk] = {
            "year": window.end.year,
            "from": window.start.isoformat(),
            "unit": programme.target_unit,
            "target": programme.yearly_target,
            "count": count,
            "value": count / programme.yearly_target,
        }
    return values


def _indicator(name, label, unit, definition, compute, **fields) -> Indicator:
    return Indicator(
        code=PREFIX + name,
        label=label,
        definition=definition + SCOPE_NOTE,
        unit=unit,
        action_sheets=fields.pop("action_sheets", SHEETS),
        compute=compute,
        group="programmes",
        **fields,
    )


PROGRAMME_INDICATORS = [
    _indicator(
        "prescriptions_sent",
        "Prescriptions envoyées",
        "prescriptions",
        "Prescriptions vers l'action envoyées dans la période (date d'envoi ; premier et dernier "
        "jour compris), quelle qu'en soit la suite : acceptées, refusées, en liste d'attente, "
        "retirées ou encore sans réponse.",
        prescriptions_sent,
    ),
    _indicator(
        "acceptance_rate",
        "Taux d'acceptation des prescriptions",
        "%",
        "Parmi les prescriptions auxquelles l'opérateur a répondu pour la première fois dans la "
        "période — une acceptation, un refus ou une mise en liste d'attente sont chacun une "
        "réponse —, la part acceptée à un moment ou à un autre, même après la période : une "
        "personne mise en liste d'attente puis appelée sur une place compte comme acceptée "
        "(le taux d'une période passée peut donc encore monter). Les prescriptions retirées "
        "par le prescripteur avant toute réponse ne sont pas comptées.",
        acceptance_rate,
    ),
    _indicator(
        "entry_delay_days",
        "Délai entre la prescription et l'entrée dans l'action",
        "jours",
        "Pour chaque entrée dans l'action datée de la période : nombre de jours entre le jour "
        "d'envoi de la prescription et le jour d'entrée. Médiane et 90e centile au rang le plus "
        "proche : la plus petite durée dont au moins la moitié (ou 90 %) des entrées sont "
        "inférieures ou égales.",
        entry_delay_days,
    ),
    _indicator(
        "waiting_list_length",
        "Personnes en liste d'attente à la fin de la période",
        "personnes",
        "Prescriptions en liste d'attente le dernier jour de la période au soir : mises en "
        "attente ce jour-là ou avant, et ni acceptées, ni retirées, ni refusées ce jour-là ou "
        "avant. Avec leur attente déjà écoulée à cette "
        "date, en jours, en moyenne : ces attentes ne sont pas finies et ne comptent pas dans "
        "la durée moyenne d'attente.",
        waiting_list_length,
    ),
    _indicator(
        "mean_wait_days",
        "Durée moyenne d'attente avant une place",
        "jours",
        "Pour les personnes sorties de la liste d'attente vers une place dans la période "
        "(acceptation datée de la période après une mise en attente) : moyenne du nombre de "
        "jours entre la mise en attente et l'acceptation. Les personnes encore en attente à la "
        "fin de la période ne sont pas comptées (leur attente n'est pas finie ; voir "
        "l'indicateur précédent), ni celles qui ont quitté la liste sans place (refus, "
        "retrait).",
        mean_wait_days,
    ),
    _indicator(
        "occupancy",
        "Taux d'occupation à la fin de la période",
        "%",
        "Le dernier jour de la période au soir : places occupées — personnes acceptées ou "
        "entrées, ni sorties ni retirées ce jour-là ou avant, hors sessions terminées — rapportées à la capacité de "
        "l'action ce jour-là, comptée comme à l'acceptation : places en continu ; coachs en "
        "activité × personnes par coach ; places des sessions non terminées ce jour-là. Les "
        "places et les coachs sont ceux enregistrés aujourd'hui (leur historique n'est pas "
        "conservé) : le taux peut dépasser 100 % si la capacité a baissé depuis.",
        occupancy,
    ),
    _indicator(
        "outcomes",
        "Situation des personnes à la sortie de l'action",
        "sorties",
        "Sorties de l'action datées de la période, par situation à la sortie : emploi durable "
        "(CDI, CDD de 6 mois ou plus), emploi de moins de 6 mois, formation qualifiante, "
        "orientation vers une autre action, action terminée sans solution d'emploi ou de "
        "formation, abandon, déménagement, autre.",
        outcomes,
    ),
    _indicator(
        "positive_exit_rate",
        "Part des sorties positives",
        "%",
        "Parmi les sorties de l'action datées de la période, la part vers un emploi durable "
        "(CDI, CDD de 6 mois ou plus), un emploi de moins de 6 mois ou une formation "
        "qualifiante.",
        positive_exit_rate,
    ),
    _indicator(
        "yearly_target",
        "Réalisation de l'objectif annuel de la fiche action",
        "% de l'objectif",
        "Pour les actions dont la fiche fixe un objectif annuel, du 1er janvier de l'année du "
        "dernier jour de la période jusqu'à ce jour : en personnes accompagnées, le nombre de "
        "personnes distinctes présentes dans l'action un jour de cette fenêtre (entrées au plus "
        "tard son dernier jour et non sorties avant le 1er janvier) ; en évaluations, le nombre "
        "d'évaluations linguistiques, initiales et finales, datées de cette fenêtre. Et la part "
        "de l'objectif atteinte. Les autres actions n'ont pas ce chiffre.",
        yearly_target,
        target="P.L.A.I.N.E. Emploi : 20 personnes accompagnées ; plateforme linguistique du "
        "CIBC : 900 évaluations par an",
        action_sheets=("8.2", "8.3"),
    ),
]
for _indicator_ in PROGRAMME_INDICATORS:
    register(_indicator_)

# The page, the export and the command show them in this order (the issue's), by name.
BY_NAME = {i.code.removeprefix(PREFIX): i for i in PROGRAMME_INDICATORS}
NAMES = list(BY_NAME)


def compute_all(period: Period, scope: Scope, programmes=None) -> tuple[list[Programme], dict]:
    """The programmes, and {name: {programme code: value}} for every figure: the figures
    share their queries (the programmes', the outcomes')."""
    with shared_queries():
        found = _selected(scope, programmes)
        values = {name: i.compute(period, scope, programmes) for name, i in BY_NAME.items()}
    return found, values
