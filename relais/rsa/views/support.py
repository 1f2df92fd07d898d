"""Joint support with France Travail (and its quarterly committee list), exits from the pathway."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from relais.audit.models import AccessRecord
from relais.audit.services import record_accesses
from relais.core.http import attachment
from relais.core.xlsx import workbook
from relais.people.policy import visible_person_or_404
from relais.rsa import policy
from relais.rsa.forms.contracts import ExitForm, JointSupportEndForm, JointSupportForm
from relais.rsa.models import JointSupport
from relais.rsa.queries.contracts import Quarter, committee_list
from relais.rsa.services import exits, support

# The quarterly committee reviews the file with the agents who accompany the persons.


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _person_for_contracts(request, uuid):
    person = visible_person_or_404(request.user, uuid)
    _require(policy.can_manage_contracts(request.user, person))
    return person


@require_http_methods(["GET", "POST"])
def joint_support_create(request, uuid):
    person = _person_for_contracts(request, uuid)
    form = JointSupportForm(
        request.POST or None,
        agencies=support.france_travail_agencies(person.departement),
        social_workers=support.departement_social_workers(person.departement),
        initial={"social_worker": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            support.start(user=request.user, person=person, **form.cleaned_data)
        except support.SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "L'accompagnement global est démarré.")
            return redirect("rsa:pathway", uuid=person.uuid)
    context = {"form": form, "person": person}
    return render(request, "rsa/support/form.html", context)


@require_http_methods(["GET", "POST"])
def joint_support_end(request, support_uuid):
    item = JointSupport.objects.select_related("person", "agency").filter(uuid=support_uuid).first()
    if item is None:
        raise Http404
    person = _person_for_contracts(request, item.person.uuid)
    if item.ends_on is not None:
        messages.error(request, "Cet accompagnement global est déjà terminé.")
        return redirect("rsa:pathway", uuid=person.uuid)
    form = JointSupportEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support.end(user=request.user, support=item, **form.cleaned_data)
        except support.SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "L'accompagnement global est terminé.")
            return redirect("rsa:pathway", uuid=person.uuid)
    context = {"form": form, "person": person, "support": item}
    return render(request, "rsa/support/end.html", context)


def joint_supports(request):
    """The list for the quarterly technical committee, on screen or as xlsx."""
    _require(policy.can_see_joint_supports(request.user))
    value = request.GET.get("trimestre", "")
    error = ""
    try:
        quarter = Quarter.parse(value) if value else Quarter.of(timezone.localdate())
    except ValueError as problem:
        error, quarter = str(problem), Quarter.of(timezone.localdate())
    listing = committee_list(request.user, quarter)
    if request.GET.get("format") == "xlsx" and not error:
        return _xlsx(request, listing)
    context = {"listing": listing, "error": error, "value": value or quarter.label}
    return render(request, "rsa/support/committee.html", context)


def _xlsx(request, listing) -> HttpResponse:
    header = (
        "Nom",
        "Prénoms",
        "Axe",
        "Conseiller·e France Travail",
        "Agence",
        "Travailleur social",
        "Début",
        "Fin",
        "Résultat",
    )
    rows = [
        (
            s.person.display_name,
            s.person.first_names,
            s.axis,
            s.adviser_name,
            str(s.agency),
            s.social_worker.get_full_name(),
            f"{s.starts_on:%d/%m/%Y}",
            f"{s.ends_on:%d/%m/%Y}" if s.ends_on else "",
            s.get_outcome_display() if s.ends_on else "",
        )
        for s in listing.supports
    ]
    summary = [("Axe", "Accompagnements"), *listing.by_axis, ("", ""), ("Résultat", "Nombre")]
    summary += listing.by_outcome
    content = workbook({"Accompagnements": [header, *rows], "Synthèse": summary})
    persons = {s.person_id: s.person for s in listing.supports}.values()
    record_accesses(user=request.user, persons=persons, action=AccessRecord.Action.EXPORT)
    return attachment(content, f"accompagnement-global-{listing.quarter.label}.xlsx")


@require_http_methods(["GET", "POST"])
def exit_create(request, uuid):
    person = _person_for_contracts(request, uuid)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exits.record_exit(user=request.user, person=person, **form.cleaned_data)
        except exits.ExitError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La sortie du parcours est enregistrée.")
            return redirect("rsa:pathway", uuid=person.uuid)
    context = {"form": form, "person": person}
    return render(request, "rsa/support/exit.html", context)
