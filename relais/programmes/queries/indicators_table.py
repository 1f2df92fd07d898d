"""The programmes × figures table: French text for the page and the command, numbers for the
xlsx export. Figures only: no person is named anywhere in it."""

from dataclasses import dataclass

from relais.core.indicators import Period, Scope
from relais.programmes import indicators as figures
from relais.programmes.models import Outcome, Programme, TargetUnit

NO_DATA = "—"
# Short headings for the outcomes table (the full labels are in the definition).
OUTCOME_HEADINGS = {
    Outcome.DURABLE_JOB: "Emploi durable",
    Outcome.SHORT_JOB: "Emploi de moins de 6 mois",
    Outcome.TRAINING: "Formation qualifiante",
    Outcome.OTHER_PROGRAMME: "Autre action",
    Outcome.COMPLETED: "Terminée sans solution",
    Outcome.DROPPED_OUT: "Abandon",
    Outcome.MOVED: "Déménagement",
    Outcome.OTHER: "Autre",
}


def number(value) -> str:
    return f"{value:,}".replace(",", " ")


def decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def percent(value) -> str:
    return NO_DATA if value is None else f"{decimal(value * 100)} %"


def days(value) -> str:
    if value is None:
        return NO_DATA
    text = decimal(value) if isinstance(value, float) else str(value)
    return f"{text} jour{'s' if value >= 2 else ''}"


def plural(count: int, word: str) -> str:
    return f"{number(count)} {word}{'s' if count >= 2 else ''}"


def _target_text(value) -> str:
    if value is None:
        return "pas d'objectif annuel"
    unit = "personne" if value["unit"] == TargetUnit.PERSONS else "évaluation"
    done = plural(value["count"], unit)
    return f"{done} sur {number(value['target'])} en {value['year']} ({percent(value['value'])})"


# (heading, figure name, the cell's French text from the figure's value)
COLUMNS = [
    ("Prescriptions envoyées", "prescriptions_sent", number),
    (
        "Taux d'acceptation",
        "acceptance_rate",
        lambda v: f"{percent(v['value'])} ({number(v['numerator'])} sur {number(v['count'])})",
    ),
    (
        "Délai jusqu'à l'entrée : médiane",
        "entry_delay_days",
        lambda v: f"{days(v['median'])} ({plural(v['count'], 'entrée')})",
    ),
    ("Délai jusqu'à l'entrée : 90e centile", "entry_delay_days", lambda v: days(v["p90"])),
    (
        "Liste d'attente en fin de période",
        "waiting_list_length",
        lambda v: (
            plural(v["count"], "personne")
            + (
                f", en attente depuis {days(v['mean_days_so_far'])} en moyenne"
                if v["count"]
                else ""
            )
        ),
    ),
    (
        "Attente moyenne avant une place",
        "mean_wait_days",
        lambda v: f"{days(v['mean'])} ({plural(v['count'], 'personne')})",
    ),
    (
        "Occupation en fin de période",
        "occupancy",
        lambda v: (
            f"{percent(v['value'])} ({number(v['held'])} sur {plural(v['capacity'], 'place')})"
        ),
    ),
    ("Sorties", "outcomes", lambda v: number(v["count"])),
    (
        "Sorties positives",
        "positive_exit_rate",
        lambda v: f"{percent(v['value'])} ({number(v['numerator'])} sur {number(v['count'])})",
    ),
    ("Objectif annuel", "yearly_target", _target_text),
]


def _rounded(value, digits=1):
    return None if value is None else round(value, digits)


def _share(value):
    return None if value is None else round(value * 100, 1)


# The export: one number per column, (heading, figure name, number from the figure's value).
EXPORT_COLUMNS = [
    ("Prescriptions envoyées", "prescriptions_sent", lambda v: v),
    ("Réponses dans la période", "acceptance_rate", lambda v: v["count"]),
    ("Dont acceptées", "acceptance_rate", lambda v: v["numerator"]),
    ("Taux d'acceptation (%)", "acceptance_rate", lambda v: _share(v["value"])),
    ("Entrées dans la période", "entry_delay_days", lambda v: v["count"]),
    ("Délai médian jusqu'à l'entrée (jours)", "entry_delay_days", lambda v: v["median"]),
    ("Délai au 90e centile (jours)", "entry_delay_days", lambda v: v["p90"]),
    ("En liste d'attente en fin de période", "waiting_list_length", lambda v: v["count"]),
    (
        "Attente déjà écoulée, moyenne (jours)",
        "waiting_list_length",
        lambda v: _rounded(v["mean_days_so_far"]),
    ),
    ("Sorties de liste vers une place", "mean_wait_days", lambda v: v["count"]),
    ("Attente moyenne avant une place (jours)", "mean_wait_days", lambda v: _rounded(v["mean"])),
    ("Places occupées en fin de période", "occupancy", lambda v: v["held"]),
    ("Capacité", "occupancy", lambda v: v["capacity"]),
    ("Occupation (%)", "occupancy", lambda v: _share(v["value"])),
    ("Sorties", "outcomes", lambda v: v["count"]),
    ("Sorties positives", "positive_exit_rate", lambda v: v["numerator"]),
    ("Sorties positives (%)", "positive_exit_rate", lambda v: _share(v["value"])),
    ("Objectif annuel", "yearly_target", lambda v: v and v["target"]),
    ("Unité de l'objectif", "yearly_target", lambda v: v and TargetUnit(v["unit"]).label),
    ("Réalisé depuis le 1er janvier", "yearly_target", lambda v: v and v["count"]),
    ("Part de l'objectif (%)", "yearly_target", lambda v: v and _share(v["value"])),
]


@dataclass
class Table:
    period: Period
    programmes: list[Programme]
    values: dict[str, dict]  # {figure name: {programme code: value}}

    def cells(self, programme: Programme) -> list[tuple[str, str]]:
        """(figure name, French text) for each column of the page."""
        return [(name, text(self.values[name][programme.code])) for _, name, text in COLUMNS]

    def outcome_counts(self, programme: Programme) -> list[int]:
        by_outcome = self.values["outcomes"][programme.code]["by_outcome"]
        return [by_outcome[outcome] for outcome in OUTCOME_HEADINGS]

    def numbers(self, programme: Programme) -> list:
        return [get(self.values[name][programme.code]) for _, name, get in EXPORT_COLUMNS]


def table(period: Period, scope: Scope, programmes=None) -> Table:
    found, values = figures.compute_all(period, scope, programmes)
    return Table(period, found, values)
