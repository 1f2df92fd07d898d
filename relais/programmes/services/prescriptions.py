"""A prescription's life: sent, answered by the operator, entered, ended — or withdrawn.

Each function is one transaction: it checks the transition against TRANSITIONS, writes the
person's timeline and the audit trail, and tells the operator, the prescriber and the
référent de parcours. Every change of occupancy locks the programme's row first.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from relais.audit.services import diff, record_change
from relais.people.consents import consents_of
from relais.people.facts import facts_for
from relais.people.models import Consent, Event
from relais.people.services import record_consent, write_event
from relais.programmes.eligibility import evaluate
from relais.programmes.models import (
    OPEN_STATUSES,
    PLACE_HOLDING_STATUSES,
    TRANSITIONS,
    CapacityModel,
    Outcome,
    Prescription,
    RefusalReason,
    Status,
)
from relais.programmes.services import ProgrammeError, notify
from relais.programmes.services.capacity import free_place, lock_programme

TRACKED = (
    "status",
    "session_id",
    "coach_id",
    "refusal_reason",
    "entered_on",
    "ended_on",
    "outcome",
    "withdrawal_reason",
)


def _state(prescription) -> dict:
    return {name: getattr(prescription, name) for name in TRACKED}


def _log(user, prescription, before: dict, summary: str) -> None:
    record_change(
        user=user,
        person=prescription.person,
        obj=prescription,
        changes=diff(before, _state(prescription)),
    )
    write_event(
        person=prescription.person,
        kind=Event.Kind.PROGRAMME,
        user=user,
        source=prescription,
        summary=summary,
        data={"programme": prescription.programme.name, "status": prescription.status},
    )


def _check_move(prescription, target: str) -> None:
    if target in TRANSITIONS[Status(prescription.status)]:
        return
    if prescription.status == Status.WITHDRAWN:
        when = date_format(timezone.localtime(prescription.withdrawn_at), "j F Y")
        raise ProgrammeError(
            f"Le prescripteur a retiré cette prescription le {when} : rien n'a été modifié."
        )
    raise ProgrammeError(
        f"Une prescription « {prescription.get_status_display().lower()} » ne peut pas passer "
        f"à « {Status(target).label.lower()} » : rien n'a été modifié."
    )


def _locked(prescription) -> Prescription:
    """The programme's lock, then the prescription as it is now (another agent may have acted)."""
    lock_programme(prescription.programme_id)
    return Prescription.objects.select_related("programme", "person", "prescriber").get(
        pk=prescription.pk
    )


@transaction.atomic
def prescribe(
    *,
    user,
    person,
    programme,
    objective: str,
    criteria_confirmed: bool = False,
    derogation_reason: str = "",
    session=None,
    consent_now: bool = False,
    today: dt.date | None = None,
) -> Prescription:
    today = today or timezone.localdate()
    membership = user.membership
    if not programme.is_active or programme.departement_id != person.departement_id:
        raise ProgrammeError(
            "Cette action n'accepte pas de prescription : choisissez-en une autre."
        )
    if consent_now:
        record_consent(user=user, person=person, purpose=Consent.Purpose.PRESCRIPTION, given=True)
    if not may_share_contacts(person):
        raise ProgrammeError(
            "La personne n'a pas donné son accord pour que ses coordonnées soient transmises à "
            "l'opérateur : recueillez son accord, puis enregistrez-le avant d'envoyer."
        )
    # Under the programme's lock: a double submission cannot create two open prescriptions.
    lock_programme(programme.pk)
    if Prescription.objects.filter(
        person=person, programme=programme, status__in=OPEN_STATUSES
    ).exists():
        raise ProgrammeError(
            "Une prescription vers cette action est déjà en cours pour cette personne."
        )
    if session is not None and (session.programme_id != programme.pk or session.ends_on < today):
        raise ProgrammeError("Cette session n'est pas ouverte : choisissez une session à venir.")
    eligibility = evaluate(
        programme, person, facts_for(person), today=today, confirmed=criteria_confirmed
    )
    derogation_reason = derogation_reason.strip()
    if not eligibility.eligible and not derogation_reason:
        raise ProgrammeError(
            f"La personne n'est pas éligible ({eligibility.explanation()}) : pour prescrire "
            "quand même, écrivez le motif de la dérogation."
        )
    prescription = Prescription.objects.create(
        departement_id=person.departement_id,
        programme=programme,
        person=person,
        session=session,
        prescriber=user,
        prescriber_organisation_id=membership.organisation_id,
        objective=objective.strip(),
        eligible=eligibility.eligible,
        eligibility=eligibility.as_list(),
        derogation_reason="" if eligibility.eligible else derogation_reason,
        criteria_confirmed=criteria_confirmed,
        sent_at=timezone.now(),
    )
    summary = f"Prescription vers « {programme.name} » ({eligibility.explanation()})"
    if not eligibility.eligible:
        summary = f"Prescription vers « {programme.name} » par dérogation"
    _log(user, prescription, {}, summary[:300])
    notify.tell_operator(
        prescription,
        "Nouvelle prescription",
        f"Une nouvelle prescription vers « {programme.name} » attend votre réponse.",
    )
    notify.tell_referent(
        prescription, "Prescription", f"Prescription vers « {programme.name} ».", actor=user
    )
    return prescription


