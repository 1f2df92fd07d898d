"""Every change of a person's file: one transaction each, a timeline event and an audit entry."""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from relais.audit.services import diff, record_change
from relais.core.notifications import notify_by_email
from relais.people.models import Consent, Document, Event, Household, Person, ReferentAssignment

# Fields an agent may edit on the file; the audit trail records each of them.
PERSON_FIELDS = [
    "birth_name",
    "usage_name",
    "first_names",
    "sex",
    "birth_date",
    "birth_place",
    "nationality",
    "languages",
    "needs_interpreter",
    "phone",
    "email",
    "address",
    "commune",
    "caf_number",
    "household_role",
]


class DocumentRejected(ValueError):
    """A file that is not what it claims, or too large: nothing is stored."""


def _organisation(user):
    membership = getattr(user, "membership", None)
    return membership.organisation if membership else None


def write_event(*, person, kind, summary, user=None, source=None, data=None, occurred_at=None):
    """Append a line to the person's timeline. Every pathway app calls this."""
    return Event.objects.create(
        person=person,
        kind=kind,
        summary=summary,
        occurred_at=occurred_at or timezone.now(),
        actor=user,
        organisation=_organisation(user),
        data=data or {},
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=str(source.pk) if source is not None else "",
    )


def _values(person) -> dict:
    return {
        name: getattr(person, f"{name}_id" if name == "commune" else name) for name in PERSON_FIELDS
    }


@transaction.atomic
def create_person(*, user, departement, data: dict) -> Person:
    person = Person(departement=departement, created_by=user, **data)
    if person.caf_number:
        person.household = _household_for(departement, person.caf_number)
    person.full_clean(exclude=["household"])
    person.save()
    record_change(user=user, person=person, obj=person, changes=diff({}, _values(person)))
    write_event(
        person=person,
        kind=Event.Kind.PERSON_CREATED,
        summary="Création du dossier",
        user=user,
        source=person,
    )
    return person


def _household_for(departement, caf_number: str) -> Household:
    household = Household.objects.filter(departement=departement, caf_number=caf_number).first()
    return household or Household.objects.create(departement=departement, caf_number=caf_number)


@transaction.atomic
def update_person(*, user, person: Person, data: dict) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = _values(person)
    for name, value in data.items():
        setattr(person, name, value)
    changes = diff(before, _values(person))
    if not changes:
        return person
    if "caf_number" in changes:
        person.household = (
            _household_for(person.departement, person.caf_number) if person.caf_number else None
        )
    person.full_clean(exclude=["household"])
    person.save()
    record_change(user=user, person=person, obj=person, changes=changes)
    labels = ", ".join(str(Person._meta.get_field(name).verbose_name) for name in changes)
    write_event(
        person=person,
        kind=Event.Kind.PERSON_UPDATED,
        summary=f"Mise à jour : {labels}",
        user=user,
        source=person,
        data={"fields": sorted(changes)},
    )
    return person


@transaction.atomic
def assign_referent(*, user, person: Person, referent, organisation) -> ReferentAssignment:
    person = Person.objects.select_for_update().get(pk=person.pk)
    now = timezone.now()
    before = {
        "referent": person.referent_id,
        "referent_organisation": person.referent_organisation_id,
    }
    ReferentAssignment.objects.filter(person=person, ended_at__isnull=True).update(ended_at=now)
    assignment = ReferentAssignment.objects.create(
        person=person,
        referent=referent,
        organisation=organisation,
        started_at=now,
        assigned_by=user,
    )
    person.referent = referent
    person.referent_organisation = organisation
    person.save(update_fields=["referent", "referent_organisation", "updated_at"])
    after = {"referent": referent.pk, "referent_organisation": organisation.pk}
    record_change(user=user, person=person, obj=person, changes=diff(before, after))
    write_event(
        person=person,
        kind=Event.Kind.REFERENT_ASSIGNED,
        user=user,
        source=assignment,
        summary=f"Référent de parcours : {referent.get_full_name()} ({organisation})",
    )
    if referent != user:
        _tell_new_referent(person, referent, organisation)
    return assignment


