"""The insertion offer's figures per programme, on a page and as an xlsx file.

MDS managers and steering see every programme of the département, an operator's staff only
the programmes their organisation runs (policy.indicator_programmes). Figures only: no person
is listed, so nothing is recorded in the access audit.
"""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from relais.core.forms import date_field
from relais.core.http import attachment
from relais.core.indicators import Period, Scope
from relais.core.xlsx import workbook
from relais.programmes import indicators as figures
from relais.programmes import policy
from relais.programmes.queries.indicators_table import (
    COLUMNS,
    EXPORT_COLUMNS,
    OUTCOME_HEADINGS,
    Table,
    table,
)


class PeriodForm(forms.Form):
    du = date_field("Du")
    au = date_field("Au")

    def __init__(self, data):
        # Without a period asked for, the last 12 months up to today.
        default = Period.year_to(timezone.localdate())
        defaults = {"du": f"{default.start:%d/%m/%Y}", "au": f"{default.end:%d/%m/%Y}"}
        super().__init__({**defaults, **{k: v for k, v in data.items() if v}})

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            self.add_error("au", "La fin de la période doit être le jour de son début ou après.")
        return data

    def period(self) -> Period:
        return Period(self.cleaned_data["du"], self.cleaned_data["au"])


def _figures(request, period: Period) -> tuple[Table, str]:
    """The programmes the user may see: managers and steering the département's, an
    operator's staff the ones their organisation runs."""
    membership = request.membership
    departement_id = membership.organisation.departement_id
    allowed = policy.indicator_programmes(request.user).values_list("pk", flat=True)
    if membership.role in policy.INDICATOR_ROLES:
        return table(period, Scope(departement_id), allowed), "tout le département"
    scope = Scope(departement_id, organisation_id=membership.organisation_id)
    return table(period, scope, allowed), str(membership.organisation)


def indicators(request):
    if not policy.can_view_indicators(request.user):
        raise Http404
    form = PeriodForm(request.GET)
    context = {"form": form, "table": None, "indicators": list(figures.BY_NAME.items())}
    if form.is_valid():
        period = form.period()
        found, scope_label = _figures(request, period)
        context.update(
            table=found,
            period=period,
            scope_label=scope_label,
            rows=[(p, found.cells(p), found.outcome_counts(p)) for p in found.programmes],
            columns=COLUMNS,
            outcome_headings=list(OUTCOME_HEADINGS.values()),
            query=urlencode({"du": f"{period.start:%d/%m/%Y}", "au": f"{period.end:%d/%m/%Y}"}),
        )
    return render(request, "programmes/indicators/page.html", context)


def indicators_export(request):
    if not policy.can_view_indicators(request.user):
        raise Http404
    form = PeriodForm(request.GET)
    if not form.is_valid():
        # The page says what is wrong with the period.
        return redirect(reverse("programmes:indicators") + "?" + request.GET.urlencode())
    found, scope_label = _figures(request, form.period())
    return _xlsx(found, scope_label)


def _programme_cells(programme) -> tuple:
    return (programme.name, str(programme.operator), programme.action_sheet)


def _xlsx(found: Table, scope_label: str) -> HttpResponse:
    period = found.period
    title = (
        f"Indicateurs de l'offre d'insertion, {scope_label}, du {period.start:%d/%m/%Y} "
        f"au {period.end:%d/%m/%Y}"
    )
    heading = ("Action", "Opérateur", "Fiche action")
    figures_sheet = [
        (title,),
        (),
        (*heading, *(header for header, _, _ in EXPORT_COLUMNS)),
        *((*_programme_cells(p), *found.numbers(p)) for p in found.programmes),
    ]
    outcomes_sheet = [
        (title,),
        (),
        (*heading, *OUTCOME_HEADINGS.values(), "Total"),
        *(
            (*_programme_cells(p), *found.outcome_counts(p), sum(found.outcome_counts(p)))
            for p in found.programmes
        ),
    ]
    definitions = [("Indicateur", "Code", "Unité", "Cible", "Fiches action", "Définition")]
    for indicator in figures.BY_NAME.values():
        definitions.append(
            (
                indicator.label,
                indicator.code,
                indicator.unit,
                indicator.target,
                ", ".join(indicator.action_sheets),
                indicator.definition,
            )
        )
    content = workbook(
        {"Indicateurs": figures_sheet, "Sorties": outcomes_sheet, "Définitions": definitions}
    )
    return attachment(content, f"indicateurs-offre-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx")