def may_share_contacts(person) -> bool:
    """The person agreed to their contact details reaching the programme's operator — or to
    their file being shared with the partners who follow them, which covers it."""
    consents = consents_of(person)
    return consents.get(Consent.Purpose.PRESCRIPTION, False) or consents.get(
        Consent.Purpose.SHARING, False
    )


def _answered(prescription) -> None:
    if prescription.answered_at is None:
        prescription.answered_at = timezone.now()


@transaction.atomic
def accept(*, user, prescription, session=None, coach_id=None, today=None) -> Prescription:
    """Accept on a free place; a full programme puts the person on the waiting list instead."""
    today = today or timezone.localdate()
    prescription = _locked(prescription)
    _check_move(prescription, Status.ACCEPTED)
    place = free_place(
        prescription.programme,
        today,
        session=session or prescription.session,
        coach_id=coach_id,
    )
    if place is None:
        if prescription.status == Status.WAITLISTED:
            raise ProgrammeError("Aucune place n'est libre : la personne reste en liste d'attente.")
        return _to_waitlist(user, prescription, full=True)
    return _take_place(user, prescription, place)


def _take_place(user, prescription, place, *, promoted=False) -> Prescription:
    before = _state(prescription)
    prescription.status = Status.ACCEPTED
    prescription.accepted_at = timezone.now()
    prescription.session = place.session or prescription.session
    prescription.coach_id = place.coach_id or prescription.coach_id
    _answered(prescription)
    prescription.save()
    name = prescription.programme.name
    if promoted:
        summary = f"Place libérée dans « {name} » : la personne quitte la liste d'attente"
    else:
        summary = f"Prescription acceptée par « {name} »"
    if prescription.session is not None:
        summary += f" (session du {prescription.session.starts_on:%d/%m/%Y})"
    _log(user, prescription, before, summary)
    subject = "Place proposée" if promoted else "Prescription acceptée"
    notify.tell_prescriber(prescription, subject, summary + ".", actor=user)
    notify.tell_referent(prescription, subject, summary + ".", actor=user)
    return prescription


def _to_waitlist(user, prescription, *, full: bool) -> Prescription:
    before = _state(prescription)
    prescription.status = Status.WAITLISTED
    prescription.waitlisted_at = timezone.now()
    _answered(prescription)
    prescription.save()
    reason = "plus de place" if full else "décision de l'opérateur"
    summary = f"En liste d'attente de « {prescription.programme.name} » ({reason})"
    _log(user, prescription, before, summary)
    notify.tell_prescriber(prescription, "Liste d'attente", summary + ".", actor=user)
    notify.tell_referent(prescription, "Liste d'attente", summary + ".", actor=user)
    return prescription


@transaction.atomic
def waitlist(*, user, prescription) -> Prescription:
    prescription = _locked(prescription)
    _check_move(prescription, Status.WAITLISTED)
    return _to_waitlist(user, prescription, full=False)


@transaction.atomic
def refuse(*, user, prescription, reason: str, comment: str = "") -> Prescription:
    if reason not in RefusalReason.values:
        raise ProgrammeError("Choisissez le motif du refus.")
    prescription = _locked(prescription)
    _check_move(prescription, Status.REFUSED)
    before = _state(prescription)
    prescription.status = Status.REFUSED
    prescription.refused_at = timezone.now()
    prescription.refusal_reason = reason
    prescription.refusal_comment = comment.strip()[:300]
    _answered(prescription)
    prescription.save()
    label = RefusalReason(reason).label.lower()
    summary = f"Prescription refusée par « {prescription.programme.name} » : {label}"
    _log(user, prescription, before, summary)
    notify.tell_prescriber(prescription, "Prescription refusée", summary + ".", actor=user)
    notify.tell_referent(prescription, "Prescription refusée", summary + ".", actor=user)
    return prescription


