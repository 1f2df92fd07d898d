"""The operator's portal: the prescriptions to its programmes, answering them, its places.

An operator reaches only the prescriptions to the programmes its organisation runs
(`queries.portal`, over `policy.portal_prescriptions`); a prescription shows the minimum of
the person's data and does not open their file. Each answer is a POST calling one service;
a `ProgrammeError` comes back on the page as an error and nothing changes.
"""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.audit.models import AccessRecord
from relais.audit.services import record_access, record_accesses
from relais.programmes import policy
from relais.programmes.forms import operator as forms
from relais.programmes.forms import specifics as specific_forms
from relais.programmes.models import CapacityModel, Status
from relais.programmes.queries import portal as queries
from relais.programmes.queries import waitlist as line
from relais.programmes.services import ProgrammeError, capacity
from relais.programmes.services import catalogue as catalogue_services
from relais.programmes.services import prescriptions as services

ENDED_PAGE_SIZE = 50


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _tab_rows(user, tab: str, programme, today, page_number) -> dict:
    if tab == "attente":
        return {"lists": queries.waiting(user, programme, today)}
    if tab == "acceptees":
        return {"rows": [{"prescription": p} for p in queries.accepted(user, programme)]}
    if tab == "en-cours":
        return {"rows": queries.in_progress(user, programme, today)}
    if tab == "terminees":
        page = Paginator(queries.ended(user, programme), ENDED_PAGE_SIZE).get_page(page_number)
        return {"rows": [{"prescription": p} for p in page], "page": page}
    return {"rows": queries.to_answer(user, programme, today)}


def _shown_persons(content: dict) -> list:
    rows = content.get("rows") or [r for each in content.get("lists", []) for r in each["rows"]]
    return [row["prescription"].person for row in rows]


@require_GET
def portal(request):
    user, today = request.user, timezone.localdate()
    _require(policy.is_operator(user))
    programmes = policy.operated_programmes(user).order_by("name")
    filter_form = forms.ProgrammeFilterForm(request.GET or None, programmes=programmes)
    programme = filter_form.chosen()
    tab = request.GET.get("vue", "")
    tab = tab if tab in dict(queries.TABS) else queries.TABS[0][0]
    content = _tab_rows(user, tab, programme, today, request.GET.get("page"))
    record_accesses(
        user=user,
        persons=_shown_persons(content),
        action=AccessRecord.Action.VIEW,
        target="portail",
    )
    suffix = f"&programme={programme.uuid}" if programme else ""
    counts = queries.tab_counts(user, programme)
    context = {
        **content,
        "tab": tab,
        "tab_label": dict(queries.TABS)[tab],
        "tabs": [(key, label, f"?vue={key}{suffix}", counts[key]) for key, label in queries.TABS],
        "filter_form": filter_form,
        "programme": programme,
        "places": queries.places_overview(user, today),
        "reminder_days": settings.RELAIS_PRESCRIPTION_REMINDER_DAYS,
    }
    return render(request, "programmes/operator/portal.html", context)


# One prescription.


def render_prescription(request, item, *, bound: dict | None = None):
    """The prescription's page; `bound` replaces the blank form of an action that failed."""
    today = timezone.localdate()
    record_access(
        user=request.user,
        person=item.person,
        action=AccessRecord.Action.VIEW,
        target=f"prescription {item.uuid}",
    )
    specifics = queries.specifics(item, today)
    context = {
        "item": item,
        "person": item.person,
        "position": line.position(item),
        "estimate": line.estimate_for(item, today),
        "alert": queries.duration_alert(item, today),
        "free": queries.free_places(item.programme, today),
        "coaches": queries.coach_rows(item.programme)
        if item.programme.capacity_model == CapacityModel.PORTFOLIO
        else [],
        **forms.answer_forms(item, today),
        **specific_forms.blank_forms(specifics),
        **specifics,
        **(bound or {}),
        "failed": next(iter((bound or {}).values()), None),
    }
    return render(request, "programmes/operator/prescription.html", context)


@require_GET
def prescription(request, prescription_uuid):
    item = queries.prescription_or_404(request.user, prescription_uuid)
    return render_prescription(request, item)


def run_action(request, prescription_uuid, key: str, form_class, call, form_args=None):
    """Validate the posted form, call the service, redirect with its message; on an error,
    the prescription's page again with the form and its French errors, nothing changed.

    `call(user, item, **kwargs)` returns the message to show after success; `form_args(item)`
    gives the form what it needs beyond the data (the prescription, the courses…)."""
    item = queries.prescription_or_404(request.user, prescription_uuid)
    form = form_class(request.POST, **(form_args(item) if form_args else {}))
    if form.is_valid():
        try:
            message = call(request.user, item, **form.kwargs())
        except ProgrammeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect("programmes:portal_prescription", prescription_uuid=item.uuid)
    return render_prescription(request, item, bound={key: form})


def _accepted(user, item, **kwargs) -> str:
    result = services.accept(user=user, prescription=item, **kwargs)
    if result.status != Status.WAITLISTED:
        return "Prescription acceptée : le prescripteur est informé."
    estimate = line.estimate_for(result, timezone.localdate())
    when = f"entrée estimée le {estimate:%d/%m/%Y}" if estimate else "entrée non estimable"
    return (
        "Plus de place : la personne est inscrite en liste d'attente "
        f"(position {line.position(result)}, {when})."
    )


@require_POST
def accept(request, prescription_uuid):
    def form_args(item):
        return {"prescription": item, "today": timezone.localdate()}

    return run_action(
        request, prescription_uuid, "accept_form", forms.AcceptForm, _accepted, form_args
    )


