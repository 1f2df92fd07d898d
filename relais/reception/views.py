"""The reception screen, the log of visits and the MDS emergency procedure."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from relais.agenda import policy as agenda_policy
from relais.audit.models import AccessRecord
from relais.audit.services import record_access
from relais.reception import policy, queries, services
from relais.reception.forms import (
    AppointmentInterpretingForm,
    PersonLookupForm,
    ProcedureForm,
    VisitFilterForm,
    VisitForm,
    language_code,
)
from relais.reception.models import EmergencyProcedureVersion
from relais.reception.rendering import render_markdown

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 20
# The site last chosen by this agent: the next visit is most likely at the same desk.
SITE_KEY = "relais_reception_site"


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _default_site(request):
    sites = policy.recording_sites(request.user)
    for pk in (request.session.get(SITE_KEY), request.membership.site_id):
        site = sites.filter(pk=pk).first() if pk else None
        if site is not None:
            return site
    return sites.first()


def _add_errors(form, error: ValidationError) -> None:
    """The service's errors next to their fields; the others above the form."""
    for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
        form.add_error(field if field in form.fields else None, errors)


def _home_context(request, form, site, **extra) -> dict:
    organisation = policy.procedure_organisation(request.user)
    procedure = queries.current_procedure(organisation)
    return {
        "form": form,
        "lookup": extra.pop("lookup", None) or PersonLookupForm(),
        "site": site,
        "visits": queries.todays_visits(request.user, site) if site is not None else [],
        "has_procedure": organisation is not None,
        "procedure": procedure,
        "procedure_html": render_markdown(procedure.body) if procedure else "",
        **extra,
    }


@require_http_methods(["GET", "POST"])
def home(request):
    _require(policy.can_record_visits(request.user))
    site = _default_site(request)
    if request.method == "POST":
        form = VisitForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                visit = services.record_visit(user=request.user, data=form.visit_data())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                request.session[SITE_KEY] = visit.site_id
                messages.success(request, "Le passage a été enregistré.")
                return redirect("reception:home")
        site = form.cleaned_data.get("site") or site
    else:
        form = VisitForm(user=request.user, site=site)
    return render(request, "reception/home.html", _home_context(request, form, site))


@require_POST
def person_lookup(request):
    """The person search of the visit form: the choices alone for htmx, else the whole page."""
    _require(policy.can_record_visits(request.user))
    site = _default_site(request)
    lookup = PersonLookupForm(request.POST)
    candidates = []
    if lookup.is_valid():
        candidates = queries.lookup_persons(request.user, lookup.cleaned_data["q"])
    form = VisitForm(user=request.user, site=site, candidates=candidates)
    extra = {
        "lookup": lookup,
        "candidates": candidates,
        "searched": lookup.is_valid(),
        "lookup_max": queries.LOOKUP_MAX,
    }
    if request.htmx:
        return render(request, "reception/_person_choices.html", {"form": form, **extra})
    return render(request, "reception/home.html", _home_context(request, form, site, **extra))


def visit_list(request):
    _require(policy.can_record_visits(request.user))
    form = VisitFilterForm(request.GET or None)
    visits = queries.visits_for_list(request.user)
    if form.is_valid():
        visits = queries.between(
            visits, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        )
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queries.mark_visible_persons(request.user, list(page.object_list))
    return render(request, "reception/visit_list.html", {"form": form, "page": page})


def visit_detail(request, visit_uuid):
    visit = policy.visit_or_404(request.user, visit_uuid)
    queries.mark_visible_persons(request.user, [visit])
    if visit.visible_person is not None:
        record_access(
            user=request.user,
            person=visit.visible_person,
            action=AccessRecord.Action.VIEW,
            target=f"passage {visit.uuid}",
        )
    return render(request, "reception/visit_detail.html", {"visit": visit})


def procedure(request):
    organisation = policy.procedure_organisation_or_404(request.user)
    version = queries.current_procedure(organisation)
    context = {
        "organisation": organisation,
        "version": version,
        "procedure_html": render_markdown(version.body) if version else "",
        "can_edit": policy.can_edit_procedure(request.user),
    }
    return render(request, "reception/procedure.html", context)


@require_http_methods(["GET", "POST"])
def procedure_edit(request):
    organisation = policy.procedure_organisation_or_404(request.user)
    _require(policy.can_edit_procedure(request.user))
    current = queries.current_procedure(organisation)
    form = ProcedureForm(request.POST or None, initial={"body": current.body if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_emergency_procedure(
                user=request.user, organisation=organisation, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "La procédure d'accueil d'urgence a été mise à jour.")
            return redirect("reception:procedure")
    context = {
        "form": form,
        "organisation": organisation,
        "back_url": reverse("reception:procedure"),
    }
    return render(request, "reception/procedure_edit.html", context)


def procedure_history(request):
    organisation = policy.procedure_organisation_or_404(request.user)
    versions = (
        EmergencyProcedureVersion.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )
    page = Paginator(versions, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    for version in page:
        version.html = render_markdown(version.body)
    context = {"organisation": organisation, "page": page}
    return render(request, "reception/procedure_history.html", context)


@require_http_methods(["GET", "POST"])
def appointment_interpreting(request, appointment_uuid):
    """Record the interpreting session of a held appointment (from the appointment page)."""
    appointment = agenda_policy.appointment_or_404(request.user, appointment_uuid)
    if not policy.can_record_visits(request.user):
        raise Http404
    form = AppointmentInterpretingForm(
        request.POST or None,
        initial={"language": language_code(appointment.interpreter_language), "mode": "phone"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_appointment_interpreting(
                user=request.user, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "La séance d'interprétariat est enregistrée.")
            return redirect("agenda:appointment", appointment_uuid=appointment.uuid)
    back = reverse("agenda:appointment", kwargs={"appointment_uuid": appointment.uuid})
    context = {"form": form, "appointment": appointment, "back_url": back}
    return render(request, "reception/appointment_interpreting.html", context)
