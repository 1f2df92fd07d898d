"""The RSA indicators page (action sheet 5.2) and the drill-down to the persons behind a figure.

MDS managers see the persons of their MDS's sectors, steering the whole département; steering
gets the counts, never the list. Every person listed in a drill-down is recorded in the audit.
"""

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from relais.accounts.models import Role
from relais.audit.models import AccessRecord
from relais.audit.services import record_accesses
from relais.core.http import attachment
from relais.core.indicators import Period, Scope
from relais.core.xlsx import workbook
from relais.people.models import Person
from relais.rsa import indicators as figures
from relais.rsa import policy
from relais.rsa.models import Exit
from relais.rsa.queries.indicators import scoped_persons
from relais.territory.models import Organisation

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
PAGE_SIZE = 100


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _date_field(label):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input--width-10"}
        ),
        error_messages={
            "required": f"Saisissez la date « {label.lower()} » de la période.",
            "invalid": "Saisissez une date réelle, par exemple 31/01/2026.",
        },
    )


class PeriodForm(forms.Form):
    du = _date_field("Du")
    au = _date_field("Au")
    mds = forms.ModelChoiceField(
        label="MDS",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Tout le département",
        error_messages={"invalid_choice": "Choisissez une MDS de la liste."},
    )

    def __init__(self, data, *, membership):
        today = timezone.localdate()
        defaults = {"du": today.replace(month=1, day=1).isoformat(), "au": today.isoformat()}
        super().__init__({**defaults, **{k: v for k, v in data.items() if v}})
        if membership.role == Role.STEERING:
            self.fields["mds"].queryset = Organisation.objects.filter(
                departement_id=membership.organisation.departement_id, kind=Organisation.Kind.MDS
            )
        else:
            del self.fields["mds"]

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            self.add_error("au", "La fin de la période doit être le jour de son début ou après.")
        return data

    def query(self) -> str:
        """The period (and MDS) as a query string, for the links to the drill-down."""
        params = {"du": self.cleaned_data["du"], "au": self.cleaned_data["au"]}
        if self.cleaned_data.get("mds"):
            params["mds"] = self.cleaned_data["mds"].pk
        return urlencode({k: str(v) for k, v in params.items()})


def _scope(membership, form) -> tuple[Scope, str]:
    """Steering: the département or the MDS it picks; a manager: their own MDS only."""
    departement_id = membership.organisation.departement_id
    if membership.role == Role.STEERING:
        mds = form.cleaned_data.get("mds")
        if mds is None:
            return Scope(departement_id), "tout le département"
        return Scope(departement_id, organisation_id=mds.pk), str(mds)
    return Scope(departement_id, organisation_id=membership.organisation_id), str(
        membership.organisation
    )


def _figures(period: Period, scope: Scope) -> list[dict]:
    rows = []
    for name, indicator in figures.BY_NAME.items():
        value = indicator.compute(period, scope)
        rows.append(
            {"name": name, "indicator": indicator, "value": value, **figures.present(name, value)}
        )
    return rows


def indicators_page(request):
    _require(policy.can_view_indicators(request.user))
    form = PeriodForm(request.GET, membership=request.membership)
    context = {"form": form, "rows": None}
    if form.is_valid():
        period = Period(form.cleaned_data["du"], form.cleaned_data["au"])
        scope, scope_label = _scope(request.membership, form)
        rows = _figures(period, scope)
        if request.GET.get("format") == "xlsx":
            return _xlsx(rows, period, scope_label)
        context.update(
            rows=rows,
            period=period,
            scope_label=scope_label,
            query=form.query(),
            lists_persons=request.membership.role != Role.STEERING,
        )
    return render(request, "rsa/indicators/page.html", context)


