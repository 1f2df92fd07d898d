"""The secretariat of the Direction de la Cohésion sociale: the queue, the study and decision of
one application, the letters, the payment batches.

Only policy.is_secretariat users reach these pages (queries.secretariat asks it); everyone else
gets the gatekeeper's 404.
POST-only actions answer 405 to a GET before any policy check (like people:note_add). Each
action calls one service; an AidError comes back to the page and nothing changes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from relais.aid import iban as ibans
from relais.aid import letters
from relais.aid.forms import secretariat as forms
from relais.aid.models import Status
from relais.aid.queries import secretariat as queries
from relais.aid.queries.budget import summary
from relais.aid.services import AidError, decisions, payments
from relais.aid.services.rules import granted_in_window, missing_documents
from relais.aid.views.secretariat_payments import batch, batches, export  # noqa: F401 (URL map)
from relais.audit.models import AccessRecord
from relais.audit.services import record_access, record_accesses
from relais.core.http import attachment
from relais.core.pdf import PdfUnavailable

PER_PAGE = 50
TARGET = "fare82"
Action = AccessRecord.Action


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    condition: Q
    order: tuple


TABS = (
    Tab("a-etudier", "À étudier", Q(status=Status.SUBMITTED), ("submitted_at", "id")),
    Tab("a-l-etude", "À l'étude", Q(status=Status.UNDER_REVIEW), ("submitted_at", "id")),
    Tab("incompletes", "Incomplètes", Q(status=Status.INCOMPLETE), ("-updated_at", "-id")),
    Tab("a-payer", "À payer", Q(status=Status.APPROVED), ("decided_at", "id")),
    Tab(
        "traitees",
        "Traitées",
        Q(status__in=(Status.REFUSED, Status.PAID, Status.CANCELLED)),
        ("-updated_at", "-id"),
    ),
)


class Decision(NamedTuple):
    form: type
    service: Callable
    name: str  # the form's name in the page's context
    auto_id: str  # field ids, unique across the page's forms
    done: str


DECISIONS = {
    "approve": Decision(
        forms.ApproveForm, decisions.approve, "approve_form", "accord_%s", "Aide accordée."
    ),
    "refuse": Decision(
        forms.RefuseForm, decisions.refuse, "refuse_form", "refus_%s", "Aide refusée."
    ),
    "incomplete": Decision(
        forms.IncompleteForm,
        decisions.mark_incomplete,
        "incomplete_form",
        "manque_%s",
        "Demande renvoyée à l'agent pour la compléter.",
    ),
    "pay": Decision(forms.PayForm, payments.pay, "pay_form", "paiement_%s", "Paiement enregistré."),
}
# The forms each status calls for.
FORMS_BY_STATUS = {
    Status.UNDER_REVIEW: ("approve", "refuse", "incomplete"),
    Status.APPROVED: ("pay",),
}


@require_GET
def queue(request):
    """The applications by stage, the oldest waiting first, under the year's envelope."""
    queries.require_secretariat(request.user)
    tab = next((t for t in TABS if t.key == request.GET.get("onglet")), TABS[0])
    rows = queries.received(request.user)
    counts = rows.aggregate(
        **{f"n{i}": Count("id", filter=t.condition) for i, t in enumerate(TABS)}
    )
    listed = rows.filter(tab.condition).order_by(*tab.order)
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for application in page:
        submitted = timezone.localtime(application.submitted_at).date()
        application.waiting_days = (today - submitted).days
    persons = [application.person for application in page]
    record_accesses(user=request.user, persons=persons, action=Action.VIEW, target=TARGET)
    tabs = [
        (t.key, t.label, f"{reverse('aid:queue')}?onglet={t.key}", counts[f"n{i}"])
        for i, t in enumerate(TABS)
    ]
    context = {"tabs": tabs, "tab": tab, "page": page, "envelope": queries.envelope(request.user)}
    return render(request, "aid/secretariat/queue.html", context)