def _waitlisted(user, item) -> str:
    result = services.waitlist(user=user, prescription=item)
    return f"La personne est inscrite en liste d'attente (position {line.position(result)})."


@require_POST
def waitlist(request, prescription_uuid):
    return run_action(request, prescription_uuid, "waitlist_form", forms.ConfirmForm, _waitlisted)


def _refused(user, item, **kwargs) -> str:
    services.refuse(user=user, prescription=item, **kwargs)
    return "Prescription refusée : le prescripteur est informé du motif."


@require_POST
def refuse(request, prescription_uuid):
    return run_action(request, prescription_uuid, "refuse_form", forms.RefuseForm, _refused)


def _entered(user, item, **kwargs) -> str:
    result = services.enter(user=user, prescription=item, **kwargs)
    return f"Entrée dans l'action enregistrée au {result.entered_on:%d/%m/%Y}."


@require_POST
def enter(request, prescription_uuid):
    return run_action(request, prescription_uuid, "enter_form", forms.EnterForm, _entered)


def _ended(user, item, **kwargs) -> str:
    result = services.end(user=user, prescription=item, **kwargs)
    return f"Sortie de l'action enregistrée au {result.ended_on:%d/%m/%Y}."


@require_POST
def end(request, prescription_uuid):
    return run_action(request, prescription_uuid, "end_form", forms.EndForm, _ended)


# A programme's places, sessions and coaches.


def _programme_url(programme) -> str:
    return reverse("programmes:portal_programme", kwargs={"programme_uuid": programme.uuid})


def _posted(request, action: str):
    return request.POST if request.POST.get("action") == action else None


def _programme_forms(request, item) -> dict:
    if item.capacity_model == CapacityModel.CONTINUOUS:
        places = forms.PlacesForm(_posted(request, "places"), initial={"places": item.places})
        return {"places_form": places}
    if item.capacity_model == CapacityModel.PORTFOLIO:
        candidates = queries.coach_candidates(item)
        return {"coach_form": forms.CoachForm(_posted(request, "coach"), candidates=candidates)}
    return {}


def _change(request, form, call, success: str, url: str):
    if not form.is_valid():
        return None
    try:
        call(user=request.user, **form.kwargs())
    except ProgrammeError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, success)
    return redirect(url)


def _deactivate(request, item, url: str):
    raw = request.POST.get("coach", "")
    coach = next(
        (r["coach"].user for r in queries.coach_rows(item) if str(r["coach"].pk) == raw), None
    )
    _require(coach is not None)
    try:
        catalogue_services.deactivate_coach(user=request.user, programme=item, coach=coach)
    except ProgrammeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{coach.get_full_name()} n'est plus coach de cette action.")
    return redirect(url)


def _programme_post(request, item, page: dict):
    url, action = _programme_url(item), request.POST.get("action", "")
    if action == "places" and "places_form" in page:
        change = partial(catalogue_services.change_programme_places, programme=item)
        return _change(request, page["places_form"], change, "Nombre de places enregistré.", url)
    if action == "coach" and "coach_form" in page:
        add = partial(catalogue_services.add_coach, programme=item)
        return _change(request, page["coach_form"], add, "Coach ajouté.", url)
    if action == "retirer-coach" and item.capacity_model == CapacityModel.PORTFOLIO:
        return _deactivate(request, item, url)
    raise Http404


@require_http_methods(["GET", "POST"])
def programme(request, programme_uuid):
    today = timezone.localdate()
    item = queries.programme_or_404(request.user, programme_uuid)
    page = _programme_forms(request, item)
    if request.method == "POST":
        response = _programme_post(request, item, page)
        if response is not None:
            return response
    context = {
        **page,
        "item": item,
        "capacity": capacity.capacity(item, today),
        "free": queries.free_places(item, today),
        "has_sessions": item.capacity_model == CapacityModel.INTAKE,
        "sessions": queries.session_rows(item),
        "coaches": queries.coach_rows(item)
        if item.capacity_model == CapacityModel.PORTFOLIO
        else [],
        "waiting": len(line.line(item)),
        "failed": next((f for f in page.values() if f.errors), None),
    }
    return render(request, "programmes/operator/programme.html", context)


@require_http_methods(["GET", "POST"])
def session_create(request, programme_uuid):
    item = queries.programme_or_404(request.user, programme_uuid)
    if item.capacity_model != CapacityModel.INTAKE:
        messages.info(request, "Cette action n'a pas de sessions : ses places se gèrent ici.")
        return redirect(_programme_url(item))
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST":
        create = partial(catalogue_services.create_session, programme=item)
        response = _change(request, form, create, "Session créée.", _programme_url(item))
        if response is not None:
            return response
    context = {"form": form, "item": item, "back_url": _programme_url(item)}
    return render(request, "programmes/operator/session_form.html", context)


@require_http_methods(["GET", "POST"])
def session_places(request, intake_uuid):
    session = queries.session_or_404(request.user, intake_uuid)
    form = forms.PlacesForm(request.POST or None, initial={"places": session.places})
    if request.method == "POST":
        change = partial(catalogue_services.change_session_places, session=session)
        success = "Nombre de places de la session enregistré."
        response = _change(request, form, change, success, _programme_url(session.programme))
        if response is not None:
            return response
    row = next(r for r in queries.session_rows(session.programme) if r["session"] == session)
    context = {"form": form, "row": row, "back_url": _programme_url(session.programme)}
    return render(request, "programmes/operator/session_places.html", context)
