"""Équipes pluridisciplinaires: listing a file, sessions, opinions, decisions, sanctions.

Each function is one transaction that writes the timeline (`Event.Kind.RSA`) and the audit
trail of every person concerned; a refusal raises `EpError` with a French message that says
what to do. The other stages call `list_case` (an absence at the orientation appointment, a
reorientation, a breach of the contract); the shared rules and the scale are in `ep_rules`.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from relais.audit.services import diff
from relais.rsa import policy
from relais.rsa.models import EpCase, EpMember, EpSession, Sanction
from relais.rsa.services.ep_rules import (
    OUTCOMES,
    PENDING,
    SANCTIONS,
    EpError,
    Status,
    Theme,
    build_sanction,
    check_mds,
    check_outcome,
    check_scale,
    held_already,
    locked_case,
    locked_session,
    move,
    orient_after_ep,
    sanction_level,
    trace,
    when,
)
from relais.territory.models import Organisation

__all__ = ["OUTCOMES", "PENDING", "EpError", "check_scale", "sanction_level"]


def _pending(person, theme) -> EpCase | None:
    return EpCase.objects.filter(person=person, theme=theme, status__in=PENDING).first()


@transaction.atomic
def list_case(*, user, person, theme: str, mds: Organisation, source_summary: str) -> EpCase:
    """Put a file on the EP's list; a file already waiting for this theme is returned as is."""
    if theme not in Theme.values:
        raise EpError("Choisissez un thème d'équipe pluridisciplinaire de la liste.")
    if mds.kind != Organisation.Kind.MDS or mds.departement_id != person.departement_id:
        raise EpError(
            "Un dossier est inscrit à l'équipe pluridisciplinaire d'une MDS du Département."
        )
    existing = _pending(person, theme)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a concurrent listing hits the unique constraint
            case = EpCase.objects.create(
                person=person,
                mds=mds,
                theme=theme,
                source_summary=source_summary[:300],
                listed_by=user,
            )
    except IntegrityError:
        return _pending(person, theme)
    label = case.get_theme_display().lower()
    changes = diff({}, {"theme": theme, "mds": mds.pk, "status": case.status})
    trace(
        user, case, f"Inscrit·e à l'ordre du jour de l'équipe pluridisciplinaire : {label}", changes
    )
    return case


@transaction.atomic
def create_session(*, user, mds: Organisation, date: dt.datetime, place: str) -> EpSession:
    check_mds(user, mds)
    if mds.kind != Organisation.Kind.MDS:
        raise EpError("Les séances d'équipe pluridisciplinaire se tiennent dans une MDS.")
    if timezone.localtime(date).date() < timezone.localdate():
        raise EpError("Cette date est passée : choisissez la date d'une séance à venir.", "date")
    if not place.strip():
        raise EpError("Indiquez le lieu de la séance.", "place")
    return EpSession.objects.create(mds=mds, date=date, place=place.strip(), created_by=user)


@transaction.atomic
def add_member(*, user, session: EpSession, name: str, quality: str) -> EpMember:
    session = locked_session(user, session)
    if not name.strip():
        raise EpError("Indiquez le nom du membre.", "name")
    if quality not in EpMember.Quality.values:
        raise EpError("Choisissez la qualité du membre dans la liste.", "quality")
    return EpMember.objects.create(session=session, name=name.strip(), quality=quality)


@transaction.atomic
def remove_member(*, user, member: EpMember) -> None:
    locked_session(user, member.session)
    member.delete()


@transaction.atomic
def schedule_case(*, user, case: EpCase, session: EpSession) -> EpCase:
    """Put a listed file on the agenda of a planned session of its MDS."""
    case = locked_case(user, case)
    changes = move(case, Status.SCHEDULED)
    session = locked_session(user, session)
    if session.status != EpSession.Status.PLANNED or session.mds_id != case.mds_id:
        raise EpError("Choisissez une séance programmée de l'équipe pluridisciplinaire de la MDS.")
    case.session = session
    case.save(update_fields=["status", "session"])
    changes["session"] = ["", str(session.pk)]
    summary = f"Inscrit·e à la séance de l'équipe pluridisciplinaire du {when(session.date)}"
    trace(user, case, summary, changes)
    return case


