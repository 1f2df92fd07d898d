"""Exits from the RSA pathway, with their coded reason (durable job, training, income…)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from relais.audit.services import diff, record_change
from relais.people.models import Event
from relais.people.services import write_event
from relais.rsa.models import Contract, Exit
from relais.rsa.services import contracts


class ExitError(ValueError):
    """An exit the rules refuse; the message says what to do, in French."""


@transaction.atomic
def record_exit(*, user, person, on: dt.date, reason: str) -> Exit:
    """Record the exit; the contracts still running end on the same day."""
    if reason not in Exit.Reason.values:
        raise ExitError("Choisissez le motif de sortie dans la liste.")
    if on > timezone.localdate():
        raise ExitError("La date de sortie ne peut pas être dans le futur.")
    if person.rsa_exits.filter(on=on).exists():
        raise ExitError(f"Une sortie est déjà enregistrée le {on:%d/%m/%Y} pour cette personne.")
    exit_ = Exit.objects.create(person=person, on=on, reason=reason, recorded_by=user)
    record_change(
        user=user, person=person, obj=exit_, changes=diff({}, {"on": on, "reason": reason})
    )
    write_event(
        person=person,
        kind=Event.Kind.RSA,
        user=user,
        source=exit_,
        summary=f"Sortie du parcours le {on:%d/%m/%Y} : {exit_.get_reason_display()}",
    )
    _end_running_contracts(user=user, person=person, on=on)
    return exit_


def _end_running_contracts(*, user, person, on: dt.date) -> None:
    # Left the pathway: a contract signed before the exit cannot go on (nor be "due" later).
    running = person.contracts.filter(
        status__in=[Contract.Status.SIGNED, Contract.Status.ACTIVE], signed_on__lte=on
    )
    for contract in running:
        contracts.end(user=user, contract=contract, ended_on=on)