def _ceilings(application) -> dict:
    """What the person already had in the category over 12 months, against the ceilings."""
    category = application.category
    already = granted_in_window(
        application.person, category, timezone.localdate(), exclude=application
    )
    left = max(category.ceiling_per_person - already, 0)
    return {"already": already, "left_for_person": left}


def _forms(application, bound: dict) -> dict:
    built = {}
    for action in FORMS_BY_STATUS.get(application.status, ()):
        if action == "pay" and application.payment_batch_id is None:
            continue  # a payment is recorded once its batch went to the finance software
        decision = DECISIONS[action]
        built[decision.name] = bound.get(decision.name) or decision.form(auto_id=decision.auto_id)
    approve = built.get("approve_form")
    if approve is not None and not approve.is_bound:
        approve.initial = {"amount": application.amount_requested}
    return built


def _review_page(request, application, bound: dict | None = None):
    bound = bound or {}
    person = application.person
    record_access(user=request.user, person=person, action=Action.VIEW, target=TARGET)
    others = (
        queries.received(request.user)
        .filter(person=person)
        .exclude(pk=application.pk)
        .order_by("-submitted_at")
    )
    context = {
        **_forms(application, bound),
        "error_forms": [form for form in bound.values() if form.errors],
        "application": application,
        "person": person,
        "iban_masked": ibans.masked(application.iban_last4),
        "papers": application.documents.select_related("document"),
        "missing": missing_documents(application),
        "others": others,
        "ceilings": _ceilings(application),
        "envelope": summary(application.fund),
        "can_start_review": application.status == Status.SUBMITTED,
        "has_letters": letters.has_decision(application),
    }
    return render(request, "aid/secretariat/review.html", context)


@require_GET
def review(request, application_uuid):
    application = queries.application_or_404(request.user, application_uuid)
    return _review_page(request, application)


@require_POST
def start_review(request, application_uuid):
    application = queries.application_or_404(request.user, application_uuid)
    try:
        decisions.start_review(user=request.user, application=application)
    except AidError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "La demande est à l'étude : décidez-en depuis cette page.")
    return redirect("aid:review", application_uuid=application.uuid)


def _decide(request, application_uuid, action: str):
    """Validate the action's form and call its service; errors come back on the page."""
    application = queries.application_or_404(request.user, application_uuid)
    decision = DECISIONS[action]
    form = decision.form(request.POST, auto_id=decision.auto_id)
    if form.is_valid():
        try:
            decision.service(user=request.user, application=application, **form.kwargs())
        except AidError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, decision.done)
            return redirect("aid:review", application_uuid=application.uuid)
    # Shown against the application as it is now: another agent may have acted meanwhile.
    application = queries.received(request.user).get(pk=application.pk)
    return _review_page(request, application, {decision.name: form})


@require_POST
def approve(request, application_uuid):
    return _decide(request, application_uuid, "approve")


@require_POST
def refuse(request, application_uuid):
    return _decide(request, application_uuid, "refuse")


@require_POST
def incomplete(request, application_uuid):
    return _decide(request, application_uuid, "incomplete")


@require_POST
def pay(request, application_uuid):
    return _decide(request, application_uuid, "pay")


def _letter(request, application_uuid, build, whom: str):
    application = queries.application_or_404(request.user, application_uuid)
    if not letters.has_decision(application):
        raise Http404
    try:
        pdf = build(application)
    except PdfUnavailable:
        return render(request, "aid/secretariat/pdf_unavailable.html", status=503)
    record_access(user=request.user, person=application.person, action=Action.PRINT, target=TARGET)
    return attachment(pdf, letters.filename(application, whom))


@require_GET
def letter_person(request, application_uuid):
    return _letter(request, application_uuid, letters.person_letter, "decision")


@require_GET
def letter_agent(request, application_uuid):
    return _letter(request, application_uuid, letters.agent_letter, "avis-agent")