@transaction.atomic
def schedule_cases(*, user, cases, session: EpSession) -> list[EpCase]:
    """Several files on one agenda, all or none."""
    return [schedule_case(user=user, case=case, session=session) for case in cases]


@transaction.atomic
def unschedule(*, user, case: EpCase) -> EpCase:
    """Take a file off a session's agenda (postponed): it waits again for a session."""
    case = locked_case(user, case)
    session = case.session
    changes = move(case, Status.LISTED)
    case.session, case.person_attended = None, None
    case.save(update_fields=["status", "session", "person_attended"])
    summary = f"Dossier retiré de la séance de l'EP du {when(session.date)}, à reporter"
    trace(user, case, summary, changes)
    return case


@transaction.atomic
def withdraw_case(*, user, case: EpCase, reason: str) -> EpCase:
    case = locked_case(user, case)
    changes = move(case, Status.WITHDRAWN)
    if not reason.strip():
        raise EpError(
            "Indiquez pourquoi le dossier est retiré de l'équipe pluridisciplinaire.", "reason"
        )
    case.session = None
    case.save(update_fields=["status", "session"])
    theme = case.get_theme_display().lower()
    summary = f"Dossier retiré de l'équipe pluridisciplinaire ({theme}) : {reason.strip()}"
    trace(user, case, summary[:300], changes)
    return case


@transaction.atomic
def record_attendance(*, user, session: EpSession, present_members, attended_cases) -> EpSession:
    """Who sat at the session, and which persons came to be heard."""
    session = locked_session(user, session)
    held_already(session)
    present = {member.pk for member in present_members}
    for member in session.members.all():
        member.present = member.pk in present
        member.save(update_fields=["present"])
    attended = {case.pk for case in attended_cases}
    heard = session.cases.filter(status__in=[Status.SCHEDULED, Status.REVIEWED])
    for case in heard.select_related("person", "session"):
        _set_attendance(user, case, case.pk in attended)
    return session


def _set_attendance(user, case: EpCase, came: bool) -> None:
    if case.person_attended == came:
        return
    before, case.person_attended = case.person_attended, came
    case.save(update_fields=["person_attended"])
    word = "Présent·e" if came else "Absent·e"
    summary = f"{word} à la séance de l'équipe pluridisciplinaire du {when(case.session.date)}"
    trace(user, case, summary, diff({"person_attended": before}, {"person_attended": came}))


@transaction.atomic
def record_opinion(*, user, case: EpCase, opinion: str, note: str, person_attended: bool) -> EpCase:
    """The EP's opinion at its session: the file is reviewed and the session held."""
    case = locked_case(user, case)
    changes = move(case, Status.REVIEWED)  # a scheduled case always has its session
    session = locked_session(user, case.session)
    held_already(session)
    if not session.members.filter(present=True).exists():
        raise EpError("Enregistrez d'abord les membres présents : l'avis est celui de l'équipe.")
    check_outcome(case, opinion, "opinion")
    if opinion in SANCTIONS and not note.strip():
        raise EpError("Motivez l'avis : une sanction doit être motivée.", "note")
    _set_attendance(user, case, person_attended)
    case.opinion, case.opinion_note = opinion, note.strip()
    case.save(update_fields=["status", "opinion", "opinion_note"])
    if session.status == EpSession.Status.PLANNED:
        session.status = EpSession.Status.HELD
        session.save(update_fields=["status"])
    changes["opinion"] = ["", opinion]
    label = case.get_opinion_display().lower()
    trace(user, case, f"Avis de l'équipe pluridisciplinaire : {label}", changes)
    return case


