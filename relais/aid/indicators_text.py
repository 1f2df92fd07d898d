"""The FARE82 figures in French for the page and the command, as numbers for the xlsx export.
Figures only: no person is named anywhere here."""

from decimal import Decimal

from django.utils.formats import number_format

from relais.aid.models import CategoryCode

NO_DATA = "—"


def number(value) -> str:
    return NO_DATA if value is None else f"{value:,}".replace(",", " ")


def percent(value) -> str:
    return NO_DATA if value is None else f"{value * 100:.1f} %".replace(".", ",")


def days(value) -> str:
    return NO_DATA if value is None else f"{value} jour{'s' if value >= 2 else ''}"


def euros(value) -> str:
    if value is None:
        return NO_DATA
    return f"{number_format(value, decimal_pos=2, force_grouping=True)} €"


def category_label(code: str) -> str:
    return CategoryCode(code).label if code in CategoryCode.values else code


def share(value) -> float | None:
    """A rate as a percentage for the spreadsheet, to one decimal (66.7 for 2/3)."""
    return None if value is None else round(value * 100, 1)


def amount(value) -> float | None:
    return None if value is None else float(value)


# How a number is written and put in the spreadsheet, by unit; any other unit is a count.
FORMATS = {"%": (percent, share), "€": (euros, amount), "jours": (days, lambda v: v)}
# (label, key of the value, unit) for each line of a figure's summary.
SUMMARIES = {
    "applications": [("Demandes transmises", "count", "demandes")],
    "approval_rate": [
        ("Taux d'accord", "value", "%"),
        ("Demandes décidées", "count", "demandes"),
        ("dont accordées", "numerator", "demandes"),
    ],
    "amounts_granted": [
        ("Aides accordées comptées", "count", "aides"),
        ("Montant total accordé", "total", "€"),
        ("Montant moyen accordé", "mean", "€"),
    ],
    "decision_delay_days": [
        ("Décisions comptées", "count", "décisions"),
        ("Médiane", "median", "jours"),
        ("90e centile", "p90", "jours"),
    ],
    "activity_after_6_months": [
        ("Part en emploi ou en formation", "value", "%"),
        ("Personnes dont la situation est connue", "count", "personnes"),
        ("dont en emploi ou en formation", "numerator", "personnes"),
        ("Situation inconnue (pas de données du parcours)", "unknown", "personnes"),
        ("Date de mesure pas encore passée", "pending", "personnes"),
        ("Personnes aidées (dernier paiement dans la période)", "persons", "personnes"),
    ],
}


def summary(name: str, value: dict) -> list[tuple[str, str, object, str]]:
    """[(label, French text, number for the spreadsheet, unit)] for one figure."""
    lines = []
    for label, key, unit in SUMMARIES[name]:
        write, as_number = FORMATS.get(unit, (number, lambda v: v))
        lines.append((label, write(value[key]), as_number(value[key]), unit))
    return lines


CATEGORY_HEADERS = (
    "Catégorie d'aide",
    "Demandes transmises",
    "Demandes décidées",
    "dont accordées",
    "Taux d'accord",
    "Aides accordées comptées",
    "Montant total accordé",
    "Montant moyen accordé",
)


def _category_cells(submitted: int, rate: dict, amounts: dict) -> list[tuple]:
    """(text, number) per column after the label."""
    return [
        (number(submitted), submitted),
        (number(rate["count"]), rate["count"]),
        (number(rate["numerator"]), rate["numerator"]),
        (percent(rate["value"]), share(rate["value"])),
        (number(amounts["count"]), amounts["count"]),
        (euros(amounts["total"]), amount(amounts["total"])),
        (euros(amounts["mean"]), amount(amounts["mean"])),
    ]


def category_rows(values: dict) -> list[tuple[str, list[tuple]]]:
    """(label, [(text, number)…]) per category of the département, then the total."""
    submitted = values["applications"]["by_category"]
    rates = values["approval_rate"]["by_category"]
    amounts = values["amounts_granted"]["by_category"]
    rows = [
        (category_label(code), _category_cells(submitted[code], rates[code], amounts[code]))
        for code in submitted
    ]
    total = _category_cells(
        values["applications"]["count"], values["approval_rate"], values["amounts_granted"]
    )
    return [*rows, ("Toutes catégories", total)]


def json_number(value):
    """Decimal amounts as JSON numbers (euros, 2 decimals); shares to 4 decimals."""
    if isinstance(value, dict):
        return {key: json_number(item) for key, item in value.items()}
    if isinstance(value, Decimal):
        return float(value.quantize(Decimal("0.01")))
    if isinstance(value, float):
        return round(value, 4)
    return value
