"""The agents' pages: apply for a person, complete the draft and its papers, submit, cancel.

Every application is fetched through policy.visible_applications: a partner, or an agent of
another MDS, gets the same 404 as for an application that does not exist.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models.query import EmptyQuerySet
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from relais.aid import iban as ibans
from relais.aid import policy
from relais.aid.eligibility import evaluate
from relais.aid.forms.agent import ApplicationForm, DocumentForm, StatusFilterForm
from relais.aid.models import TRANSITIONS, AidApplication, AidDocument, DocumentKind, Status
from relais.aid.services import AidError
from relais.aid.services import applications as services
from relais.aid.services.rules import check_ceilings, missing_documents
from relais.audit.models import AccessRecord
from relais.audit.services import record_access, record_accesses
from relais.people.policy import membership_of, visible_person_or_404
from relais.people.services import DocumentRejected, document_path

PAGE_SIZE = 50
EDITABLE = (Status.DRAFT, Status.INCOMPLETE)
AUDIT_TARGET = "fare82"


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _application_or_404(user, application_uuid) -> AidApplication:
    application = (
        policy.visible_applications(user)
        .select_related("person", "category", "applicant", "applicant_organisation", "fund")
        .filter(uuid=application_uuid)
        .first()
    )
    _require(application is not None)
    return application


def _editable_or_404(user, application_uuid) -> AidApplication:
    application = _application_or_404(user, application_uuid)
    _require(policy.can_edit(user, application))
    return application


def _not_editable(request, application):
    messages.error(
        request,
        f"Une demande « {application.get_status_display().lower()} » ne se modifie plus : "
        "seules les demandes en brouillon ou incomplètes se complètent.",
    )
    return redirect("aid:application", application_uuid=application.uuid)


def application_list(request):
    applications = policy.visible_applications(request.user)
    # Partners, steering and employers see no application at all: no page either.
    _require(not isinstance(applications, EmptyQuerySet))
    form = StatusFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["status"]:
        applications = applications.filter(status=form.cleaned_data["status"])
    applications = applications.select_related("person", "category", "applicant").order_by(
        "-created_at", "-id"
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    record_accesses(
        user=request.user,
        persons=[application.person for application in page],
        action=AccessRecord.Action.VIEW,
        target=AUDIT_TARGET,
    )
    return render(request, "aid/agent/list.html", {"form": form, "page": page})


def _check_ceilings(form, person, pk=None) -> bool:
    """The category's ceilings, told when the draft is written rather than at submission."""
    candidate = AidApplication(pk=pk, person=person, category=form.cleaned_data["category"])
    try:
        check_ceilings(candidate, form.cleaned_data["amount_requested"], timezone.localdate())
    except AidError as error:
        form.add_error("amount_requested", str(error))
        return False
    return True


def _service_error(form, error: AidError) -> None:
    """A wrong IBAN belongs to its field; the other refusals to the whole form."""
    field = "iban" if isinstance(error.__cause__, ibans.IbanError) else None
    form.add_error(field, str(error))


def _create(request, form, person) -> AidApplication | None:
    try:
        return services.create(
            user=request.user,
            person=person,
            data=form.application_data(),
            iban=form.cleaned_data["iban"],
        )
    except AidError as error:
        _service_error(form, error)
        return None


@sensitive_post_parameters("iban")  # error reports and logs never carry the IBAN
@require_http_methods(["GET", "POST"])
def apply(request, uuid):
    person = visible_person_or_404(request.user, uuid)
    _require(policy.can_apply(request.user, person))
    eligibility = evaluate(person, organisation=membership_of(request.user).organisation)
    form = None
    if eligibility.eligible:
        # Not eligible: the reason, and no form to fill in for nothing.
        form = ApplicationForm(
            request.POST or None, person=person, departement_id=person.departement_id
        )
        if request.method == "POST" and form.is_valid() and _check_ceilings(form, person):
            application = _create(request, form, person)
            if application is not None:
                messages.success(
                    request,
                    "Le brouillon de la demande est enregistré : ajoutez les pièces, "
                    "puis transmettez-la au secrétariat.",
                )
                return redirect("aid:application", application_uuid=application.uuid)
    record_access(
        user=request.user, person=person, action=AccessRecord.Action.VIEW, target=AUDIT_TARGET
    )
    context = {"person": person, "eligibility": eligibility, "form": form}
    return render(request, "aid/agent/apply.html", context)


