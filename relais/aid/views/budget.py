"""The fund's budget and its indicators: figures, never a person.

Who: the secretariat (it runs the fund), steering (the département's policy) and the MDS
managers (their teams apply); every other user gets the gatekeeper's 404. The budget is one
envelope for the département: everyone sees all of it. The indicators cover the département,
but an MDS manager's cover the applications of their own MDS's team. No person is listed, so
nothing is recorded in the access audit.
"""

import datetime as dt

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from relais.accounts.models import Role
from relais.aid import indicators as figures
from relais.aid import indicators_text as text
from relais.aid import policy
from relais.aid.models import AidCategory, AidFund
from relais.aid.queries import budget as queries
from relais.aid.queries.indicators import budget_counts
from relais.core.forms import date_field
from relais.core.http import attachment
from relais.core.indicators import Period, Scope
from relais.core.xlsx import workbook
from relais.people.policy import membership_of

# Besides the secretariat (policy.is_secretariat): département roles that read the figures.
ZERO = queries.ZERO


def _require(user) -> None:
    if not policy.can_view_figures(user):
        raise Http404


# The budget page ------------------------------------------------------------------------------


class YearForm(forms.Form):
    annee = forms.TypedChoiceField(
        label="Année", coerce=int, error_messages={"invalid_choice": "Choisissez une année."}
    )

    def __init__(self, data, *, funds):
        years = [fund.year for fund in funds]
        today = timezone.localdate().year
        default = today if today in years else (years[0] if years else None)
        super().__init__({"annee": data.get("annee") or default})
        self.fields["annee"].choices = [(year, str(year)) for year in years]


def _category_rows(fund) -> tuple[list, tuple]:
    amounts = {row["category"]: row for row in queries.by_category(fund)}
    counts = budget_counts(fund)
    codes = AidCategory.objects.filter(departement_id=fund.departement_id)
    rows = []
    for code in sorted({*codes.values_list("code", flat=True), *amounts, *counts}):
        row = amounts.get(code, {"committed": ZERO, "paid": ZERO})
        rows.append((text.category_label(code), row["committed"], row["paid"], counts.get(code, 0)))
    total = (
        "Toutes catégories",
        sum((r[1] for r in rows), ZERO),
        sum((r[2] for r in rows), ZERO),
        sum(r[3] for r in rows),
    )
    return rows, total


def _months(fund) -> list[dict]:
    """The fund's year month by month (up to this month for the current year), and any other
    month with a decision or a payment of the fund."""
    found = {row["month"]: row for row in queries.by_month(fund)}
    today = timezone.localdate()
    last = today.month if fund.year == today.year else 12
    if fund.year <= today.year:
        for month in range(1, last + 1):
            found.setdefault(dt.date(fund.year, month, 1), {"decided": ZERO, "paid": ZERO})
    return [{"month": month, **found[month]} for month in sorted(found)]


def budget(request):
    _require(request.user)
    departement_id = request.membership.organisation.departement_id
    funds = list(AidFund.objects.filter(departement_id=departement_id).order_by("-year"))
    form = YearForm(request.GET, funds=funds)
    context = {"form": form, "fund": None, "has_funds": bool(funds)}
    if funds and form.is_valid():
        fund = next(f for f in funds if f.year == form.cleaned_data["annee"])
        rows, total = _category_rows(fund)
        months = _months(fund)
        context.update(
            fund=fund,
            summary=queries.summary(fund),
            categories=rows,
            category_total=total,
            months=months,
            month_total={
                "decided": sum((m["decided"] for m in months), ZERO),
                "paid": sum((m["paid"] for m in months), ZERO),
            },
        )
    return render(request, "aid/budget/page.html", context)


# The indicators -------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    du = date_field("Du")
    au = date_field("Au")

    def __init__(self, data):
        # Without a period asked for: the fund's year so far.
        today = timezone.localdate()
        defaults = {"du": f"{today.replace(month=1, day=1):%d/%m/%Y}", "au": f"{today:%d/%m/%Y}"}
        super().__init__({**defaults, **{k: v for k, v in data.items() if v}})

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            self.add_error("au", "La fin de la période doit être le jour de son début ou après.")
        return data

    def period(self) -> Period:
        return Period(self.cleaned_data["du"], self.cleaned_data["au"])


def scope_of(user) -> tuple[Scope, str]:
    """An MDS manager: their MDS's applications; the secretariat and steering: all."""
    membership = membership_of(user)
    departement_id = membership.organisation.departement_id
    if membership.role == Role.MDS_MANAGER and not policy.is_secretariat(user):
        scope = Scope(departement_id, organisation_id=membership.organisation_id)
        return scope, f"demandes de {membership.organisation}"
    return Scope(departement_id), "tout le département"


def indicators(request):
    _require(request.user)
    form = PeriodForm(request.GET)
    context = {"form": form, "sections": None}
    if form.is_valid():
        period = form.period()
        scope, scope_label = scope_of(request.user)
        values = figures.compute_all(period, scope)
        context.update(
            period=period,
            scope_label=scope_label,
            sections=[
                (name, indicator, text.summary(name, values[name]))
                for name, indicator in figures.BY_NAME.items()
            ],
            category_rows=text.category_rows(values),
            category_headers=text.CATEGORY_HEADERS,
            query=urlencode({"du": f"{period.start:%d/%m/%Y}", "au": f"{period.end:%d/%m/%Y}"}),
        )
    return render(request, "aid/budget/indicators.html", context)


def indicators_export(request):
    _require(request.user)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        # The page says what is wrong with the period.
        return redirect(reverse("aid:indicators") + "?" + request.GET.urlencode())
    period = form.period()
    scope, scope_label = scope_of(request.user)
    return _xlsx(figures.compute_all(period, scope), period, scope_label)


def _xlsx(values: dict, period: Period, scope_label: str) -> HttpResponse:
    title = (
        f"Indicateurs du FARE82, {scope_label}, du {period.start:%d/%m/%Y} au {period.end:%d/%m/%Y}"
    )
    lines = [("Indicateur", "Détail", "Valeur", "Unité")]
    for name, indicator in figures.BY_NAME.items():
        for label, _, number, unit in text.summary(name, values[name]):
            lines.append((indicator.label, label, number, unit))
    categories = [
        text.CATEGORY_HEADERS,
        *((label, *(n for _, n in cells)) for label, cells in text.category_rows(values)),
    ]
    definitions = [("Indicateur", "Code", "Unité", "Fiches action", "Définition")]
    definitions += [
        (i.label, i.code, i.unit, ", ".join(i.action_sheets), i.definition)
        for i in figures.BY_NAME.values()
    ]
    content = workbook(
        {
            "Indicateurs": [(title,), (), *lines],
            "Par catégorie": [(title,), (), *categories],
            "Définitions": definitions,
        }
    )
    return attachment(content, f"indicateurs-fare82-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx")
