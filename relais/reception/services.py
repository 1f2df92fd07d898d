"""Every change of the reception log and of the emergency procedures, one transaction each."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from relais.audit.services import record_change
from relais.people.models import Event, Person
from relais.people.services import write_event
from relais.reception import policy
from relais.reception.hours import is_outside_hours
from relais.reception.models import (
    PROFESSIONAL_MODES,
    SENSITIVE_MOTIVES,
    EmergencyProcedureVersion,
    Interpreting,
    InterpretingSession,
    Motive,
    Outcome,
    Visit,
    VisitMotive,
)
from relais.territory.models import Organisation

PROCEDURE_MAX_CHARS = 20_000
MOTIVES_REQUIRED = "Cochez au moins un motif de passage."
PERSON_OUT_OF_REACH = (
    "Ce dossier n'est pas suivi par votre organisation : choisissez la personne parmi les "
    "résultats de la recherche, ou enregistrez un passage anonyme."
)


@transaction.atomic
def record_visit(*, user, data: dict) -> Visit:
    """Record a visit; with a professional interpreter, its session; with a file, its event.

    `data` holds the Visit fields (site, occurred_at, channel, interpreting…, person), the
    list of `motives`, optionally `interpreting_provider`, and `is_outside_hours` — left out
    or None, it is computed from the site's hours. Nothing is written when anything is wrong.
    """
    if not policy.can_record_visits(user):
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer des passages.")
    data = dict(data)
    motives = list(dict.fromkeys(data.pop("motives", None) or ()))
    provider = (data.pop("interpreting_provider", "") or "").strip()
    outside = data.pop("is_outside_hours", None)
    visit = Visit(organisation=policy.membership_of(user).organisation, recorded_by=user, **data)
    if outside is None and visit.site_id and visit.occurred_at:
        outside = is_outside_hours(visit.site, visit.occurred_at)
    visit.is_outside_hours = bool(outside)
    _validate(user, visit, motives)
    visit.save()
    VisitMotive.objects.bulk_create(VisitMotive.of(visit, code) for code in motives)
    if visit.is_professional_interpreting:
        InterpretingSession.objects.create(
            organisation=visit.organisation,
            site=visit.site,
            visit=visit,
            language=visit.interpreting_language,
            mode=PROFESSIONAL_MODES[visit.interpreting],
            provider=provider,
            duration_minutes=visit.interpreting_duration,
            occurred_at=visit.occurred_at,
            recorded_by=user,
        )
    if visit.person_id is not None:
        _write_to_file(user, visit, motives)
    return visit


def _validate(user, visit: Visit, motives: list[str]) -> None:
    errors = {}
    try:
        visit.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    if not motives:
        errors.setdefault("motives", []).append(MOTIVES_REQUIRED)
    unknown = [code for code in motives if code not in Motive.values]
    if unknown:
        errors.setdefault("motives", []).append(f"Motif inconnu : {', '.join(unknown)}.")
    # The form offers only these; a forged request must not reach another organisation.
    if visit.site_id and not policy.recording_sites(user).filter(pk=visit.site_id).exists():
        errors.setdefault("site", []).append("Choisissez un site de votre organisation.")
    if visit.person_id and not _is_visible(user, visit.person_id):
        errors.setdefault("person", []).append(PERSON_OUT_OF_REACH)
    if (
        visit.partner_id
        and not policy.partner_organisations(user).filter(pk=visit.partner_id).exists()
    ):
        errors.setdefault("partner", []).append("Choisissez un partenaire du département.")
    if errors:
        raise ValidationError(errors)


def _is_visible(user, person_id: int) -> bool:
    return Person.objects.visible_to(user).filter(pk=person_id).exists()


def visit_summary(visit: Visit, motives: list[str]) -> str:
    """What the shared file says of the visit: channel, site, motives and outcome — never the
    health motive, which the partners reading the file have no need to know."""
    summary = f"Passage à l'accueil ({visit.get_channel_display().lower()}) — {visit.site}"
    shared = [Motive(code).label.lower() for code in motives if code not in SENSITIVE_MOTIVES]
    if shared:
        summary += f" : {', '.join(shared)}"
    if visit.outcome == Outcome.ORIENTED_PARTNER:
        summary += f". Orientation vers {visit.partner}"
    else:
        summary += f". {visit.get_outcome_display()}"
    if visit.interpreting != Interpreting.NONE:
        summary += ", avec interprète"
    summary += "."
    return summary if len(summary) <= 300 else summary[:299] + "…"


def timeline_data(visit: Visit, motives: list[str]) -> dict:
    """The structured part of the file's event: the same minimised content as the summary."""
    return {
        "visit": str(visit.uuid),
        "site": visit.site_id,
        "channel": visit.channel,
        "motives": [code for code in motives if code not in SENSITIVE_MOTIVES],
        "outcome": visit.outcome,
        "interpreting": visit.interpreting != Interpreting.NONE,
    }


def _write_to_file(user, visit: Visit, motives: list[str]) -> None:
    write_event(
        person=visit.person,
        kind=Event.Kind.VISIT,
        summary=visit_summary(visit, motives),
        user=user,
        source=visit,
        occurred_at=visit.occurred_at,
        data=timeline_data(visit, motives),
    )
    record_change(
        user=user, person=visit.person, obj=visit, changes={"visit": ["", str(visit.uuid)]}
    )


@transaction.atomic
def update_emergency_procedure(*, user, organisation: Organisation, body: str):
    """Add a version of the MDS's emergency procedure; the same text again adds nothing."""
    if organisation.kind != Organisation.Kind.MDS:
        raise ValidationError("Seules les MDS ont une procédure d'accueil d'urgence.")
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": "Saisissez le texte de la procédure."})
    if len(body) > PROCEDURE_MAX_CHARS:
        raise ValidationError(
            {"body": f"La procédure ne peut pas dépasser {PROCEDURE_MAX_CHARS} caractères."}
        )
    # One editor at a time per MDS: the second waits, then sees the first one's version.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    current = EmergencyProcedureVersion.objects.current_for(organisation)
    if current is not None and current.body == body:
        return current
    return EmergencyProcedureVersion.objects.create(
        organisation=organisation, body=body, created_by=user
    )


@transaction.atomic
def record_appointment_interpreting(
    *, user, appointment, language: str, mode: str, duration_minutes: int, provider: str = ""
) -> InterpretingSession:
    """The interpreting session that served a held appointment (sheet 2.3 counts it)."""
    if appointment.status != "seen":
        raise ValidationError(
            "Enregistrez l'interprétariat une fois le rendez-vous marqué « honoré »."
        )
    session = InterpretingSession.objects.create(
        organisation=appointment.organisation,
        site=appointment.site,
        appointment=appointment,
        language=language,
        mode=mode,
        provider=provider,
        duration_minutes=duration_minutes,
        occurred_at=appointment.start,
        recorded_by=user,
    )
    write_event(
        person=appointment.person,
        kind=Event.Kind.APPOINTMENT,
        user=user,
        source=session,
        summary=f"Interprétariat ({session.get_language_display()}, {duration_minutes} min)",
    )
    return session
