"""Contract pages: prepare the contrat d'engagement, follow it, print it to sign."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from relais.audit.models import AccessRecord
from relais.audit.services import record_access
from relais.core.http import attachment
from relais.core.pdf import PdfUnavailable, render_pdf
from relais.people.policy import visible_person_or_404
from relais.rsa import policy
from relais.rsa.forms.contracts import (
    BreachForm,
    ContractForm,
    EndForm,
    SignForm,
    action_formset,
    planned_actions,
)
from relais.rsa.models import Contract
from relais.rsa.models.contracts import MINIMUM_WEEKLY_HOURS
from relais.rsa.queries.contracts import contract_clock, orientation_in_force
from relais.rsa.services import contracts as services

ACTION_FORMS = {"sign": SignForm, "end": EndForm, "breach": BreachForm}


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _contract_or_404(user, contract_uuid) -> Contract:
    """The contract, if its person is visible to the user and the role manages contracts."""
    contract = (
        Contract.objects.select_related("person", "orientation", "renewed_from", "organisation")
        .filter(uuid=contract_uuid)
        .first()
    )
    if contract is None:
        raise Http404
    person = visible_person_or_404(user, contract.person.uuid)
    _require(policy.can_manage_contracts(user, person))
    contract.person = person
    return contract


def _totals(actions) -> dict:
    total = services.weekly_total(actions)
    return {
        "total": services.hours_text(total),
        "below_minimum": total < MINIMUM_WEEKLY_HOURS,
        "minimum": MINIMUM_WEEKLY_HOURS,
    }


def _typed_actions(formset) -> list:
    formset.is_valid()  # the rows typed so far, even when others are still wrong
    return [(label, hours) for label, hours in planned_actions(formset) if hours is not None]


def _plan_page(request, *, person, contract=None):
    """The create and edit pages share the form, the action plan and the running total."""
    initial = {}
    if contract is not None:
        initial = {
            "objectives": contract.objectives,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
            "adjustment_reason": contract.adjustment_reason,
        }
    data = request.POST if request.method == "POST" else None
    saved_actions = list(contract.actions.all()) if contract else []
    form = ContractForm(data, initial=initial)
    formset = action_formset(data, saved_actions)
    if data is not None and request.GET.get("apercu"):
        # The running total, recomputed as the agent types (htmx); nothing is saved.
        return render(request, "rsa/contracts/_total.html", _totals(_typed_actions(formset)))
    if data is not None and form.is_valid() and formset.is_valid():
        saved = _save_plan(request, form, formset, person=person, contract=contract)
        if saved is not None:
            return redirect("rsa:contract", contract_uuid=saved.uuid)
    typed = (
        _typed_actions(formset)
        if data is not None
        else [(a.label, a.hours_per_week) for a in saved_actions]
    )
    context = {
        "person": person,
        "contract": contract,
        "form": form,
        "formset": formset,
        "orientation": orientation_in_force(person),
        "clock": contract_clock(person),
        **_totals(typed),
    }
    return render(request, "rsa/contracts/form.html", context)


def _save_plan(request, form, formset, *, person, contract):
    data = form.cleaned_data
    plan = {
        "objectives": data["objectives"],
        "actions": planned_actions(formset),
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "adjustment_reason": data["adjustment_reason"],
    }
    try:
        if contract is None:
            saved = services.create_draft(user=request.user, person=person, **plan)
        else:
            saved = services.update_draft(user=request.user, contract=contract, **plan)
    except services.ContractError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, "Le brouillon du contrat d'engagement est enregistré.")
    return saved


@require_http_methods(["GET", "POST"])
def contract_create(request, uuid):
    person = visible_person_or_404(request.user, uuid)
    _require(policy.can_manage_contracts(request.user, person))
    return _plan_page(request, person=person)


@require_http_methods(["GET", "POST"])
def contract_edit(request, contract_uuid):
    contract = _contract_or_404(request.user, contract_uuid)
    if contract.status != Contract.Status.DRAFT:
        messages.error(request, "Seul un brouillon se modifie : ce contrat est déjà signé.")
        return redirect("rsa:contract", contract_uuid=contract.uuid)
    return _plan_page(request, person=contract.person, contract=contract)


@require_http_methods(["GET", "POST"])
def contract(request, contract_uuid):
    """The contract, and the changes its status allows (sign, activate, end, renew, breach)."""
    item = _contract_or_404(request.user, contract_uuid)
    forms = {name: form_class(prefix=name) for name, form_class in ACTION_FORMS.items()}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in {*ACTION_FORMS, "activate", "renew"}:
            raise Http404
        result = _apply(request, item, action, forms)
        if result is not None:
            return result
    else:
        record_access(
            user=request.user,
            person=item.person,
            action=AccessRecord.Action.VIEW,
            target=f"contrat {item.uuid}",
        )
    return render(request, "rsa/contracts/detail.html", _detail_context(item, forms))


def _apply(request, item: Contract, action: str, forms: dict):
    """Run the action; a redirect when done, None to show the page again with its errors."""
    form = None
    if action in ACTION_FORMS:
        form = forms[action] = ACTION_FORMS[action](request.POST, prefix=action)
        if not form.is_valid():
            return None
    data = form.cleaned_data if form else {}
    user = request.user
    try:
        if action == "sign":
            services.sign(user=user, contract=item, signed_on=data["signed_on"])
            done = "Le contrat est signé."
        elif action == "activate":
            services.activate(user=user, contract=item)
            done = "Le contrat est en cours."
        elif action == "end":
            services.end(user=user, contract=item, ended_on=data["ended_on"])
            done = "Le contrat est terminé."
        elif action == "renew":
            renewal = services.renew(user=user, contract=item)
            messages.success(request, "Le renouvellement est préparé : relisez-le puis signez-le.")
            return redirect("rsa:contract", contract_uuid=renewal.uuid)
        else:
            services.report_breach(user=user, contract=item, summary=data["summary"])
            done = (
                "Le dossier est inscrit pour l'équipe pluridisciplinaire (manquement au contrat)."
            )
    except services.ContractError as error:
        if form is None:
            messages.error(request, str(error))
            return redirect("rsa:contract", contract_uuid=item.uuid)
        form.add_error(None, str(error))
        return None
    messages.success(request, done)
    return redirect("rsa:contract", contract_uuid=item.uuid)


def _detail_context(item: Contract, forms: dict) -> dict:
    actions = list(item.actions.all())
    totals = _totals([(a.label, a.hours_per_week) for a in actions])
    return {
        "contract": item,
        "person": item.person,
        "actions": actions,
        **totals,
        # The 15-hour rule is the contrat d'engagement's; older contracts had none.
        "below_minimum": totals["below_minimum"] and item.kind == Contract.Kind.ENGAGEMENT,
        "renewal": Contract.objects.filter(renewed_from=item).first(),
        "can": {status.value: item.can_become(status) for status in Contract.Status},
        "starts_later": item.starts_on > timezone.localdate(),
        "forms": forms,
        "errors": [form for form in forms.values() if form.is_bound and form.errors],
    }


def contract_pdf(request, contract_uuid):
    """The contract to sign, as PDF; printing a person's data leaves a trace."""
    item = _contract_or_404(request.user, contract_uuid)
    actions = list(item.actions.all())
    context = {
        "contract": item,
        "person": item.person,
        "actions": actions,
        **_totals([(a.label, a.hours_per_week) for a in actions]),
        "departement_name": settings.RELAIS_DEPARTEMENT_NAME,
        "today": timezone.localdate(),
    }
    try:
        pdf = render_pdf("rsa/letters/contract.html", context)
    except PdfUnavailable:
        return render(request, "rsa/contracts/pdf_unavailable.html", status=503)
    record_access(
        user=request.user,
        person=item.person,
        action=AccessRecord.Action.PRINT,
        target=f"contrat {item.uuid}",
    )
    return attachment(pdf, f"contrat-engagement-{item.starts_on:%Y%m%d}.pdf")