@transaction.atomic
def withdraw(*, user, prescription, reason: str, today=None) -> Prescription:
    reason = reason.strip()
    if not reason:
        raise ProgrammeError("Écrivez pourquoi la prescription est retirée.")
    prescription = _locked(prescription)
    _check_move(prescription, Status.WITHDRAWN)
    held_place = prescription.status in PLACE_HOLDING_STATUSES
    before = _state(prescription)
    prescription.status = Status.WITHDRAWN
    prescription.withdrawn_at = timezone.now()
    prescription.withdrawal_reason = reason[:300]
    prescription.save()
    summary = f"Prescription vers « {prescription.programme.name} » retirée par le prescripteur"
    _log(user, prescription, before, summary)
    notify.tell_operator(prescription, "Prescription retirée", summary + ".")
    notify.tell_referent(prescription, "Prescription retirée", summary + ".", actor=user)
    if held_place:
        promote_waiting(user=user, programme=prescription.programme, today=today)
    return prescription


@transaction.atomic
def enter(*, user, prescription, entered_on: dt.date) -> Prescription:
    prescription = _locked(prescription)
    _check_move(prescription, Status.ENTERED)
    if entered_on > timezone.localdate():
        raise ProgrammeError("La date d'entrée ne peut pas être dans le futur.")
    if entered_on < prescription.sent_at.date():
        raise ProgrammeError("La date d'entrée précède la prescription : corrigez-la.")
    if (
        prescription.programme.capacity_model == CapacityModel.PORTFOLIO
        and prescription.coach_id is None
    ):
        raise ProgrammeError("Désignez le coach avant l'entrée dans l'action.")
    before = _state(prescription)
    prescription.status = Status.ENTERED
    prescription.entered_on = entered_on
    prescription.save()
    summary = f"Entrée dans « {prescription.programme.name} » le {entered_on:%d/%m/%Y}"
    _log(user, prescription, before, summary)
    notify.tell_prescriber(prescription, "Entrée dans l'action", summary + ".", actor=user)
    notify.tell_referent(prescription, "Entrée dans l'action", summary + ".", actor=user)
    return prescription


@transaction.atomic
def end(
    *, user, prescription, ended_on: dt.date, outcome: str, comment: str = "", today=None
) -> Prescription:
    if outcome not in Outcome.values:
        raise ProgrammeError("Choisissez la situation de la personne à la sortie.")
    prescription = _locked(prescription)
    _check_move(prescription, Status.ENDED)
    if ended_on < prescription.entered_on:
        raise ProgrammeError(
            f"La date de sortie précède l'entrée du {prescription.entered_on:%d/%m/%Y} : corrigez-la."
        )
    if ended_on > timezone.localdate():
        raise ProgrammeError("La date de sortie ne peut pas être dans le futur.")
    before = _state(prescription)
    prescription.status = Status.ENDED
    prescription.ended_on = ended_on
    prescription.outcome = outcome
    prescription.outcome_comment = comment.strip()[:300]
    prescription.save()
    label = Outcome(outcome).label.lower()
    summary = f"Sortie de « {prescription.programme.name} » le {ended_on:%d/%m/%Y} : {label}"
    _log(user, prescription, before, summary[:300])
    notify.tell_prescriber(prescription, "Sortie de l'action", summary + ".", actor=user)
    notify.tell_referent(prescription, "Sortie de l'action", summary + ".", actor=user)
    promote_waiting(user=user, programme=prescription.programme, today=today)
    return prescription


def waiting_line(programme):
    """The waiting list in its order: first put on it, first offered a place."""
    return Prescription.objects.filter(programme=programme, status=Status.WAITLISTED).order_by(
        "waitlisted_at", "id"
    )


def promote_waiting(*, user, programme, today=None) -> list[Prescription]:
    """Offer every free place to the next in line; call with the programme's lock held."""
    today = today or timezone.localdate()
    promoted = []
    for candidate in waiting_line(programme).select_related("programme", "person", "prescriber"):
        wanted = (
            candidate.session if candidate.session and candidate.session.ends_on >= today else None
        )
        place = free_place(programme, today, session=wanted)
        if place is None and wanted is not None:
            place = free_place(programme, today)
        if place is None:
            break
        promoted.append(_take_place(user, candidate, place, promoted=True))
    return promoted