def _tell_new_referent(person, referent, organisation) -> None:
    # No name in the message: the link opens the file for whoever may see it.
    url = settings.RELAIS_BASE_URL + reverse("people:detail", kwargs={"uuid": person.uuid})
    notify_by_email(
        to=referent.email,
        kind="referent_assigned",
        subject=f"{settings.RELAIS_SERVICE_NAME} : un dossier vous est confié",
        body=(
            f"Bonjour {referent.first_name},\n\n"
            "Vous avez été désigné·e référent·e de parcours d'une personne suivie par "
            f"{organisation}.\n\nOuvrir le dossier : {url}\n"
        ),
    )


@dataclass(frozen=True)
class FileKind:
    content_type: str
    magic: bytes


# The type is read from the first bytes, never trusted from the name or the browser.
ACCEPTED_FILES = [
    FileKind("application/pdf", b"%PDF-"),
    FileKind("image/png", b"\x89PNG\r\n\x1a\n"),
    FileKind("image/jpeg", b"\xff\xd8\xff"),
]


def sniff_content_type(head: bytes) -> str | None:
    for kind in ACCEPTED_FILES:
        if head.startswith(kind.magic):
            return kind.content_type
    return None


def add_document(*, user, person: Person, uploaded, kind: str, title: str) -> Document:
    if uploaded.size > settings.DOCUMENT_MAX_BYTES:
        limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        raise DocumentRejected(
            f"Le fichier dépasse {limit} Mo : réduisez-le ou scannez-le en plusieurs parties."
        )
    uploaded.seek(0)
    content_type = sniff_content_type(uploaded.read(16))
    if content_type is None:
        raise DocumentRejected(
            "Seuls les fichiers PDF, JPEG et PNG sont acceptés : ce fichier n'en est pas un."
        )
    uploaded.seek(0)
    digest = hashlib.sha256()
    storage_name = secrets.token_hex(32)
    root = settings.DOCUMENTS_ROOT
    root.mkdir(parents=True, exist_ok=True)
    path = root / storage_name
    try:
        with open(path, "xb") as handle:
            for chunk in uploaded.chunks():
                digest.update(chunk)
                handle.write(chunk)
        with transaction.atomic():
            document = Document.objects.create(
                person=person,
                kind=kind,
                title=title,
                storage_name=storage_name,
                content_type=content_type,
                size=uploaded.size,
                sha256=digest.hexdigest(),
                uploaded_by=user,
                organisation=_organisation(user),
            )
            record_change(
                user=user,
                person=person,
                obj=document,
                changes={"kind": ["", kind], "title": ["", title], "sha256": ["", document.sha256]},
            )
            write_event(
                person=person,
                kind=Event.Kind.DOCUMENT_ADDED,
                user=user,
                source=document,
                summary=f"Document déposé : {document.get_kind_display()}",
            )
    except BaseException:
        # Nothing half-written: no orphan file when the database refuses the row.
        path.unlink(missing_ok=True)
        raise
    return document


def document_path(document: Document):
    return settings.DOCUMENTS_ROOT / document.storage_name


@transaction.atomic
def record_consent(*, user, person: Person, purpose: str, given: bool) -> Consent:
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        given=given,
        recorded_by=user,
        organisation=_organisation(user),
    )
    record_change(
        user=user,
        person=person,
        obj=consent,
        changes={"purpose": ["", purpose], "given": ["", str(given)]},
    )
    verb = "accordé" if given else "refusé ou retiré"
    write_event(
        person=person,
        kind=Event.Kind.CONSENT_RECORDED,
        user=user,
        source=consent,
        summary=f"Consentement {verb} : {consent.get_purpose_display()}",
    )
    return consent


@transaction.atomic
def add_note(*, user, person: Person, text: str) -> Event:
    return write_event(person=person, kind=Event.Kind.NOTE, user=user, summary=text[:300])
