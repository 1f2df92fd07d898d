"""Agenda pages: book a slot for a person, the agendas of the MDS, an appointment."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Min, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from relais.agenda import policy, queries, services
from relais.agenda.feeds import calendar_for
from relais.agenda.forms import (
    AbsenceForm,
    BookingForm,
    CollectiveSessionForm,
    OpeningForm,
    SlotFilterForm,
)
from relais.agenda.models import Agenda, Appointment, CalendarFeed, Motive
from relais.audit.models import AccessRecord
from relais.audit.services import record_access
from relais.core.http import attachment
from relais.core.pdf import PdfUnavailable, render_pdf
from relais.people import policy as people_policy
from relais.people.models import Person
from relais.territory.models import Site

SLOTS_LISTED = 30


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def _motives(user):
    return Motive.objects.filter(
        departement_id=user.membership.organisation.departement_id, is_active=True
    )


def _filter_form(request):
    user = request.user
    agendas = policy.visible_agendas(Agenda.objects.filter(is_active=True), user)
    return SlotFilterForm(
        request.GET or None,
        prefix="filtre",  # the booking form below has its own "motive" field
        motives=_motives(user),
        sites=Site.objects.filter(pk__in=agendas.values("site_id")),
        professions=sorted(
            set(agendas.exclude(profession="").values_list("profession", flat=True))
        ),
    )


def _slots_context(request) -> dict:
    form = _filter_form(request)
    filters = form.cleaned_data if form.is_valid() else {}
    after = filters.get("after")
    slots = queries.free_slots(
        request.user,
        motive=filters.get("motive"),
        site=filters.get("site"),
        profession=filters.get("profession", ""),
        mode=filters.get("mode", ""),
        after=dt.datetime.combine(after, dt.time.min, timezone.get_current_timezone())
        if after
        else None,
    )
    return {
        "filter_form": form,
        "slots": list(slots[:SLOTS_LISTED]),
        "first_available": queries.nth_available(slots, 1),
        "third_available": queries.nth_available(slots, 3),
    }


@require_http_methods(["GET", "POST"])
def book(request, uuid):
    """Find a free slot in any agenda of the MDS and book it for this person."""
    _require(policy.can_book(request.user))
    person = people_policy.visible_person_or_404(request.user, uuid)
    booking = BookingForm(
        request.POST or None,
        motives=_motives(request.user),
        initial={
            "requested_at": timezone.localdate(),
            "interpreter_language": person.languages.split(",")[0]
            if person.needs_interpreter
            else "",
            "motive": request.GET.get("motive"),
        },
    )
    if request.method == "POST" and booking.is_valid():
        data = booking.cleaned_data
        try:
            appointment = services.book(
                user=request.user,
                slot_id=data["slot"],
                person=person,
                motive=data["motive"],
                mode=data["mode"],
                requested_at=data["requested_at"],
                interpreter_language=data["interpreter_language"],
            )
        except services.AgendaError as error:
            booking.add_error(None, str(error))
        else:
            messages.success(request, "Le rendez-vous est pris.")
            return redirect("agenda:appointment", appointment_uuid=appointment.uuid)
    context = {
        "person": person,
        "booking": booking,
        "form": booking,
        "sessions": queries.upcoming_sessions(request.user)[:10],
        **_slots_context(request),
    }
    return render(request, "agenda/book.html", context)


def agendas(request):
    _require(policy.can_book(request.user))
    free_ahead = Q(slots__is_booked=False, slots__start__gte=timezone.now())
    listed = (
        policy.visible_agendas(Agenda.objects.filter(is_active=True), request.user)
        .select_related("site", "owner")
        .annotate(next_free=Min("slots__start", filter=free_ahead))  # one query, not one per row
        .order_by("name")
    )
    context = {"agendas": listed, "can_manage": policy.can_manage_agendas(request.user)}
    return render(request, "agenda/agendas.html", context)


def week(request, agenda_uuid):
    agenda = policy.agenda_or_404(request.user, agenda_uuid)
    try:
        day = dt.date.fromisoformat(request.GET.get("semaine", ""))
    except ValueError:
        day = timezone.localdate()
    monday = day - dt.timedelta(days=day.weekday())
    days = queries.week_of(agenda, monday)
    visible = set(
        Person.objects.visible_to(request.user)
        .filter(appointments__agenda=agenda, appointments__start__date__gte=monday)
        .values_list("pk", flat=True)
    )
    context = {
        "agenda": agenda,
        "days": days,
        "monday": monday,
        "visible": visible,
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
    }
    return render(request, "agenda/week.html", context)


@require_http_methods(["GET", "POST"])
def openings(request, agenda_uuid):
    agenda = policy.agenda_or_404(request.user, agenda_uuid)
    _require(policy.can_manage_agendas(request.user))
    form = OpeningForm(
        request.POST or None,
        motives=_motives(request.user),
        initial={"valid_from": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "motives"}
        try:
            services.add_opening(
                user=request.user, agenda=agenda, data=data, motives=form.cleaned_data["motives"]
            )
        except services.AgendaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "La plage d'ouverture est ajoutée et les créneaux sont ouverts."
            )
            return redirect("agenda:openings", agenda_uuid=agenda.uuid)
    context = {
        "agenda": agenda,
        "form": form,
        "absence_form": AbsenceForm(),
        "openings": agenda.openings.prefetch_related("motives"),
        "absences": agenda.absences.filter(end__gte=timezone.now()),
    }
    return render(request, "agenda/openings.html", context)


@require_POST
def absence_add(request, agenda_uuid):
    agenda = policy.agenda_or_404(request.user, agenda_uuid)
    _require(policy.can_manage_agendas(request.user))
    form = AbsenceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _, overlapping = services.add_absence(
            user=request.user,
            agenda=agenda,
            start=data["start"],
            end=data["end"],
            reason=data["reason"],
        )
        message = "L'absence est enregistrée ; les créneaux libres de cette période sont fermés."
        if overlapping:
            message += f" Attention : {overlapping} rendez-vous déjà pris restent à déplacer."
        messages.success(request, message)
        return redirect("agenda:openings", agenda_uuid=agenda.uuid)
    context = {
        "agenda": agenda,
        "form": OpeningForm(motives=_motives(request.user)),
        "absence_form": form,
        "openings": agenda.openings.prefetch_related("motives"),
        "absences": agenda.absences.filter(end__gte=timezone.now()),
    }
    return render(request, "agenda/openings.html", context)


def appointment(request, appointment_uuid):
    item = policy.appointment_or_404(request.user, appointment_uuid)
    transitions = [
        Appointment.Status(s) for s in Appointment.TRANSITIONS[Appointment.Status(item.status)]
    ]
    order = list(Appointment.Status)
    transitions.sort(key=order.index)
    reminders = item.reminders.select_related("notification")
    context = {"appointment": item, "transitions": transitions, "reminders": reminders}
    return render(request, "agenda/appointment.html", context)


def convocation(request, appointment_uuid):
    """The convocation letter as PDF; printing a person's data leaves a trace."""
    item = policy.appointment_or_404(request.user, appointment_uuid)
    documents = [
        line.strip()
        for line in getattr(item.site, "documents_to_bring", "").splitlines()
        if line.strip()
    ]
    context = {
        "appointment": item,
        "person": item.person,
        "start": timezone.localtime(item.start),
        "documents": documents,
        "departement_name": settings.RELAIS_DEPARTEMENT_NAME,
    }
    try:
        pdf = render_pdf("agenda/convocation.html", context)
    except PdfUnavailable:
        return render(request, "agenda/pdf_unavailable.html", status=503)
    record_access(
        user=request.user,
        person=item.person,
        action=AccessRecord.Action.PRINT,
        target=f"convocation {item.uuid}",
    )
    return attachment(pdf, f"convocation-{item.start:%Y%m%d}.pdf")


