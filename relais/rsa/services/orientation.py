"""After the orientation appointment: diagnostic, proposed track, decision, notification, référent.

Each function is one transaction that writes the person's timeline and the audit trail.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from relais.audit.services import diff, record_change
from relais.people.models import Event, Person
from relais.people.services import write_event
from relais.rsa.models import (
    Beneficiary,
    Diagnostic,
    Orientation,
    OrientationRule,
    ReferentBody,
    ReorientationRequest,
    Track,
)
from relais.rsa.policy import current_organisation
from relais.territory.models import Organisation


class OrientationError(ValueError):
    """A decision the rules refuse; the message says what to do, in French."""


def _age(person: Person, on: dt.date) -> int:
    born = person.birth_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@transaction.atomic
def record_diagnostic(*, user, person: Person, data: dict, appointment=None) -> Diagnostic:
    if appointment is not None and appointment.person_id != person.pk:
        raise OrientationError("Ce rendez-vous ne concerne pas cette personne.")
    if appointment is not None and appointment.status != "seen":
        raise OrientationError(
            "Le diagnostic suit un rendez-vous honoré : enregistrez d'abord la présence."
        )
    if appointment is not None and Diagnostic.objects.filter(appointment=appointment).exists():
        raise OrientationError("Un diagnostic est déjà enregistré pour ce rendez-vous.")
    diagnostic = Diagnostic(
        person=person,
        appointment=appointment,
        author=user,
        organisation=current_organisation(user),
        **data,
    )
    diagnostic.full_clean()
    diagnostic.save()
    record_change(
        user=user,
        person=person,
        obj=diagnostic,
        changes={name: ["", str(value)] for name, value in data.items()},
    )
    write_event(
        person=person,
        kind=Event.Kind.RSA,
        user=user,
        source=diagnostic,
        summary="Diagnostic d'orientation réalisé",
    )
    return diagnostic


def propose(diagnostic: Diagnostic, *, departement, on: dt.date | None = None):
    """The first active rule of the département that matches: (track, body, rule) or None."""
    on = on or timezone.localdate()
    age = _age(diagnostic.person, on)
    majors = diagnostic.major_constraints()
    rules = OrientationRule.objects.filter(departement=departement, is_active=True)
    for rule in rules.order_by("position"):
        if rule_matches(rule, age=age, diagnostic=diagnostic, majors=majors):
            return rule.track, rule.referent_body, rule
    return None


def rule_matches(rule: OrientationRule, *, age: int, diagnostic: Diagnostic, majors: int) -> bool:
    capacities = {code.strip() for code in rule.capacities.split(",") if code.strip()}
    return not (
        (rule.min_age is not None and age < rule.min_age)
        or (rule.max_age is not None and age > rule.max_age)
        or (capacities and diagnostic.capacity not in capacities)
        or (rule.health is not None and diagnostic.health != rule.health)
        or majors < rule.min_major_constraints
        or (rule.max_major_constraints is not None and majors > rule.max_major_constraints)
    )


def current_orientation(person: Person) -> Orientation | None:
    return person.orientations.order_by("-decided_on", "-id").first()


def _duties_entry(person: Person) -> dt.date | None:
    beneficiary = Beneficiary.objects.filter(person=person).first()
    return beneficiary.duties_entered_on if beneficiary else None


@transaction.atomic
def orient(
    *,
    user,
    person: Person,
    track: str,
    referent_body: str,
    referent_organisation: Organisation | None = None,
    decided_on: dt.date,
    diagnostic: Diagnostic | None = None,
    reason: str = "",
    is_reorientation: bool = False,
    source: str = Orientation.Source.RELAIS,
) -> Orientation:
    """Decide the track and the referent body. A new orientation restarts the contract month."""
    if decided_on > timezone.localdate():
        raise OrientationError("La date de décision ne peut pas être dans le futur.")
    if track not in Track.values or referent_body not in ReferentBody.values:
        raise OrientationError("Choisissez une orientation et un organisme référent de la liste.")
    if diagnostic is not None and diagnostic.person_id != person.pk:
        raise OrientationError("Ce diagnostic ne concerne pas cette personne.")
    entered = _duties_entry(person)
    if entered and decided_on < entered and not is_reorientation:
        raise OrientationError(
            "La décision ne peut pas précéder l'entrée dans les droits et devoirs "
            f"({entered:%d/%m/%Y})."
        )
    proposal = propose(diagnostic, departement=person.departement) if diagnostic else None
    orientation = Orientation.objects.create(
        person=person,
        diagnostic=diagnostic,
        track=track,
        referent_body=referent_body,
        referent_organisation=referent_organisation,
        proposed_track=proposal[0] if proposal else "",
        proposed_body=proposal[1] if proposal else "",
        rule=proposal[2] if proposal else None,
        reason=reason,
        is_reorientation=is_reorientation,
        duties_entered_on=entered,
        decided_on=decided_on,
        decided_by=user,
        source=source,
        organisation=current_organisation(user),
    )
    after = {"track": track, "referent_body": referent_body, "decided_on": decided_on}
    record_change(user=user, person=person, obj=orientation, changes=diff({}, after))
    verb = "Réorientation" if is_reorientation else "Orientation"
    body = referent_organisation or orientation.get_referent_body_display()
    write_event(
        person=person,
        kind=Event.Kind.RSA,
        user=user,
        source=orientation,
        summary=f"{verb} {orientation.get_track_display().lower()} décidée : {body}",
    )
    return orientation


@transaction.atomic
def notify_orientation(*, user, orientation: Orientation, notified_on: dt.date) -> Orientation:
    """The notification date starts the one-month contract clock."""
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    if orientation.notified_on is not None:
        raise OrientationError("Cette orientation a déjà été notifiée.")
    if notified_on < orientation.decided_on:
        raise OrientationError("La notification ne peut pas précéder la décision.")
    if notified_on > timezone.localdate():
        raise OrientationError("La date de notification ne peut pas être dans le futur.")
    orientation.notified_on = notified_on
    orientation.save(update_fields=["notified_on"])
    record_change(
        user=user,
        person=orientation.person,
        obj=orientation,
        changes={"notified_on": ["", notified_on.isoformat()]},
    )
    write_event(
        person=orientation.person,
        kind=Event.Kind.RSA,
        user=user,
        source=orientation,
        summary=f"Décision d'orientation notifiée le {notified_on:%d/%m/%Y}",
    )
    return orientation


@transaction.atomic
def send_diagnostic(*, user, diagnostic: Diagnostic, organisation: Organisation) -> Diagnostic:
    """Pass the diagnostic to the referent body (action sheet 4.1)."""
    diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    diagnostic.sent_to = organisation
    diagnostic.sent_at = timezone.now()
    diagnostic.save(update_fields=["sent_to", "sent_at"])
    record_change(
        user=user,
        person=diagnostic.person,
        obj=diagnostic,
        changes={"sent_to": ["", str(organisation)]},
    )
    write_event(
        person=diagnostic.person,
        kind=Event.Kind.RSA,
        user=user,
        source=diagnostic,
        summary=f"Diagnostic transmis à {organisation}",
    )
    return diagnostic


@transaction.atomic
def request_reorientation(
    *, user, person: Person, proposed_track: str, proposed_body: str, reason: str
) -> ReorientationRequest:
    orientation = current_orientation(person)
    if orientation is None:
        raise OrientationError("Cette personne n'a pas encore d'orientation à revoir.")
    if person.reorientation_requests.filter(status=ReorientationRequest.Status.PENDING).exists():
        raise OrientationError("Une demande de réorientation attend déjà une décision.")
    if not reason.strip():
        raise OrientationError("Indiquez le motif de la demande de réorientation.")
    request = ReorientationRequest.objects.create(
        person=person,
        orientation=orientation,
        proposed_track=proposed_track,
        proposed_body=proposed_body,
        reason=reason.strip(),
        requested_by=user,
    )
    record_change(
        user=user,
        person=person,
        obj=request,
        changes={"proposed_track": ["", proposed_track], "proposed_body": ["", proposed_body]},
    )
    write_event(
        person=person,
        kind=Event.Kind.RSA,
        user=user,
        source=request,
        summary=f"Demande de réorientation : {request.get_proposed_track_display().lower()}",
    )
    return request


@transaction.atomic
def decide_reorientation(
    *,
    user,
    request: ReorientationRequest,
    accept: bool,
    decided_on: dt.date,
    referent_organisation: Organisation | None = None,
) -> ReorientationRequest:
    request = ReorientationRequest.objects.select_for_update().get(pk=request.pk)
    target = ReorientationRequest.Status.ACCEPTED if accept else ReorientationRequest.Status.REFUSED
    if target not in ReorientationRequest.TRANSITIONS[request.status]:
        raise OrientationError("Cette demande de réorientation a déjà reçu une décision.")
    if accept:
        request.result = orient(
            user=user,
            person=request.person,
            track=request.proposed_track,
            referent_body=request.proposed_body,
            referent_organisation=referent_organisation,
            decided_on=decided_on,
            reason=request.reason,
            is_reorientation=True,
        )
    request.status = target
    request.decided_by = user
    request.decided_on = decided_on
    request.save(update_fields=["status", "decided_by", "decided_on", "result"])
    record_change(
        user=user, person=request.person, obj=request, changes={"status": ["pending", target]}
    )
    if not accept:
        write_event(
            person=request.person,
            kind=Event.Kind.RSA,
            user=user,
            source=request,
            summary="Demande de réorientation refusée",
        )
    return request