def _xlsx(rows, period: Period, scope_label: str) -> HttpResponse:
    """The page's figures with their definitions: aggregates only, no person."""
    lines = [("Indicateur", "Détail", "Valeur", "Unité", "Cible", "Définition", "Fiches action")]
    for row in rows:
        indicator = row["indicator"]
        details = [*row["summary"]]
        for table in row["tables"]:
            for cells in table["rows"]:
                details.append((f"{table['caption']} : {cells[0]}", " ; ".join(cells[1:])))
        for label, text in details:
            lines.append(
                (
                    indicator.label,
                    label,
                    text,
                    indicator.unit,
                    indicator.target,
                    indicator.definition,
                    ", ".join(indicator.action_sheets),
                )
            )
    title = f"Indicateurs RSA, {scope_label}, du {period.start:%d/%m/%Y} au {period.end:%d/%m/%Y}"
    content = workbook({"Indicateurs RSA": [(title,), (), *lines]})
    return attachment(content, f"indicateurs-rsa-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx")


# The drill-down's columns: (heading, key of the row, numeric?) per figure.
COLUMNS = {
    "orientation_delay_days": [
        ("Entrée dans les droits et devoirs", "entered_on", False),
        ("Orientation décidée le", "decided_on", False),
        ("Délai (jours)", "delay", True),
        ("En 42 jours ou moins", "within", False),
    ],
    "orientation_to_contract_days": [
        ("Orientation décidée le", "oriented_on", False),
        ("Premier contrat signé le", "signed_on", False),
        ("Délai (jours)", "delay", True),
    ],
    "contract_within_30_days_rate": [
        ("Orientation", "track", False),
        ("Décidée le", "decided_on", False),
        ("Premier contrat signé le", "contract_signed_on", False),
        ("Contrat sous 30 jours", "within", False),
    ],
    "contractualisation_rate": [
        ("Orientation en fin de période", "track", False),
        ("Contrat en cours", "has_contract", False),
    ],
    "positive_exit_rate": [
        ("Sortie le", "on", False),
        ("Motif", "reason", False),
        ("Sortie positive", "positive", False),
    ],
    "rsa_exit_by_work_or_training_rate": [
        ("Droit clos le", "closed_on", False),
        ("Sortie le", "exit_on", False),
        ("Motif", "reason", False),
        ("Emploi ou formation", "positive", False),
    ],
}
REASONS = dict(Exit.Reason.choices)


def _cell(key: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if key == "track":
        return figures.TRACK_LABELS.get(value, value)
    if key == "reason":
        return REASONS.get(value, value)
    return str(value)


def indicator_persons(request, code):
    _require(policy.can_view_indicators(request.user) and code in figures.BY_NAME)
    form = PeriodForm(request.GET, membership=request.membership)
    indicator = figures.BY_NAME[code]
    context = {"form": form, "indicator": indicator, "code": code, "page": None}
    if form.is_valid():
        period = Period(form.cleaned_data["du"], form.cleaned_data["au"])
        scope, scope_label = _scope(request.membership, form)
        value = indicator.compute(period, scope)
        context.update(
            period=period,
            scope_label=scope_label,
            query=form.query(),
            summary=figures.present(code, value)["summary"],
            lists_persons=request.membership.role != Role.STEERING,
        )
        if context["lists_persons"]:
            context.update(_persons_page(request, code, period, scope))
    return render(request, "rsa/indicators/persons.html", context)


def _persons_page(request, code, period: Period, scope: Scope) -> dict:
    """The lines of the figure the user may see, one page at a time, each person recorded."""
    visible = scoped_persons(scope).filter(
        pk__in=Person.objects.visible_to(request.user).values("pk")
    )
    lines = figures.LINES[code](period, visible)
    page = Paginator(lines.items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = lines.rows(list(page.object_list))
    persons = {row["person"].pk: row["person"] for row in rows}
    record_accesses(
        user=request.user,
        persons=list(persons.values()),
        action=AccessRecord.Action.VIEW,
        target=f"indicateur {code}",
    )
    columns = COLUMNS[code]
    page.object_list = [
        {
            "person": row["person"],
            "cells": [(_cell(key, row[key]), numeric) for _, key, numeric in columns],
        }
        for row in rows
    ]
    return {"page": page, "columns": columns, "visible_count": page.paginator.count}
