"""The prescriber's side of the insertion offer: the département's catalogue, a programme's
page, prescribing a person with their eligibility explained, following and withdrawing."""

from itertools import groupby

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from relais.audit.models import AccessRecord
from relais.audit.services import record_access
from relais.people.facts import fact_choices, facts_for
from relais.people.models import Person, Sex
from relais.people.policy import membership_of, visible_person_or_404
from relais.programmes import policy
from relais.programmes.eligibility import evaluate, served_communes
from relais.programmes.forms.prescriber import PrescribeForm, WithdrawForm
from relais.programmes.models import (
    TRANSITIONS,
    CapacityModel,
    IntakeMode,
    Prescription,
    Programme,
    Status,
)
from relais.programmes.queries import waitlist
from relais.programmes.services import ProgrammeError
from relais.programmes.services import prescriptions as services
from relais.programmes.services.capacity import capacity, coach_loads, held, open_sessions


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _programmes_of(user):
    """The catalogue is the département's: another département's programmes do not exist here."""
    return Programme.objects.filter(departement_id=membership_of(user).organisation.departement_id)


def _sheet_order(programme) -> tuple:
    # Programmes without an action sheet come last, under "Autres actions".
    return (programme.action_sheet == "", programme.action_sheet, programme.name)


def places_now(programme, today) -> tuple[int, int]:
    """(free places, places) today, whatever the capacity model."""
    if programme.capacity_model == CapacityModel.INTAKE:
        sessions = list(open_sessions(programme, today))
        return sum(max(s.places - s.taken, 0) for s in sessions), sum(s.places for s in sessions)
    if programme.capacity_model == CapacityModel.PORTFOLIO:
        size = programme.portfolio_size or 0
        loads = coach_loads(programme)
        return sum(max(size - load, 0) for _, load in loads), size * len(loads)
    total = capacity(programme, today)
    return max(total - held(programme).count(), 0), total


def coming_sessions(programme, today) -> list:
    """Sessions not yet started, each with its free places (`free`)."""
    sessions = [s for s in open_sessions(programme, today) if s.starts_on >= today]
    for session in sessions:
        session.free = max(session.places - session.taken, 0)
    return sessions


def catalogue(request):
    _require(policy.can_see_catalogue(request.user))
    today = timezone.localdate()
    programmes = (
        _programmes_of(request.user)
        .select_related("operator")
        .annotate(waiting=Count("prescriptions", filter=Q(prescriptions__status=Status.WAITLISTED)))
    )
    groups = []
    for sheet, items in groupby(sorted(programmes, key=_sheet_order), key=lambda p: p.action_sheet):
        items = list(items)
        for programme in items:
            programme.free_places, programme.total_places = places_now(programme, today)
        groups.append({"sheet": sheet, "programmes": items})
    return render(request, "programmes/prescriber/catalogue.html", {"groups": groups})


def _ages(low, high) -> str:
    if low is not None and high is not None:
        return f"de {low} à {high} ans"
    return f"à partir de {low} ans" if low is not None else f"jusqu'à {high} ans"


def rules_in_french(programme) -> list[tuple[str, str]]:
    """The structured eligibility rules as (what, condition) lines a prescriber reads."""
    rules = []
    if programme.min_age is not None or programme.max_age is not None:
        rules.append(("Âge", _ages(programme.min_age, programme.max_age)))
    if programme.sex:
        rules.append(
            (
                "Public",
                "réservé aux femmes" if programme.sex == Sex.FEMALE else "réservé aux hommes",
            )
        )
    if programme.requires_duties:
        rules.append(("RSA", "soumis(e) aux droits et devoirs du RSA"))
    if programme.min_rsa_years:
        years = programme.min_rsa_years
        rules.append(
            ("Ancienneté au RSA", f"au RSA depuis {years} an{'s' if years > 1 else ''} au moins")
        )
    if programme.tracks:
        labels = dict(fact_choices("track"))
        accepted = " ou ".join(labels.get(t, t).lower() for t in programme.tracks)
        rules.append(("Orientation", f"orientation {accepted}"))
    communes = [commune.name for commune in programme.communes.all()]
    if communes:
        rules.append(("Communes desservies", ", ".join(communes)))
    sectors = [sector.name for sector in programme.sectors.all()]
    if sectors:
        rules.append(("Secteurs desservis", ", ".join(sectors)))
    return rules


def duration(days: int | None) -> str:
    if not days:
        return ""
    months = round(days / 30)
    return f"{days} jours (environ {months} mois)" if months else f"{days} jours"


def programme_detail(request, programme_uuid):
    _require(policy.can_see_catalogue(request.user))
    programme = get_object_or_404(
        _programmes_of(request.user)
        .select_related("operator")
        .prefetch_related("communes", "sectors"),
        uuid=programme_uuid,
    )
    today = timezone.localdate()
    free, total = places_now(programme, today)
    sessions = coming_sessions(programme, today)
    context = {
        "programme": programme,
        "rules": rules_in_french(programme),
        "free_places": free,
        "total_places": total,
        "sessions": sessions,
        "waiting": programme.prescriptions.filter(status=Status.WAITLISTED).count(),
        "max_duration": duration(programme.max_duration_days),
        "usual_duration": duration(programme.usual_duration_days),
    }
    return render(request, "programmes/prescriber/programme.html", context)


