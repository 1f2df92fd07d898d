"""Équipes pluridisciplinaires: the list, sessions, one case, the letters, lifting a sanction.

The secretariat (reception officers) and the MDS managers run the sessions; the président's
delegate (an MDS manager) decides. Cases, sessions and sanctions are reached only through
`relais.rsa.queries.ep`, which keeps each agent to their MDS and to the files they may see.
A page's POST names its `action`: one form, one service, one transaction.
"""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.audit.models import AccessRecord
from relais.audit.services import record_access, record_accesses
from relais.core.http import attachment
from relais.core.pdf import PdfUnavailable, render_pdf
from relais.rsa import policy
from relais.rsa.forms import ep as forms
from relais.rsa.models import EpCase, EpMember, EpSession, Sanction
from relais.rsa.queries import ep as queries
from relais.rsa.services import ep as services

Status = EpCase.Status
# action: (the page's form it posts, the service it calls, what to say when done)
SESSION_ACTIONS = {
    "membre": ("member_form", services.add_member, "Membre ajouté."),
    "inscrire": ("schedule_form", services.schedule_cases, "Dossiers inscrits à la séance."),
    "presences": ("attendance_form", services.record_attendance, "Présences enregistrées."),
}
CASE_ACTIONS = {
    "avis": ("opinion_form", services.record_opinion, "Avis de l'équipe enregistré."),
    "decision": ("decision_form", services.decide, "Décision enregistrée : notifiez-la."),
    "notification": (
        "notify_form",
        services.notify,
        "Décision notifiée : imprimez le courrier de notification depuis le dossier.",
    ),
    "retrait": ("withdraw_form", services.withdraw_case, "Dossier retiré."),
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _can_open_cases(user) -> bool:
    return policy.can_manage_ep(user) or policy.can_decide_ep(user)


def _run(request, form, service, success: str, url: str, **target):
    """Validate, call the service, redirect; None leaves the form with its French errors."""
    if not form.is_valid():
        return None
    try:
        service(user=request.user, **target, **form.kwargs())
    except services.EpError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return None
    messages.success(request, success)
    return redirect(url)


def _plain(request, call, success: str, url: str):
    """An action without fields: its refusal is a message on the page it came from."""
    try:
        call()
    except services.EpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(url)


def _data_for(request, key: str, actions: dict):
    """The POST data for the form the posted action names; the page's other forms stay blank."""
    action = actions.get(request.POST.get("action", "")) if request.method == "POST" else None
    return request.POST if action and action[0] == key else None


@require_GET
def ep_list(request):
    """The cases waiting for a session, and the sessions of the MDS."""
    _require(policy.can_manage_ep(request.user))
    listed = list(queries.listed_cases(request.user))
    persons = [c.person for c in listed]
    record_accesses(user=request.user, persons=persons, action=AccessRecord.Action.VIEW)
    sessions = queries.sessions_for(request.user).order_by("-date")
    return render(request, "rsa/ep/list.html", {"listed": listed, "sessions": sessions})


@require_http_methods(["GET", "POST"])
def ep_session_create(request):
    _require(policy.can_manage_ep(request.user))
    mds = policy.current_organisation(request.user)
    site = mds.sites.filter(is_active=True).first()
    initial = {"place": f"{site.name}, {site.address}" if site else ""}
    form = forms.SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(user=request.user, mds=mds, **form.kwargs())
        except services.EpError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, "Séance programmée : ajoutez ses membres et ses dossiers.")
            return redirect("rsa:ep_session", session_uuid=session.uuid)
    context = {"form": form, "back_url": reverse("rsa:ep_list")}
    return render(request, "rsa/ep/session_form.html", context)


def _session_forms(request, session, cases) -> dict:
    heard = [c.pk for c in cases if c.status in (Status.SCHEDULED, Status.REVIEWED)]
    return {
        "member_form": forms.MemberForm(
            _data_for(request, "member_form", SESSION_ACTIONS), auto_id="membre_%s"
        ),
        "schedule_form": forms.ScheduleForm(
            _data_for(request, "schedule_form", SESSION_ACTIONS),
            cases=queries.listed_cases(request.user),
        ),
        "attendance_form": forms.AttendanceForm(
            _data_for(request, "attendance_form", SESSION_ACTIONS),
            members=session.members.all(),
            cases=EpCase.objects.filter(pk__in=heard).select_related("person"),
        ),
    }