@transaction.atomic
def decide(
    *,
    user,
    case: EpCase,
    decision: str,
    note: str = "",
    decided_on: dt.date,
    rate: int | None = None,
    months: int | None = None,
    starts_on: dt.date | None = None,
    orientation: dict | None = None,
) -> EpCase:
    """The président's delegate decides after the EP's opinion: a sanction, an orientation.

    `orientation` = {"track", "referent_body", "referent_organisation"} for the outcomes
    that decide an orientation (a reminder on an absence, a reorientation).
    """
    if not policy.can_decide_ep(user):
        raise EpError("Seul·e le·la représentant·e du président du conseil départemental décide.")
    case = locked_case(user, case)
    changes = move(case, Status.DECIDED)
    check_outcome(case, decision, "decision")
    if decision != case.opinion and not note.strip():
        raise EpError(
            "La décision diffère de l'avis de l'équipe pluridisciplinaire : motivez-la.", "note"
        )
    held_on = timezone.localtime(case.session.date).date()
    if not held_on <= decided_on <= timezone.localdate():
        raise EpError("La date de décision se situe entre la séance et aujourd'hui.", "decided_on")
    sanction = build_sanction(case, decision, rate, months, starts_on, decided_on)
    orient_after_ep(user, case, decision, decided_on, orientation)
    case.decision, case.decision_note = decision, note.strip()
    case.decided_by, case.decided_on = user, decided_on
    case.save(update_fields=["status", "decision", "decision_note", "decided_by", "decided_on"])
    changes.update(decision=["", decision], decided_on=["", decided_on.isoformat()])
    label = case.get_decision_display().lower()
    trace(user, case, f"Décision après l'équipe pluridisciplinaire : {label}", changes)
    if sanction is not None:
        after = {"level": sanction.level, "rate": sanction.rate, "months": sanction.months}
        after["starts_on"] = sanction.starts_on
        trace(user, case, f"Sanction : {sanction}", diff({}, after), source=sanction)
    return case


@transaction.atomic
def notify(*, user, case: EpCase, notified_on: dt.date) -> EpCase:
    """The decision is sent to the person; the letter is printed from the case's page."""
    case = locked_case(user, case)
    changes = move(case, Status.NOTIFIED)
    if not case.decided_on <= notified_on <= timezone.localdate():
        raise EpError(
            "La date de notification se situe entre la décision et aujourd'hui.", "notified_on"
        )
    case.notified_on = notified_on
    case.save(update_fields=["status", "notified_on"])
    changes["notified_on"] = ["", notified_on.isoformat()]
    trace(user, case, f"Décision de l'EP notifiée le {notified_on:%d/%m/%Y}", changes)
    return case


@transaction.atomic
def close_session(*, user, session: EpSession) -> EpSession:
    """A held session is closed once every decision on its agenda is notified."""
    session = locked_session(user, session)
    if EpSession.Status.CLOSED not in EpSession.TRANSITIONS[EpSession.Status(session.status)]:
        raise EpError("Seule une séance tenue peut être clôturée.")
    waiting = session.cases.exclude(status=Status.NOTIFIED).count()
    if waiting:
        raise EpError(f"{waiting} dossier(s) de cette séance attendent une décision notifiée.")
    session.status = EpSession.Status.CLOSED
    session.save(update_fields=["status"])
    return session


@transaction.atomic
def lift_sanction(*, user, sanction: Sanction, on: dt.date, reason: str) -> Sanction:
    """The person complies: the suspension is lifted from that day."""
    if not policy.can_decide_ep(user):
        raise EpError(
            "Seul·e le·la représentant·e du président du conseil départemental lève une sanction."
        )
    sanction = (
        Sanction.objects.select_for_update(of=("self",))
        .select_related("case__person")
        .get(pk=sanction.pk)
    )
    check_mds(user, sanction.case.mds)
    if sanction.lifted_on is not None:
        raise EpError(f"Cette sanction a déjà été levée le {sanction.lifted_on:%d/%m/%Y}.")
    if sanction.level == Sanction.Level.SUPPRESSION:
        raise EpError("Une suppression ne se lève pas : seule une suspension-remobilisation l'est.")
    if not sanction.starts_on <= on <= timezone.localdate():
        start = f"{sanction.starts_on:%d/%m/%Y}"
        raise EpError(
            f"La levée se situe entre le début de la sanction ({start}) et aujourd'hui.", "on"
        )
    if on >= sanction.ends_on:
        raise EpError(
            f"La suspension a pris fin le {sanction.ends_on:%d/%m/%Y} : rien à lever.", "on"
        )
    if not reason.strip():
        raise EpError("Indiquez comment la personne s'est remobilisée.", "reason")
    sanction.lifted_on, sanction.lifted_reason = on, reason.strip()[:300]
    sanction.save(update_fields=["lifted_on", "lifted_reason"])
    summary = f"Suspension levée le {on:%d/%m/%Y} : la personne a respecté ses engagements"
    trace(user, sanction.case, summary, {"lifted_on": ["", on.isoformat()]}, source=sanction)
    return sanction
