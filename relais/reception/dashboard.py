"""Activity and delays dashboard (action sheets 2.1, 2.3, 2.4): per site, MDS, département.

Figures come from the indicator registry (relais.core.indicators), group "reception"; each
is shown with its written definition. Managers see their MDS, steering the whole département.
"""

import datetime as dt

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from relais.accounts.models import Role
from relais.core import indicators as registry
from relais.core.http import attachment
from relais.core.indicators import Period, Scope, flatten, shared_queries
from relais.core.xlsx import workbook
from relais.territory.models import Organisation, Site

DATE_FORMATS = ["%d/%m/%Y"]
DASHBOARD_ROLES = {Role.MDS_MANAGER, Role.STEERING}


def _date_field(label):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Saisissez une date au format jj/mm/aaaa."},
    )


class DashboardForm(forms.Form):
    start = _date_field("Du")
    end = _date_field("Au")
    organisation = forms.ModelChoiceField(
        label="MDS",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Tout le département",
    )
    site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.none(), required=False, empty_label="Tous les sites"
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        departement_id = membership.organisation.departement_id
        if membership.role == Role.STEERING:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                departement_id=departement_id, kind=Organisation.Kind.MDS
            )
            self.fields["site"].queryset = Site.objects.filter(
                organisation__departement_id=departement_id,
                organisation__kind=Organisation.Kind.MDS,
            )
        else:
            del self.fields["organisation"]
            self.fields["site"].queryset = membership.organisation.sites.all()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La fin de la période doit être après son début.")
        return data


def scope_and_period(membership, form) -> tuple[Scope, Period]:
    """What the agent may see: steering the whole département, a manager their own MDS."""
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    period = Period(data.get("start") or today - dt.timedelta(days=364), data.get("end") or today)
    departement_id = membership.organisation.departement_id
    site = data.get("site")
    if membership.role == Role.STEERING:
        organisation = data.get("organisation")
        return Scope(
            departement_id, organisation.pk if organisation else None, site.pk if site else None
        ), period
    return Scope(departement_id, membership.organisation_id, site.pk if site else None), period


def figures(scope: Scope, period: Period) -> list[dict]:
    with shared_queries():
        return [
            {"indicator": indicator, "value": indicator.compute(period, scope)}
            for indicator in registry.indicators(group="reception")
        ]


def dashboard(request):
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in DASHBOARD_ROLES:
        raise Http404
    form = DashboardForm(request.GET or None, membership=membership)
    scope, period = scope_and_period(membership, form)
    rows = figures(scope, period)
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows, scope, period)
    context = {"form": form, "rows": rows, "period": period, "scope_label": _scope_label(scope)}
    return render(request, "reception/dashboard.html", context)


def _scope_label(scope: Scope) -> str:
    if scope.site_id:
        return str(Site.objects.get(pk=scope.site_id))
    if scope.organisation_id:
        return str(Organisation.objects.get(pk=scope.organisation_id))
    return "tout le département"


def _xlsx(rows, scope, period) -> HttpResponse:
    """The same figures as the page, one sheet, with their definitions (aggregates only)."""
    lines = [("Indicateur", "Valeur", "Unité", "Définition", "Fiches action")]
    for row in rows:
        indicator = row["indicator"]
        for label, value in flatten(row["value"]):
            name = indicator.label + (f" — {label}" if label else "")
            lines.append(
                (
                    name,
                    value,
                    indicator.unit,
                    indicator.definition,
                    ", ".join(indicator.action_sheets),
                )
            )
    title = f"Activité {_scope_label(scope)} du {period.start:%d/%m/%Y} au {period.end:%d/%m/%Y}"
    content = workbook({"Activité": [(title,), (), *lines]})
    return attachment(content, f"activite-{period.end:%Y%m%d}.xlsx")
