"""The FARE82 fund's indicators (action sheet 7.1), registered with the core registry.

Codes are "aid.<name>", group "aid"; the page, its xlsx export and `aid_indicators --json` use
<name> alone, in the issue's order (NAMES). `compute(period, scope)`: the département's
applications (`Scope.departement_id`), or those an MDS team made (`Scope.organisation_id`, the
applicant's organisation); `Scope.site_id` is not read. Amounts are Decimal euros.

The situation 6 months after the payment comes from the pathway data, read through
relais.people.facts (the aid app does not import the RSA app): the "pathway_outcomes" fact,
when a pathway app provides it (relais.rsa.facts).
"""

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from relais.aid.queries import indicators as queries
from relais.core.indicators import (
    Indicator,
    Period,
    Scope,
    percentile_from_histogram,
    register,
    shared_queries,
)
from relais.people.facts import facts_for

PREFIX = "aid."
SHEETS = ("7.1",)
CENT = Decimal("0.01")
FOLLOW_UP_MONTHS = 6
SCOPE_NOTE = (
    " Périmètre : les demandes du département, ou celles de l'équipe d'une MDS (l'organisation "
    "de l'agent qui a fait la demande)."
)


def _rate(count: int, numerator: int) -> dict:
    return {"count": count, "numerator": numerator, "value": numerator / count if count else None}


def _mean(total: Decimal, count: int) -> Decimal | None:
    return (total / count).quantize(CENT, rounding=ROUND_HALF_UP) if count else None


def _by_category(period, scope) -> dict[str, dict]:
    """Every category of the département, zeros for one without any row."""
    found = queries.tallies(period, scope)
    empty = {**dict.fromkeys(queries.TALLIES, 0), "granted_total": Decimal("0")}
    return {
        code: {**empty, **{k: v for k, v in found.get(code, {}).items() if v is not None}}
        for code in sorted({*queries.categories(scope), *found})
    }


def applications(period: Period, scope: Scope) -> dict:
    counts = {code: t["submitted"] for code, t in _by_category(period, scope).items()}
    return {"count": sum(counts.values()), "by_category": counts}


def approval_rate(period: Period, scope: Scope) -> dict:
    tallies = _by_category(period, scope)
    by_category = {code: _rate(t["decided"], t["approved"]) for code, t in tallies.items()}
    decided = sum(t["decided"] for t in tallies.values())
    approved = sum(t["approved"] for t in tallies.values())
    return {**_rate(decided, approved), "by_category": by_category}


def _amounts(count: int, total: Decimal) -> dict:
    return {"count": count, "total": total, "mean": _mean(total, count)}


def amounts_granted(period: Period, scope: Scope) -> dict:
    tallies = _by_category(period, scope)
    by_category = {code: _amounts(t["granted"], t["granted_total"]) for code, t in tallies.items()}
    count = sum(t["granted"] for t in tallies.values())
    total = sum((t["granted_total"] for t in tallies.values()), Decimal("0"))
    return {**_amounts(count, total), "by_category": by_category}


