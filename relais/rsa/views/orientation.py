"""A person's RSA pathway page, the diagnostic, the orientation decision and its letters."""

import uuid as uuid_module

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from relais.agenda.models import Appointment
from relais.audit.models import AccessRecord
from relais.audit.services import record_access
from relais.core.http import attachment
from relais.core.pdf import PdfUnavailable, render_pdf
from relais.people.models import Person
from relais.people.policy import eligible_referents, visible_person_or_404
from relais.people.services import assign_referent
from relais.rsa import policy
from relais.rsa.forms.pathway import (
    DiagnosticForm,
    NotificationForm,
    OrientationForm,
    ReorientationDecisionForm,
    ReorientationRequestForm,
)
from relais.rsa.models import Diagnostic, Orientation, ReorientationRequest
from relais.rsa.queries.person import pathway_of
from relais.rsa.services import orientation as services


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _pathway_url(person) -> str:
    return reverse("rsa:pathway", kwargs={"uuid": person.uuid})


def pathway(request, uuid):
    person = visible_person_or_404(request.user, uuid)
    _require(policy.can_view_pathway(request.user, person))
    record_access(user=request.user, person=person, action=AccessRecord.Action.VIEW, target="rsa")
    context = {"person": person, **pathway_of(request.user, person)}
    return render(request, "rsa/pathway/person.html", context)


def _appointment(request, person):
    """The orientation appointment the diagnostic follows, when the link names one."""
    value = request.GET.get("rdv") or request.POST.get("rdv")
    try:
        key = uuid_module.UUID(value or "")
    except ValueError:  # none, or malformed: the diagnostic is then not tied to one
        return None
    return Appointment.objects.filter(person=person, uuid=key).first()


@require_http_methods(["GET", "POST"])
def diagnostic_create(request, uuid):
    person = visible_person_or_404(request.user, uuid)
    _require(policy.can_write_diagnostic(request.user, person))
    appointment = _appointment(request, person)
    form = DiagnosticForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_diagnostic(
                user=request.user, person=person, data=form.cleaned_data, appointment=appointment
            )
        except services.OrientationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Diagnostic enregistré : décidez maintenant de l'orientation."
            )
            return redirect("rsa:orient", uuid=person.uuid)
    context = {
        "form": form,
        "person": person,
        "appointment": appointment,
        "back_url": _pathway_url(person),
    }
    return render(request, "rsa/pathway/diagnostic_form.html", context)


@require_http_methods(["GET", "POST"])
def orient(request, uuid):
    person = visible_person_or_404(request.user, uuid)
    _require(policy.can_orient(request.user, person))
    diagnostic = person.diagnostics.order_by("-created_at").first()
    proposal = services.propose(diagnostic, departement=person.departement) if diagnostic else None
    form = OrientationForm(
        request.POST or None,
        departement=person.departement,
        referents=eligible_referents(request.user),
        proposal=proposal,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            orientation = services.orient(
                user=request.user,
                person=person,
                track=data["track"],
                referent_body=data["referent_body"],
                referent_organisation=data["referent_organisation"],
                decided_on=data["decided_on"],
                diagnostic=diagnostic,
                reason=data["reason"],
                is_reorientation=person.orientations.exists(),
            )
        except services.OrientationError as error:
            form.add_error(None, str(error))
        else:
            if data["referent"]:
                assign_referent(
                    user=request.user,
                    person=person,
                    referent=data["referent"],
                    organisation=request.user.membership.organisation,
                )
            messages.success(request, f"{orientation} enregistrée. Notifiez-la à la personne.")
            return redirect(_pathway_url(person))
    context = {
        "form": form,
        "person": person,
        "diagnostic": diagnostic,
        "proposal": proposal,
        "back_url": _pathway_url(person),
    }
    return render(request, "rsa/pathway/orient_form.html", context)


def _orientation_or_404(user, orientation_uuid) -> Orientation:
    orientation = get_object_or_404(
        Orientation.objects.select_related("person"), uuid=orientation_uuid
    )
    visible_person_or_404(user, orientation.person.uuid)
    return orientation


@require_POST
def orientation_notify(request, orientation_uuid):
    orientation = _orientation_or_404(request.user, orientation_uuid)
    _require(policy.can_orient(request.user, orientation.person))
    form = NotificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez une date de notification valide (jj/mm/aaaa).")
    else:
        try:
            services.notify_orientation(
                user=request.user,
                orientation=orientation,
                notified_on=form.cleaned_data["notified_on"],
            )
        except services.OrientationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Notification enregistrée : le délai d'un mois pour signer le contrat court.",
            )
    return redirect(_pathway_url(orientation.person))


