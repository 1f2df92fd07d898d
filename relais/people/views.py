"""The person file's pages. Each view fetches through the policy, calls one service, renders."""

import csv
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from relais.audit.models import AccessRecord
from relais.audit.services import record_access, record_accesses
from relais.people import policy, queries, services
from relais.people.actions import actions_for
from relais.people.forms import (
    ConsentForm,
    DocumentForm,
    NoteForm,
    PersonCreateForm,
    PersonForm,
    ReferentForm,
    SearchForm,
    TimelineFilterForm,
)
from relais.people.models import Document, Person
from relais.people.panels import panels_for

PAGE_SIZE = 20
EXPORT_MAX = 1000
# Past this many matches the agent is asked to add a word or the birth date.
SEARCH_MAX = 500
SEARCHES_KEY = "relais_searches"
SEARCHES_KEPT = 20
TIMELINE_SIZE = 50


def get_visible_person_or_404(user, uuid) -> Person:
    return policy.visible_person_or_404(
        user, uuid, select_related=("commune", "referent", "referent_organisation", "household")
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def home(request):
    user = request.user
    context = {"search_form": SearchForm(), "can_create": policy.can_create_person(user)}
    if policy.role_of(user) in policy.FILE_ROLES:
        context["my_persons"] = (
            Person.objects.visible_to(user)
            .filter(referent=user)
            .select_related("commune")
            .order_by("-updated_at")[:20]
        )
        context["recent"] = queries.recently_viewed(user)
    elif policy.role_of(user) == "steering":
        context["figures"] = queries.steering_figures(policy.membership_of(user))
    return render(request, "people/home.html", context)


def _saved_query(request) -> str:
    """The search behind ?r=<key>: names stay in the session, never in URLs or logs."""
    return request.session.get(SEARCHES_KEY, {}).get(request.GET.get("r", ""), "")


def _save_query(request, query: str) -> str:
    searches = request.session.get(SEARCHES_KEY, {})
    key = secrets.token_urlsafe(8)
    searches[key] = query
    request.session[SEARCHES_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return key


@require_http_methods(["GET", "POST"])
def search(request):
    _require(policy.role_of(request.user) in policy.FILE_ROLES)
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid() and form.cleaned_data["q"]:
            key = _save_query(request, form.cleaned_data["q"])
            return redirect(f"{reverse('people:search')}?r={key}")
        return render(request, "people/search.html", {"form": form, "page": None})
    query = _saved_query(request)
    form = SearchForm(initial={"q": query})
    page = None
    if query:
        visible = Person.objects.visible_to(request.user)
        ids = queries.search_person_ids(visible, query, limit=SEARCH_MAX + 1)
        page = Paginator(ids[:SEARCH_MAX], PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = queries.persons_in_order(
            visible.select_related("commune", "referent"), list(page.object_list)
        )
        page.truncated = len(ids) > SEARCH_MAX
    elif request.GET.get("r"):
        messages.info(request, "Cette recherche a expiré : relancez-la.")
    context = {"form": form, "page": page, "search_key": request.GET.get("r", "")}
    return render(request, "people/search.html", context)


def export_search(request):
    """The search results as CSV: one export record per person exported."""
    _require(policy.role_of(request.user) in policy.FILE_ROLES)
    query = _saved_query(request)
    if not query:
        messages.error(request, "Lancez d'abord une recherche à exporter.")
        return redirect("people:search")
    persons = queries.search_persons(
        Person.objects.visible_to(request.user).select_related("commune"), query, limit=EXPORT_MAX
    )
    record_accesses(user=request.user, persons=persons, action=AccessRecord.Action.EXPORT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recherche-personnes.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 correctly only with a BOM.
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Nom", "Prénoms", "Date de naissance", "Commune", "N° allocataire"])
    for person in persons:
        writer.writerow(
            [
                person.display_name,
                person.first_names,
                person.birth_date.strftime("%d/%m/%Y"),
                person.commune.name if person.commune else "",
                person.caf_number,
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
def person_create(request):
    _require(policy.can_create_person(request.user))
    departement = request.membership.organisation.departement
    form = PersonCreateForm(request.POST or None, departement=departement)
    candidates = []
    if request.method == "POST" and form.is_valid():
        candidates = _duplicate_candidates(request.user, departement, form.cleaned_data)
        if candidates and not form.cleaned_data["confirm_new"]:
            form.add_error(
                None,
                "Un ou plusieurs dossiers ressemblent à cette personne : ouvrez le bon dossier, "
                "ou cochez la case de confirmation en bas du formulaire si c'est une autre personne.",
            )
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "confirm_new"}
            try:
                person = services.create_person(
                    user=request.user, departement=departement, data=data
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, "Le dossier a été créé.")
                return redirect("people:detail", uuid=person.uuid)
    context = {"form": form, "candidates": candidates, "back_url": reverse("people:search")}
    return render(request, "people/create.html", context)


def _duplicate_candidates(user, departement, data) -> list[dict]:
    found = queries.duplicate_candidates(
        departement=departement,
        birth_name=data["birth_name"],
        first_names=data["first_names"],
        birth_date=data["birth_date"],
        caf_number=data["caf_number"],
    )
    visible = set(
        Person.objects.visible_to(user)
        .filter(pk__in=[p.pk for p in found])
        .values_list("pk", flat=True)
    )
    return [{"person": person, "visible": person.pk in visible} for person in found]


def person_detail(request, uuid):
    person = get_visible_person_or_404(request.user, uuid)
    record_access(user=request.user, person=person, action=AccessRecord.Action.VIEW)
    user = request.user
    can_documents = policy.can_view_documents(user, person)
    context = {
        "person": person,
        "household": queries.household_members(user, person),
        "referent_history": person.referent_history.select_related("referent", "organisation")[:10],
        "consents": person.consents.select_related("recorded_by")[:10],
        "documents": (
            person.documents.exclude(kind=Document.Kind.AID).select_related("uploaded_by")[:50]
            if can_documents
            else None
        ),
        "can_edit": policy.can_edit_person(user, person),
        "can_documents": can_documents,
        "can_assign_referent": policy.can_assign_referent(user, person),
        "can_access_history": policy.can_view_access_history(user, person),
        "note_form": NoteForm(),
        "actions": actions_for(user, person),
        "panels": panels_for(request, person),
        **_timeline_context(request, person),
    }
    return render(request, "people/detail.html", context)


def _timeline_context(request, person) -> dict:
    form = TimelineFilterForm(request.GET or None)
    events = person.events.select_related("actor", "organisation")
    if form.is_valid() and form.cleaned_data["kind"]:
        events = events.filter(kind=form.cleaned_data["kind"])
    return {"timeline_form": form, "events": events[:TIMELINE_SIZE]}


def timeline(request, uuid):
    """The timeline alone, for the htmx filter (the full page without JavaScript)."""
    person = get_visible_person_or_404(request.user, uuid)
    if not request.htmx:
        return redirect(f"{person_url(person)}?{request.GET.urlencode()}#chronologie")
    context = {"person": person, **_timeline_context(request, person)}
    return render(request, "people/_timeline.html", context)


def person_url(person) -> str:
    return reverse("people:detail", kwargs={"uuid": person.uuid})


@require_http_methods(["GET", "POST"])
def person_edit(request, uuid):
    person = get_visible_person_or_404(request.user, uuid)
    _require(policy.can_edit_person(request.user, person))
    form = PersonForm(request.POST or None, instance=person, departement=person.departement)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(user=request.user, person=person, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Les modifications ont été enregistrées.")
            return redirect("people:detail", uuid=person.uuid)
    return render(
        request,
        "people/edit.html",
        {"form": form, "person": person, "back_url": person_url(person)},
    )


@require_http_methods(["GET", "POST"])
def referent_assign(request, uuid):
    person = get_visible_person_or_404(request.user, uuid)
    _require(policy.can_assign_referent(request.user, person))
    form = ReferentForm(request.POST or None, referents=policy.eligible_referents(request.user))
    if request.method == "POST" and form.is_valid():
        services.assign_referent(
            user=request.user,
            person=person,
            referent=form.cleaned_data["referent"],
            organisation=request.membership.organisation,
        )
        messages.success(request, "Le référent de parcours a été désigné.")
        return redirect("people:detail", uuid=person.uuid)
    return render(
        request,
        "people/referent.html",
        {"form": form, "person": person, "back_url": person_url(person)},
    )


@require_http_methods(["GET", "POST"])
def document_upload(request, uuid):
    person = get_visible_person_or_404(request.user, uuid)
    _require(policy.can_view_documents(request.user, person))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                user=request.user,
                person=person,
                uploaded=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            )
        except services.DocumentRejected as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, "Le document a été déposé.")
            return redirect("people:detail", uuid=person.uuid)
    return render(
        request,
        "people/document_upload.html",
        {"form": form, "person": person, "back_url": person_url(person)},
    )


def document_download(request, uuid, document_uuid):
    person = get_visible_person_or_404(request.user, uuid)
    _require(policy.can_view_documents(request.user, person))
    document = person.documents.exclude(kind=Document.Kind.AID).filter(uuid=document_uuid).first()
    if document is None:
        raise Http404
    path = services.document_path(document)
    if not path.exists():
        raise Http404
    record_access(
        user=request.user,
        person=person,
        action=AccessRecord.Action.DOWNLOAD,
        target=str(document.uuid),
    )
    response = FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=f"document-{document.uuid.hex[:8]}.{document.extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def consent_add(request, uuid):
    person = get_visible_person_or_404(request.user, uuid)
    _require(policy.can_edit_person(request.user, person))
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_consent(
            user=request.user,
            person=person,
            purpose=form.cleaned_data["purpose"],
            given=form.cleaned_data["given"],
        )
        messages.success(request, "Le consentement a été enregistré.")
        return redirect("people:detail", uuid=person.uuid)
    return render(
        request,
        "people/consent.html",
        {"form": form, "person": person, "back_url": person_url(person)},
    )


@require_POST
def note_add(request, uuid):
    person = get_visible_person_or_404(request.user, uuid)
    _require(policy.can_edit_person(request.user, person))
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(user=request.user, person=person, text=form.cleaned_data["text"])
        messages.success(request, "La note a été ajoutée au dossier.")
        return redirect("people:detail", uuid=person.uuid)
    return render(
        request,
        "people/note.html",
        {"form": form, "person": person, "back_url": person_url(person)},
    )


def access_history(request, uuid):
    person = get_visible_person_or_404(request.user, uuid)
    _require(policy.can_view_access_history(request.user, person))
    records = person.access_records.select_related("user", "organisation")
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    summary = (
        person.access_records.values("organisation__name")
        .annotate(total=Count("id"))
        .order_by("-total")[:10]
    )
    return render(
        request, "people/access_history.html", {"person": person, "page": page, "summary": summary}
    )


def person_print(request, uuid):
    person = get_visible_person_or_404(request.user, uuid)
    record_access(user=request.user, person=person, action=AccessRecord.Action.PRINT)
    events = person.events.select_related("actor", "organisation")[:TIMELINE_SIZE]
    return render(request, "people/print.html", {"person": person, "events": events})