def decision_delay_days(period: Period, scope: Scope) -> dict:
    histogram = queries.decision_delays(period, scope)
    return {
        "count": sum(histogram.values()),
        "median": percentile_from_histogram(histogram, 0.5),
        "p90": percentile_from_histogram(histogram, 0.9),
    }


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter (31/08 → 28/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The situation of a funded person at the check date.
PENDING, UNKNOWN, IN_ACTIVITY, NOT_IN_ACTIVITY = "pending", "unknown", "in_activity", "other"


def situation(application, today: dt.date) -> str:
    """Where the person stood FOLLOW_UP_MONTHS after the payment, as the pathway tells it: the
    latest outcome it records from the start of the activity the aid enabled (or the payment,
    if earlier) to the check date decides; none recorded in that window means the person is
    still in the pathway without a job or a training recorded."""
    check = months_after(application.paid_on, FOLLOW_UP_MONTHS)
    if check > today:
        return PENDING
    outcomes = facts_for(application.person).get("pathway_outcomes")
    recorded = outcomes() if outcomes is not None else None
    if recorded is None:
        return UNKNOWN
    since = min(application.activity_starts_on, application.paid_on)
    window = [o for o in recorded if since <= o["on"] <= check]
    # Oldest first, a job or a training after any other outcome of the same day.
    return IN_ACTIVITY if window and window[-1]["in_activity"] else NOT_IN_ACTIVITY


def activity_after_6_months(period: Period, scope: Scope) -> dict:
    today = timezone.localdate()
    found = [situation(a, today) for a in queries.last_payments(period, scope)]
    known = found.count(IN_ACTIVITY) + found.count(NOT_IN_ACTIVITY)
    return {
        "persons": len(found),
        "pending": found.count(PENDING),
        "unknown": found.count(UNKNOWN),
        **_rate(known, found.count(IN_ACTIVITY)),
    }


def _indicator(name, label, unit, definition, compute) -> Indicator:
    return Indicator(
        code=PREFIX + name,
        label=label,
        definition=definition + SCOPE_NOTE,
        unit=unit,
        action_sheets=SHEETS,
        compute=compute,
        group="aid",
    )


AID_INDICATORS = [
    _indicator(
        "applications",
        "Demandes d'aide transmises",
        "demandes",
        "Demandes transmises au secrétariat dans la période (date de la transmission ; pour une "
        "demande renvoyée à l'agent comme incomplète puis transmise de nouveau, la date de la "
        "dernière transmission), quelle qu'en soit la suite. Les brouillons jamais transmis ne "
        "comptent pas. Au total et par catégorie d'aide.",
        applications,
    ),
    _indicator(
        "approval_rate",
        "Taux d'accord",
        "%",
        "Parmi les demandes décidées dans la période — accordées ou refusées, à la date de la "
        "décision —, la part accordée, qu'elle ait été payée ou annulée depuis. Une demande "
        "seulement renvoyée comme incomplète n'est pas décidée. Au total et par catégorie.",
        approval_rate,
    ),
    _indicator(
        "amounts_granted",
        "Montants accordés par catégorie",
        "€",
        "Pour les aides accordées dans la période (date de la décision) et toujours engagées ou "
        "payées — une aide annulée après l'accord ne compte pas : son montant est revenu à "
        "l'enveloppe —, le nombre d'aides, le total et la moyenne des montants accordés, au "
        "centime près. Au total et par catégorie.",
        amounts_granted,
    ),
    _indicator(
        "decision_delay_days",
        "Délai entre la transmission et la décision",
        "jours",
        "Pour chaque demande accordée ou refusée dans la période : nombre de jours entre le "
        "jour de sa (dernière) transmission et le jour de la décision. Médiane et 90e centile "
        "au rang le plus proche : la plus petite durée dont au moins la moitié (ou 90 %) des "
        "décisions sont inférieures ou égales.",
        decision_delay_days,
    ),
    _indicator(
        "activity_after_6_months",
        "Personnes aidées en emploi ou en formation 6 mois après le paiement",
        "%",
        "Personnes dont une aide a été payée dans la période ; pour une personne payée plusieurs "
        "fois, son dernier paiement de la période. Date de mesure : 6 mois après ce paiement, "
        "le même jour du mois (ou le dernier jour d'un mois plus court). D'après les données du "
        "parcours (sorties du parcours RSA avec leur motif, fins d'accompagnement global avec "
        "leur résultat), la situation retenue est la dernière enregistrée entre le début de "
        "l'emploi ou de la formation que l'aide a permis (ou le paiement, s'il est antérieur) "
        "et la date de mesure : en emploi ou en formation pour une sortie vers un emploi "
        "(durable ou de moins de 6 mois — le parcours ne dit pas s'il a pris fin) ou une "
        "formation qualifiante, ou un accompagnement global terminé sur un emploi ou une "
        "formation ; à date égale, l'emploi ou la formation l'emporte. Une autre situation, ou "
        "aucune enregistrée dans cette fenêtre (la personne est toujours dans le parcours), "
        "compte au dénominateur seulement. Comptées à part : les personnes dont la date de "
        "mesure n'est pas encore passée, et celles dont le parcours ne sait rien (ni droit au "
        "RSA connu, ni sortie, ni accompagnement global) : situation inconnue. Le taux porte "
        "sur les personnes dont la situation est connue.",
        activity_after_6_months,
    ),
]
for _indicator_ in AID_INDICATORS:
    register(_indicator_)

BY_NAME = {indicator.code.removeprefix(PREFIX): indicator for indicator in AID_INDICATORS}
NAMES = list(BY_NAME)


def compute_all(period: Period, scope: Scope) -> dict:
    """{name: value} for every figure; the category counts are read once for all."""
    with shared_queries():
        return {name: indicator.compute(period, scope) for name, indicator in BY_NAME.items()}