@require_POST
def appointment_status(request, appointment_uuid):
    item = policy.appointment_or_404(request.user, appointment_uuid)
    status = request.POST.get("status", "")
    if status not in Appointment.Status.values:
        raise Http404
    try:
        services.change_status(user=request.user, appointment=item, status=status)
    except services.AgendaError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Rendez-vous : {Appointment.Status(status).label.lower()}.")
    return redirect("agenda:appointment", appointment_uuid=item.uuid)


def feed_settings(request):
    _require(policy.can_book(request.user))
    feed = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    url = (
        request.build_absolute_uri(reverse("agenda:ical", kwargs={"token": feed.token}))
        if feed
        else None
    )
    return render(request, "agenda/feed.html", {"feed": feed, "feed_url": url})


@require_POST
def feed_renew(request):
    """Create the feed, or revoke the current one and create another (a leaked link dies)."""
    _require(policy.can_book(request.user))
    services.renew_feed(user=request.user)
    messages.success(
        request, "Un nouveau lien d'abonnement a été créé ; l'ancien ne fonctionne plus."
    )
    return redirect("agenda:feed")


@require_POST
def feed_revoke(request):
    _require(policy.can_book(request.user))
    services.revoke_feed(user=request.user)
    messages.success(request, "Le lien d'abonnement est révoqué.")
    return redirect("agenda:feed")


@login_not_required
def ical(request, token):
    feed = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(calendar_for(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def sessions(request):
    """The information meetings of the organisation; managers and reception create them."""
    _require(policy.can_book(request.user))
    form = None
    if policy.can_manage_agendas(request.user):
        form = CollectiveSessionForm(
            request.POST or None,
            motives=_motives(request.user),
            sites=Site.objects.filter(organisation=request.user.membership.organisation),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            services.create_session(
                user=request.user,
                title=data["title"],
                motive=data["motive"],
                site=data["site"],
                start=data["start"],
                end=data["end"],
                capacity=data["capacity"],
            )
            messages.success(request, "La réunion est programmée.")
            return redirect("agenda:sessions")
    elif request.method == "POST":
        raise Http404
    context = {"sessions": queries.upcoming_sessions(request.user), "form": form}
    return render(request, "agenda/sessions.html", context)


@require_POST
def session_register(request, uuid, session_uuid):
    """Register a person (from the booking page) to an information meeting."""
    _require(policy.can_book(request.user))
    person = people_policy.visible_person_or_404(request.user, uuid)
    session = queries.upcoming_sessions(request.user).filter(uuid=session_uuid).first()
    if session is None:
        raise Http404
    try:
        services.book_collective(
            user=request.user, session=session, person=person, requested_at=timezone.localdate()
        )
    except services.AgendaError as error:
        messages.error(request, str(error))
        return redirect("agenda:book", uuid=person.uuid)
    messages.success(request, f"{person.full_name} est inscrit·e à « {session.title} ».")
    return redirect("people:detail", uuid=person.uuid)
