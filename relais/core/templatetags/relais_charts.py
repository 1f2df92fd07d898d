"""A figure of the indicator registry rendered as numbers, a table and a bar chart (SVG).

Charts are plain SVG attributes (no inline style, no script): the CSP stays strict, and the
table beside each chart gives screen readers the exact values.
"""

from django import template

from relais.core.indicators import flatten

register = template.Library()

BAR_WIDTH = 300
LINE_HEIGHT = 40  # a label above each bar: the chart reads on its own, beside the table


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
            "y": index * LINE_HEIGHT,
        }
        for index, (label, value) in enumerate(lines)
    ]
    # Bars compare like with like only: rows of one list, or shares. A count beside a median
    # in days would draw a meaningless picture.
    comparable = isinstance(row["value"], list) or indicator.unit == "%"
    return {
        "lines": rendered,
        "single": len(rendered) == 1,
        "single_label": lines[0][0] if len(lines) == 1 else "",
        "chart": len(rendered) > 1 and bool(numbers) and comparable,
        "height": LINE_HEIGHT * len(rendered),
        "unit": indicator.unit,
        "bar_width": BAR_WIDTH,
    }
