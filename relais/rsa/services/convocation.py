"""Convene the week's new entrants to an orientation appointment with an ADE, in one action.

Each person gets the soonest free slot of an employment agent's agenda in the MDS whose
sector covers their commune, a letter (one PDF for the batch), and a text or an e-mail when
they agreed to be reached that way. The agenda's J-1 reminders then apply as to any
appointment.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from relais.accounts.models import Role
from relais.agenda.models import Agenda, Mode, Motive, Slot
from relais.agenda.services import AgendaError, book
from relais.core.notifications import notify_by_email, notify_by_sms
from relais.people.consents import consents_of
from relais.people.models import Consent, Event, Person
from relais.people.services import write_event
from relais.rsa.models import Convocation
from relais.rsa.policy import current_organisation
from relais.territory.models import Organisation, Sector

ORIENTATION_MOTIVE_CODE = "orientation_rsa"
# The letter must reach the person before the appointment: no slot sooner than this.
MINIMUM_NOTICE = dt.timedelta(days=7)


class ConvocationError(ValueError):
    pass


@dataclass
class ConvocationReport:
    batch: uuid.UUID
    convened: list = field(default_factory=list)  # Convocation rows
    not_convened: list = field(default_factory=list)  # (person, reason)


def sector_mds(person: Person) -> Organisation | None:
    """The MDS whose sector covers the person's commune."""
    if person.commune_id is None:
        return None
    sector = (
        Sector.objects.filter(communes=person.commune_id, organisation__kind="mds")
        .select_related("organisation")
        .first()
    )
    return sector.organisation if sector else None


def orientation_motive(departement) -> Motive | None:
    return Motive.objects.filter(
        departement=departement, code=ORIENTATION_MOTIVE_CODE, is_active=True
    ).first()


def ade_agendas(mds: Organisation):
    """The active agendas of the MDS's employment agents (agents départementaux emploi)."""
    return Agenda.objects.filter(
        organisation=mds,
        is_active=True,
        owner__memberships__organisation=mds,
        owner__memberships__role=Role.EMPLOYMENT_AGENT,
        owner__memberships__is_active=True,
    ).distinct()


def _free_slot(mds, motive, after, taken: set):
    slots = (
        Slot.objects.filter(
            is_booked=False,
            start__gte=after,
            agenda__in=ade_agendas(mds).values("pk"),
            opening__motives=motive,
            in_person=True,
        )
        .exclude(pk__in=taken)
        .order_by("start", "agenda_id")
    )
    return slots.first()


def convene(*, user, persons, today: dt.date | None = None) -> ConvocationReport:
    """Book one orientation appointment per person; a person that cannot be booked is reported."""
    today = today or timezone.localdate()
    report = ConvocationReport(batch=uuid.uuid4())
    after = timezone.make_aware(dt.datetime.combine(today + MINIMUM_NOTICE, dt.time.min))
    taken: set[int] = set()
    for person in persons:
        reason = _why_not(person)
        if reason:
            report.not_convened.append((person, reason))
            continue
        try:
            convocation = _convene_one(user, person, report.batch, after, taken)
        except ConvocationError as error:
            report.not_convened.append((person, str(error)))
            continue
        report.convened.append(convocation)
    return report


def _why_not(person) -> str:
    if Convocation.objects.filter(
        person=person,
        purpose=Convocation.Purpose.ORIENTATION,
        appointment__status="planned",
    ).exists():
        return "déjà convoqué·e à un entretien d'orientation à venir"
    return ""


@transaction.atomic
def _convene_one(user, person, batch, after, taken) -> Convocation:
    mds = sector_mds(person)
    if mds is None:
        raise ConvocationError("commune hors des secteurs des MDS : convoquez manuellement")
    motive = orientation_motive(person.departement)
    if motive is None:
        raise ConvocationError("le motif « orientation RSA » n'existe pas dans les agendas")
    slot = _free_slot(mds, motive, after, taken)
    if slot is None:
        raise ConvocationError(f"plus de créneau libre d'orientation à {mds} : ouvrez des plages")
    try:
        appointment = book(
            user=user,
            slot_id=slot.pk,
            person=person,
            motive=motive,
            mode=Mode.IN_PERSON,
            requested_at=timezone.localdate(),
        )
    except AgendaError as error:
        raise ConvocationError(str(error)) from error
    taken.add(slot.pk)
    consents = consents_of(person)
    convocation = Convocation.objects.create(
        person=person,
        purpose=Convocation.Purpose.ORIENTATION,
        appointment=appointment,
        batch=batch,
        organisation=current_organisation(user) or mds,
        created_by=user,
        sent_by_sms=bool(person.phone and consents.get(Consent.Purpose.SMS)),
        sent_by_email=bool(person.email and consents.get(Consent.Purpose.EMAIL)),
    )
    _send(convocation)
    write_event(
        person=person,
        kind=Event.Kind.RSA,
        user=user,
        source=convocation,
        summary=f"Convocation à l'entretien d'orientation du {_when(appointment)}",
    )
    return convocation


def _when(appointment) -> str:
    start = timezone.localtime(appointment.start)
    return f"{start:%d/%m/%Y} à {start:%H:%M}"


def message_text(appointment) -> str:
    # Neither the motive nor "RSA" in a text message: a phone screen is read by others too.
    start = timezone.localtime(appointment.start)
    site = appointment.site
    return (
        f"Vous êtes convoqué·e le {date_format(start, 'l j F')} à {start:%H:%M}, "
        f"{site.name}, {site.address}. Un courrier suit. "
        + (f"En cas d'empêchement, appelez le {site.phone}." if site.phone else "")
    ).strip()


def _send(convocation: Convocation) -> None:
    person, appointment = convocation.person, convocation.appointment
    if convocation.sent_by_sms:
        notify_by_sms(to=person.phone, kind="rsa_convocation", body=message_text(appointment))
    if convocation.sent_by_email:
        notify_by_email(
            to=person.email,
            kind="rsa_convocation",
            subject="Votre convocation à un entretien",
            body=message_text(appointment),
        )