def _session_post(request, session, page: dict):
    url = reverse("rsa:ep_session", kwargs={"session_uuid": session.uuid})
    action = request.POST.get("action", "")
    if action in SESSION_ACTIONS:
        key, service, success = SESSION_ACTIONS[action]
        return _run(request, page[key], service, success, url, session=session)
    if action == "retirer-membre":
        raw = request.POST.get("membre", "")
        member = session.members.filter(pk=int(raw)).first() if raw.isdigit() else None
        _require(member is not None)
        remove = partial(services.remove_member, user=request.user, member=member)
        return _plain(request, remove, f"{member.name} est retiré·e de la séance.", url)
    if action == "cloturer":
        close = partial(services.close_session, user=request.user, session=session)
        return _plain(request, close, "La séance est clôturée.", url)
    raise Http404


@require_http_methods(["GET", "POST"])
def ep_session(request, session_uuid):
    """Members, attendance, the agenda of cases with their forms, scheduling, closing."""
    _require(policy.can_manage_ep(request.user))
    session = queries.session_or_404(request.user, session_uuid)
    cases = queries.agenda_of(request.user, session)
    page = _session_forms(request, session, cases)
    if request.method == "POST":
        response = _session_post(request, session, page)
        if response is not None:
            return response
    persons = [c.person for c in cases]
    record_accesses(user=request.user, persons=persons, action=AccessRecord.Action.VIEW)
    representative = EpMember.Quality.BENEFICIARY_REPRESENTATIVE
    started = _started(session)
    context = {
        **page,
        "session": session,
        "members": session.members.all(),
        "rows": [_case_row(c, started) for c in cases],
        "has_started": started,
        "is_open": session.status != EpSession.Status.CLOSED,
        "is_planned": session.status == EpSession.Status.PLANNED,
        "can_decide": policy.can_decide_ep(request.user),
        "has_representative": session.members.filter(quality=representative).exists(),
    }
    return render(request, "rsa/ep/session.html", context)


def _started(session) -> bool:
    """Attendance and opinions are recorded from the session's day on."""
    return timezone.localtime(session.date).date() <= timezone.localdate()


def _case_row(case, started: bool) -> dict:
    """A case on the session's agenda, with the form its status calls for (ids kept unique)."""
    row = {"case": case, "opinion_form": None, "notify_form": None}
    if case.status == Status.SCHEDULED and started:
        row["opinion_form"] = forms.OpinionForm(case=case, auto_id=f"avis{case.pk}_%s")
    elif case.status == Status.DECIDED:
        row["notify_form"] = forms.NotifyForm(auto_id=f"notif{case.pk}_%s")
    return row


def _case_forms(request, case) -> dict:
    """The forms the case's status calls for; a decision only for the président's delegate."""
    data = partial(_data_for, request, actions=CASE_ACTIONS)
    built = {}
    if case.status == Status.SCHEDULED and _started(case.session):
        built["opinion_form"] = forms.OpinionForm(
            data("opinion_form"), case=case, auto_id="avis_%s"
        )
    if case.status == Status.REVIEWED and policy.can_decide_ep(request.user):
        breach = case.theme == EpCase.Theme.BREACH
        level = services.sanction_level(case.person) if breach else None
        built["decision_form"] = forms.DecisionForm(
            data("decision_form"), case=case, level=level, auto_id="decision_%s"
        )
    if case.status == Status.DECIDED:
        built["notify_form"] = forms.NotifyForm(data("notify_form"), auto_id="notif_%s")
    if case.status in (Status.LISTED, Status.SCHEDULED):
        built["withdraw_form"] = forms.WithdrawForm(data("withdraw_form"), auto_id="retrait_%s")
    return built


def _case_post(request, case, built: dict):
    url = reverse("rsa:ep_case", kwargs={"case_uuid": case.uuid})
    if request.POST.get("retour") == "seance" and case.session_id:
        url = reverse("rsa:ep_session", kwargs={"session_uuid": case.session.uuid})
    action = request.POST.get("action", "")
    if action in CASE_ACTIONS and CASE_ACTIONS[action][0] in built:
        key, service, success = CASE_ACTIONS[action]
        return _run(request, built[key], service, success, url, case=case)
    if action == "reporter" and case.status == Status.SCHEDULED:
        postpone = partial(services.unschedule, user=request.user, case=case)
        return _plain(request, postpone, "Dossier retiré de la séance, à reporter.", url)
    # A form that does not fit the case's stage (someone acted meanwhile, or it is too early).
    messages.error(request, "Cette action n'est pas possible à ce stade du dossier.")
    return redirect("rsa:ep_case", case_uuid=case.uuid)


