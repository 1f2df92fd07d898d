"""The week's new entrants, convening them in one action, their letters, the worklists."""

import datetime as dt
import uuid as uuid_module

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from relais.audit.models import AccessRecord
from relais.audit.services import record_accesses
from relais.core.http import attachment
from relais.core.pdf import PdfUnavailable, render_pdf
from relais.people.models import Person
from relais.rsa import policy
from relais.rsa.forms.pathway import WeekForm
from relais.rsa.models import Convocation
from relais.rsa.queries import pathway as queries
from relais.rsa.services.convocation import convene as convene_persons


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _week(request):
    today = timezone.localdate()
    form = WeekForm(request.GET or {"semaine": queries.week_label(today)})
    if form.is_valid():
        try:
            return form, *queries.iso_week(form.cleaned_data["semaine"])
        except ValueError as error:
            form.add_error("semaine", str(error))
    monday, sunday = queries.iso_week(queries.week_label(today))
    return form, monday, sunday


def new_entrants(request):
    _require(policy.can_see_worklists(request.user))
    form, monday, sunday = _week(request)
    persons = Person.objects.visible_to(request.user)
    rows = queries.new_entrants(persons, monday, sunday)
    record_accesses(
        user=request.user,
        persons=[row.person for row in rows],
        action=AccessRecord.Action.VIEW,
        target=f"primo-entrants {queries.week_label(monday)}",
    )
    context = {
        "form": form,
        "monday": monday,
        "sunday": sunday,
        "rows": rows,
        "previous_week": queries.week_label(monday - dt.timedelta(days=7)),
        "next_week": queries.week_label(monday + dt.timedelta(days=7)),
        "can_convene": policy.can_convene(request.user),
        "to_convene": sum(1 for row in rows if row.convocation is None and not row.oriented),
    }
    return render(request, "rsa/pathway/new_entrants.html", context)


@require_POST
def convene(request):
    _require(policy.can_convene(request.user))
    chosen = request.POST.getlist("personnes")
    persons = list(Person.objects.visible_to(request.user).filter(uuid__in=_uuids(chosen)))
    back = reverse("rsa:new_entrants") + "?semaine=" + request.POST.get("semaine", "")
    if not persons:
        messages.error(request, "Cochez au moins une personne à convoquer.")
        return redirect(back)
    report = convene_persons(user=request.user, persons=persons)
    context = {"report": report, "back": back}
    return render(request, "rsa/pathway/convened.html", context)


def _uuids(values) -> list:
    found = []
    for value in values:
        try:
            found.append(uuid_module.UUID(value))
        except ValueError:
            continue
    return found


def convocation_letters(request, batch):
    """All the letters of one convocation batch, in one PDF to print and post."""
    _require(policy.can_convene(request.user))
    visible = Person.objects.visible_to(request.user)
    convocations = list(
        Convocation.objects.filter(batch=batch, person__in=visible)
        .select_related(
            "person__commune", "appointment__site__commune", "appointment__agenda__owner"
        )
        .order_by("person__birth_name")
    )
    _require(bool(convocations))
    letters = [
        {
            "convocation": c,
            "person": c.person,
            "appointment": c.appointment,
            "start": timezone.localtime(c.appointment.start),
        }
        for c in convocations
    ]
    context = {"letters": letters, "departement_name": settings.RELAIS_DEPARTEMENT_NAME}
    try:
        pdf = render_pdf("rsa/letters/convocation_orientation.html", context)
    except PdfUnavailable:
        return render(request, "agenda/pdf_unavailable.html", status=503)
    record_accesses(
        user=request.user,
        persons=[c.person for c in convocations],
        action=AccessRecord.Action.PRINT,
    )
    return attachment(pdf, f"convocations-{timezone.localdate():%Y%m%d}.pdf")


def worklists(request):
    """What the agent has to do: convene, orient, contract, contracts ending, EP cases."""
    _require(policy.can_see_worklists(request.user))
    # Imported here: each stage owns its read side.
    from relais.rsa.queries.contracts import contracts_ending_within, to_contract
    from relais.rsa.queries.ep import open_cases_for

    user = request.user
    persons = Person.objects.visible_to(user)
    context = {
        "to_convene": queries.to_convene(persons),
        "to_orient": queries.to_orient(persons),
        "to_contract": to_contract(user),
        "ending": contracts_ending_within(user, days=30),
        "ep_cases": open_cases_for(user),
        "can_manage_ep": policy.can_manage_ep(user),
        "can_import": policy.can_import(user),
        "can_see_joint_supports": policy.can_see_joint_supports(user),
        "can_see_indicators": policy.can_view_indicators(user),
    }
    return render(request, "rsa/pathway/worklists.html", context)