def _eligibility_rows(person, facts, today) -> list[dict]:
    programmes = (
        Programme.objects.filter(departement_id=person.departement_id, is_active=True)
        .select_related("operator")
        .prefetch_related("communes", "sectors__communes")
    )
    return [
        {
            "programme": programme,
            "served": served,
            "eligibility": evaluate(programme, person, facts, today=today, served=served),
        }
        for programme in sorted(programmes, key=_sheet_order)
        for served in [served_communes(programme)]
    ]


def _chosen(rows, value) -> dict | None:
    if not value:
        return None
    for row in rows:
        if str(row["programme"].uuid) == value:
            return row
    raise Http404  # not an open programme of the département


def _prescribe_form(request, person, row, facts, today) -> PrescribeForm:
    programme, served = row["programme"], row["served"]
    sessions = []
    if programme.intake_mode == IntakeMode.DATED:
        sessions = [(s, s.free) for s in coming_sessions(programme, today) if s.free]
    return PrescribeForm(
        request.POST if request.method == "POST" else None,
        programme=programme,
        sessions=sessions,
        needs_consent=not services.may_share_contacts(person),
        eligibility_for=lambda confirmed: evaluate(
            programme, person, facts, today=today, confirmed=confirmed, served=served
        ),
    )


def _send(request, person, programme, form) -> Prescription | None:
    data = form.cleaned_data
    try:
        return services.prescribe(
            user=request.user,
            person=person,
            programme=programme,
            objective=data["objective"],
            criteria_confirmed=data.get("criteria_confirmed", False),
            derogation_reason=data.get("derogation_reason", ""),
            session=data.get("session"),
            consent_now=data.get("consent_now", False),
        )
    except ProgrammeError as error:
        form.add_error(None, str(error))
        return None


@require_http_methods(["GET", "POST"])
def prescribe(request, uuid):
    person = visible_person_or_404(request.user, uuid, select_related=("commune",))
    _require(policy.can_prescribe(request.user, person))
    today = timezone.localdate()
    facts = facts_for(person)
    rows = _eligibility_rows(person, facts, today)
    chosen = _chosen(rows, request.GET.get("action"))
    form = None
    if chosen is not None:
        form = _prescribe_form(request, person, chosen, facts, today)
        if request.method == "POST" and form.is_valid():
            prescription = _send(request, person, chosen["programme"], form)
            if prescription is not None:
                messages.success(
                    request,
                    f"Prescription envoyée à {chosen['programme'].operator} : "
                    "l'opérateur a été informé et répondra ici.",
                )
                return redirect("programmes:prescription", prescription_uuid=prescription.uuid)
    elif request.method == "POST":
        raise Http404  # a prescription names its programme
    record_access(
        user=request.user, person=person, action=AccessRecord.Action.VIEW, target="programmes"
    )
    context = {"person": person, "rows": rows, "chosen": chosen, "form": form}
    return render(request, "programmes/prescriber/prescribe.html", context)


def _prescription_or_404(user, prescription_uuid) -> Prescription:
    prescription = (
        policy.prescriptions_seen(
            user,
            Prescription.objects.filter(
                uuid=prescription_uuid, person__in=Person.objects.visible_to(user)
            ),
        )
        .select_related(
            "programme__operator",
            "person",
            "prescriber",
            "prescriber_organisation",
            "session",
            "coach",
        )
        .first()
    )
    if prescription is None or not policy.can_view_prescriptions_of(user, prescription.person):
        raise Http404
    return prescription


def _render_prescription(request, prescription, withdraw_form):
    record_access(
        user=request.user,
        person=prescription.person,
        action=AccessRecord.Action.VIEW,
        target="programmes",
    )
    may_withdraw = policy.can_withdraw(request.user, prescription) and (
        Status.WITHDRAWN in TRANSITIONS[Status(prescription.status)]
    )
    context = {
        "prescription": prescription,
        "person": prescription.person,
        "position": waitlist.position(prescription),
        "estimate": waitlist.estimate_for(prescription, timezone.localdate()),
        "withdraw_form": withdraw_form if may_withdraw else None,
    }
    return render(request, "programmes/prescriber/prescription.html", context)


def prescription_detail(request, prescription_uuid):
    prescription = _prescription_or_404(request.user, prescription_uuid)
    return _render_prescription(request, prescription, WithdrawForm())


@require_POST
def withdraw(request, prescription_uuid):
    prescription = _prescription_or_404(request.user, prescription_uuid)
    _require(policy.can_withdraw(request.user, prescription))
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _render_prescription(request, prescription, form)
    try:
        services.withdraw(
            user=request.user, prescription=prescription, reason=form.cleaned_data["reason"]
        )
    except ProgrammeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Prescription retirée : l'opérateur en a été informé.")
    return redirect("programmes:prescription", prescription_uuid=prescription.uuid)
