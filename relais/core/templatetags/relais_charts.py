"""A figure of the indicator registry rendered as numbers, a table and a bar chart (SVG).

Charts are plain SVG attributes (no inline style, no script): the CSP stays strict, and the
table beside each chart gives screen readers the exact values.
"""

from django import template

from relais.core.indicators import flatten

register = template.Library()

BAR_WIDTH = 300


def _display(value, unit: str, label: str = "") -> str:
    if value is None:
        return "pas de donnée"
    if isinstance(value, float) and (unit == "%" or label.startswith("part")):
        return f"{value * 100:.1f} %".replace(".", ",")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", " ") if isinstance(value, int) else str(value)


@register.inclusion_tag("relais/_figure.html")
def figure(row):
    indicator = row["indicator"]
    lines = flatten(row["value"])
    numbers = [v for _, v in lines if isinstance(v, int | float)]
    top = max(numbers, default=0) or 1
    rendered = [
        {
            "label": label or indicator.label,
            "text": _display(value, indicator.unit, label),
            "bar": round(BAR_WIDTH * value / top) if isinstance(value, int | float) else 0,
            "y": index * 26,
        }
        for index, (label, value) in enumerate(lines)
    ]
    return {
        "lines": rendered,
        "single": len(rendered) == 1,
        "chart": len(rendered) > 1 and bool(numbers),
        "height": 26 * len(rendered),
        "unit": indicator.unit,
        "bar_width": BAR_WIDTH,
    }