def _pdf(request, template, context, person, target, filename):
    try:
        pdf = render_pdf(
            template, {"departement_name": settings.RELAIS_DEPARTEMENT_NAME, **context}
        )
    except PdfUnavailable:
        return render(request, "agenda/pdf_unavailable.html", status=503)
    record_access(user=request.user, person=person, action=AccessRecord.Action.PRINT, target=target)
    return attachment(pdf, filename)


def orientation_letter(request, orientation_uuid):
    orientation = _orientation_or_404(request.user, orientation_uuid)
    _require(policy.can_orient(request.user, orientation.person))
    context = {
        "orientation": orientation,
        "person": orientation.person,
        "today": timezone.localdate(),
    }
    return _pdf(
        request,
        "rsa/letters/orientation.html",
        context,
        orientation.person,
        f"orientation {orientation.uuid}",
        f"orientation-{orientation.decided_on:%Y%m%d}.pdf",
    )


def _diagnostic_or_404(user, diagnostic_uuid) -> Diagnostic:
    diagnostic = get_object_or_404(
        Diagnostic.objects.select_related("person"), uuid=diagnostic_uuid
    )
    visible_person_or_404(user, diagnostic.person.uuid)
    return diagnostic


def diagnostic_pdf(request, diagnostic_uuid):
    diagnostic = _diagnostic_or_404(request.user, diagnostic_uuid)
    _require(
        policy.can_write_diagnostic(request.user, diagnostic.person)
        or policy.can_orient(request.user, diagnostic.person)
    )
    orientation = diagnostic.orientations.order_by("-decided_on").first()
    context = {"diagnostic": diagnostic, "person": diagnostic.person, "orientation": orientation}
    return _pdf(
        request,
        "rsa/letters/diagnostic.html",
        context,
        diagnostic.person,
        f"diagnostic {diagnostic.uuid}",
        f"diagnostic-{diagnostic.created_at:%Y%m%d}.pdf",
    )


@require_POST
def diagnostic_send(request, diagnostic_uuid):
    diagnostic = _diagnostic_or_404(request.user, diagnostic_uuid)
    _require(policy.can_orient(request.user, diagnostic.person))
    orientation = services.current_orientation(diagnostic.person)
    if orientation is None or orientation.referent_organisation is None:
        messages.error(request, "Choisissez d'abord la structure référente dans l'orientation.")
    else:
        services.send_diagnostic(
            user=request.user, diagnostic=diagnostic, organisation=orientation.referent_organisation
        )
        messages.success(request, f"Diagnostic transmis à {orientation.referent_organisation}.")
    return redirect(_pathway_url(diagnostic.person))


@require_http_methods(["GET", "POST"])
def reorientation_request(request, uuid):
    person = visible_person_or_404(request.user, uuid)
    _require(policy.can_request_reorientation(request.user, person))
    form = ReorientationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_reorientation(user=request.user, person=person, **form.cleaned_data)
        except services.OrientationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Demande de réorientation transmise.")
            return redirect(_pathway_url(person))
    context = {"form": form, "person": person, "back_url": _pathway_url(person)}
    return render(request, "rsa/pathway/reorientation_request.html", context)


@require_http_methods(["GET", "POST"])
def reorientation_decide(request, request_uuid):
    item = get_object_or_404(
        ReorientationRequest.objects.select_related("person", "orientation"), uuid=request_uuid
    )
    person: Person = visible_person_or_404(request.user, item.person.uuid)
    _require(policy.can_orient(request.user, person))
    form = ReorientationDecisionForm(request.POST or None, departement=person.departement)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_reorientation(user=request.user, request=item, **form.cleaned_data)
        except services.OrientationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Décision enregistrée.")
            return redirect(_pathway_url(person))
    context = {"form": form, "person": person, "item": item, "back_url": _pathway_url(person)}
    return render(request, "rsa/pathway/reorientation_decide.html", context)