@sensitive_post_parameters("iban")
@require_http_methods(["GET", "POST"])
def edit(request, application_uuid):
    application = _editable_or_404(request.user, application_uuid)
    if application.status not in EDITABLE:
        return _not_editable(request, application)
    person = application.person
    initial = {name: getattr(application, name) for name in services.FIELDS}
    form = ApplicationForm(
        request.POST or None,
        initial=initial,
        person=person,
        departement_id=application.departement_id,
        stored_iban=ibans.masked(application.iban_last4),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _check_ceilings(form, person, application.pk)
    ):
        try:
            services.update(
                user=request.user,
                application=application,
                data=form.application_data(),
                iban=form.cleaned_data["iban"],
            )
        except AidError as error:
            _service_error(form, error)
        else:
            messages.success(request, "La demande est modifiée.")
            return redirect("aid:application", application_uuid=application.uuid)
    context = {"application": application, "person": person, "form": form}
    return render(request, "aid/agent/edit.html", context)


def application(request, application_uuid):
    item = _application_or_404(request.user, application_uuid)
    record_access(
        user=request.user,
        person=item.person,
        action=AccessRecord.Action.VIEW,
        target=f"{AUDIT_TARGET} {item.uuid}",
    )
    may_edit = policy.can_edit(request.user, item)
    moves = TRANSITIONS[Status(item.status)]
    context = {
        "application": item,
        "person": item.person,
        "iban_masked": ibans.masked(item.iban_last4),
        "papers": item.documents.select_related("document"),
        "missing": missing_documents(item),
        "can_edit": may_edit and item.status in EDITABLE,
        "can_submit": may_edit and Status.SUBMITTED in moves,
        "can_cancel": may_edit and Status.CANCELLED in moves,
        # The secretariat reads the application, not the person's whole file.
        "show_person_link": not policy.is_secretariat(request.user),
    }
    return render(request, "aid/agent/application.html", context)


@require_http_methods(["GET", "POST"])
def document_add(request, application_uuid):
    application = _editable_or_404(request.user, application_uuid)
    if application.status not in EDITABLE:
        return _not_editable(request, application)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            services.attach_document(
                user=request.user,
                application=application,
                kind=kind,
                uploaded=form.cleaned_data["file"],
                title=f"FARE82 : {DocumentKind(kind).label}",
            )
        except DocumentRejected as error:
            form.add_error("file", str(error))
        except AidError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"La pièce « {DocumentKind(kind).label} » est ajoutée.")
            return redirect("aid:application", application_uuid=application.uuid)
    context = {
        "application": application,
        "person": application.person,
        "form": form,
        "back_url": reverse("aid:application", kwargs={"application_uuid": application.uuid}),
    }
    return render(request, "aid/agent/document_add.html", context)


def document_download(request, application_uuid, document_id):
    application = _application_or_404(request.user, application_uuid)
    paper = (
        AidDocument.objects.select_related("document")
        .filter(pk=document_id, application=application)
        .first()
    )
    _require(paper is not None)
    document = paper.document
    path = document_path(document)
    _require(path.exists())
    record_access(
        user=request.user,
        person=application.person,
        action=AccessRecord.Action.DOWNLOAD,
        target=str(document.uuid),
    )
    response = FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=f"fare82-{paper.kind}-{document.uuid.hex[:8]}.{document.extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def submit(request, application_uuid):
    application = _editable_or_404(request.user, application_uuid)
    try:
        services.submit(user=request.user, application=application)
    except AidError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "La demande est transmise au secrétariat de la Direction de la Cohésion sociale.",
        )
    return redirect("aid:application", application_uuid=application.uuid)


@require_POST
def cancel(request, application_uuid):
    application = _editable_or_404(request.user, application_uuid)
    try:
        services.cancel(
            user=request.user, application=application, reason=request.POST.get("reason", "")
        )
    except AidError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "La demande est annulée.")
    return redirect("aid:application", application_uuid=application.uuid)
