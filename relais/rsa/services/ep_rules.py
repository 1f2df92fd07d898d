"""The rules the EP services share: what may follow what, who acts, the 2025 sanction scale.

The scale (CASF L262-37, R262-68, from 1 January 2025): a suspension-remobilisation of at
least 30 % for 1 to 2 months on a first breach, 1 to 4 months when the breach persists or is
repeated; a suppression only after the équipe pluridisciplinaire advised it.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from relais.audit.services import record_change
from relais.people.models import Event
from relais.people.services import write_event
from relais.rsa import policy
from relais.rsa.models import EpCase, EpSession, Sanction
from relais.territory.models import Organisation

Status, Theme, Opinion = EpCase.Status, EpCase.Theme, EpCase.Opinion
# The statuses the database keeps unique per person and theme (a file waiting for the EP).
PENDING = (Status.LISTED, Status.SCHEDULED, Status.REVIEWED)
# What the EP may advise and the président's delegate decide, per theme.
OUTCOMES = {
    Theme.ORIENTATION_ABSENCE: (Opinion.REMINDER,),
    Theme.REORIENTATION: (Opinion.KEEP_ORIENTATION, Opinion.REORIENT),
    Theme.BREACH: (Opinion.NO_SANCTION, Opinion.SUSPENSION, Opinion.SUPPRESSION),
}
# Outcomes that decide an orientation, and those that weigh on the person's resources.
ORIENTING = {Opinion.REMINDER, Opinion.REORIENT}
SANCTIONS = {Opinion.SUSPENSION, Opinion.SUPPRESSION}


class EpError(ValueError):
    """A change the EP's rules refuse; `field` names the form field the message is about."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%d/%m/%Y} à {local:%H:%M}"


def trace(user, case: EpCase, summary: str, changes: dict, source=None) -> None:
    """The person's timeline and the audit trail, for a change of the case (or its sanction)."""
    record_change(user=user, person=case.person, obj=source or case, changes=changes)
    write_event(
        person=case.person, kind=Event.Kind.RSA, user=user, source=source or case, summary=summary
    )


def move(case: EpCase, target: str) -> dict:
    """Apply a status change allowed by the TRANSITIONS map; returns its audit diff."""
    if target not in EpCase.TRANSITIONS[Status(case.status)]:
        raise EpError(
            f"Un dossier « {case.get_status_display()} » ne peut pas passer à "
            f"« {Status(target).label} »."
        )
    before, case.status = case.status, target
    return {"status": [before, target]}


def check_mds(user, mds: Organisation) -> None:
    """Sessions and cases belong to one MDS: only its own secretariat and managers act on them."""
    if not (policy.can_manage_ep(user) or policy.can_decide_ep(user)):
        raise EpError("Votre rôle ne permet pas d'agir sur l'équipe pluridisciplinaire.")
    if policy.current_organisation(user) != mds:
        raise EpError(f"Ce dossier relève de l'équipe pluridisciplinaire de {mds}.")


def locked_case(user, case: EpCase) -> EpCase:
    case = (
        EpCase.objects.select_for_update(of=("self",))
        .select_related("person", "session")
        .get(pk=case.pk)
    )
    check_mds(user, case.mds)
    return case


def locked_session(user, session: EpSession) -> EpSession:
    session = EpSession.objects.select_for_update().get(pk=session.pk)
    check_mds(user, session.mds)
    if session.status == EpSession.Status.CLOSED:
        raise EpError("Cette séance est clôturée : elle ne peut plus être modifiée.")
    return session


def held_already(session: EpSession) -> None:
    if timezone.localtime(session.date).date() > timezone.localdate():
        raise EpError(f"La séance du {when(session.date)} n'a pas encore eu lieu.")


def check_outcome(case: EpCase, outcome: str, field: str) -> None:
    if outcome not in OUTCOMES[Theme(case.theme)]:
        raise EpError(f"Ce choix ne s'applique pas au thème « {case.get_theme_display()} ».", field)


def sanction_level(person) -> str:
    """First breach if the person never had a sanction; persisting or repeated otherwise."""
    if Sanction.objects.filter(person=person).exists():
        return Sanction.Level.REPEATED
    return Sanction.Level.FIRST


def check_scale(level: str, rate: int | None, months: int | None) -> None:
    """The legal bounds of a suspension-remobilisation at its level."""
    min_rate, min_months, max_months = Sanction.BOUNDS[level]
    if rate is None or not min_rate <= rate <= 100:
        raise EpError(
            f"Le taux de suspension doit être compris entre {min_rate} % et 100 %.", "rate"
        )
    if months is None or not min_months <= months <= max_months:
        label = Sanction.Level(level).label.lower()
        raise EpError(
            f"Pour un {label}, la durée est de {min_months} à {max_months} mois.", "months"
        )


def build_sanction(case: EpCase, decision: str, rate, months, starts_on, decided_on):
    """The sanction a decision carries, within the scale; None for a decision without one."""
    if decision not in SANCTIONS:
        return None
    if starts_on is None:
        raise EpError("Indiquez la date de début de la sanction.", "starts_on")
    if starts_on < decided_on:
        raise EpError("Une sanction ne commence pas avant sa décision.", "starts_on")
    if decision == Opinion.SUPPRESSION:
        if case.opinion != Opinion.SUPPRESSION:
            raise EpError(
                "Une suppression n'est possible qu'après un avis de suppression de l'équipe "
                "pluridisciplinaire.",
                "decision",
            )
        return Sanction.objects.create(
            case=case, person=case.person, level=Sanction.Level.SUPPRESSION, starts_on=starts_on
        )
    level = sanction_level(case.person)
    check_scale(level, rate, months)
    return Sanction.objects.create(
        case=case,
        person=case.person,
        level=level,
        rate=rate,
        months=months,
        starts_on=starts_on,
        ends_on=starts_on + relativedelta(months=months),
    )


def orient_after_ep(user, case: EpCase, decision: str, decided_on, orientation: dict | None):
    """A reminder validates the orientation, a reorientation changes it: the orientation stage
    records it (its service, its rules, its timeline line)."""
    from relais.rsa.services.orientation import OrientationError, orient

    if decision not in ORIENTING:
        return None
    orientation = orientation or {}
    if not orientation.get("track") or not orientation.get("referent_body"):
        raise EpError("Choisissez l'orientation et l'organisme référent.", "track")
    try:
        return orient(
            user=user,
            person=case.person,
            track=orientation["track"],
            referent_body=orientation["referent_body"],
            referent_organisation=orientation.get("referent_organisation"),
            decided_on=decided_on,
            reason=f"Après l'équipe pluridisciplinaire du {when(case.session.date)[:10]}",
            is_reorientation=decision == Opinion.REORIENT,
        )
    except OrientationError as error:
        raise EpError(str(error)) from error