@require_http_methods(["GET", "POST"])
def ep_case(request, case_uuid):
    _require(_can_open_cases(request.user))
    case = queries.case_or_404(request.user, case_uuid)
    built = _case_forms(request, case)
    if request.method == "POST":
        response = _case_post(request, case, built)
        if response is not None:
            return response
    return _case_page(request, case, built)


def _case_page(request, case, built: dict, lift_form=None):
    record_access(
        user=request.user, person=case.person, action=AccessRecord.Action.VIEW, target="ep"
    )
    sanction = getattr(case, "sanction", None)
    liftable = sanction and not sanction.lifted_on and sanction.level != Sanction.Level.SUPPRESSION
    if liftable and policy.can_decide_ep(request.user):
        lift_form = lift_form or forms.LiftForm(auto_id="levee_%s")
    context = {
        **built,
        "error_forms": [f for f in (*built.values(), lift_form) if f is not None and f.errors],
        "sanction_level": getattr(built.get("decision_form"), "level_label", ""),
        "case": case,
        "person": case.person,
        "sanction": sanction,
        "lift_form": lift_form,
        "history": queries.history_of(case),
        "can_manage": policy.can_manage_ep(request.user),
        "can_decide": policy.can_decide_ep(request.user),
    }
    return render(request, "rsa/ep/case.html", context)


@require_POST
def sanction_lift(request, sanction_uuid):
    """The person complies: the delegate lifts the suspension from the case's page."""
    _require(policy.can_decide_ep(request.user))
    sanction = queries.sanction_or_404(request.user, sanction_uuid)
    case = queries.case_or_404(request.user, sanction.case.uuid)
    url = reverse("rsa:ep_case", kwargs={"case_uuid": case.uuid})
    form = forms.LiftForm(request.POST, auto_id="levee_%s")
    done = "La suspension est levée."
    response = _run(request, form, services.lift_sanction, done, url, sanction=sanction)
    return response or _case_page(request, case, _case_forms(request, case), lift_form=form)


def _pdf(request, template: str, context: dict, persons, filename: str):
    """Print letters; each person in them gets an access trace (printing is a reading)."""
    context = {
        **context,
        "departement_name": settings.RELAIS_DEPARTEMENT_NAME,
        "today": timezone.localdate(),
    }
    try:
        pdf = render_pdf(template, context)
    except PdfUnavailable:
        return render(request, "agenda/pdf_unavailable.html", status=503)
    record_accesses(user=request.user, persons=persons, action=AccessRecord.Action.PRINT)
    return attachment(pdf, filename)


@require_GET
def ep_session_letters(request, session_uuid):
    """One PDF with the convocation of every person on the session's agenda."""
    _require(policy.can_manage_ep(request.user))
    session = queries.session_or_404(request.user, session_uuid)
    cases = queries.agenda_of(request.user, session)
    if not cases:
        messages.error(request, "Aucun dossier n'est inscrit à cette séance : rien à imprimer.")
        return redirect("rsa:ep_session", session_uuid=session.uuid)
    start = timezone.localtime(session.date)
    context = {"session": session, "cases": cases, "start": start}
    persons = [c.person for c in cases]
    name = f"convocations-ep-{start:%Y%m%d}.pdf"
    return _pdf(request, "rsa/letters/ep_convocation.html", context, persons, name)


@require_GET
def ep_case_letter(request, case_uuid):
    """The notification of the decision: grounds, the sanction, how to contest it."""
    _require(_can_open_cases(request.user))
    case = queries.case_or_404(request.user, case_uuid)
    if case.status not in (Status.DECIDED, Status.NOTIFIED):
        messages.error(request, "Le courrier de notification suit la décision : décidez d'abord.")
        return redirect("rsa:ep_case", case_uuid=case.uuid)
    context = {
        "case": case,
        "person": case.person,
        "sanction": getattr(case, "sanction", None),
        "orientation": case.person.orientations.filter(decided_on=case.decided_on).first(),
    }
    name = f"decision-ep-{case.decided_on:%Y%m%d}.pdf"
    return _pdf(request, "rsa/letters/ep_decision.html", context, [case.person], name)
