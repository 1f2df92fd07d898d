"""What every change of an application does: check the move, log it, write the timeline."""

from decimal import Decimal

from django.utils.formats import number_format

from relais.aid.models import TRANSITIONS, AidApplication, Status
from relais.aid.services import AidError
from relais.audit.services import diff, record_change
from relais.people.models import Event
from relais.people.services import write_event

TRACKED = (
    "status",
    "amount_requested",
    "amount_granted",
    "category_id",
    "refusal_reason",
    "missing_items",
    "paid_on",
    "payment_reference",
    "payment_batch_id",
    "iban_last4",
    "payee_name",
)


def euros(amount: Decimal) -> str:
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} €"


def state(application) -> dict:
    return {name: getattr(application, name) for name in TRACKED}


def check_move(application, target: str) -> None:
    if target not in TRANSITIONS[Status(application.status)]:
        raise AidError(
            f"Une demande « {application.get_status_display().lower()} » ne peut pas passer à "
            f"« {Status(target).label.lower()} » : rien n'a été modifié."
        )


def log(user, application, before: dict, summary: str) -> None:
    """The audit trail gets the values; the shared timeline only the step, in neutral words:
    whoever sees the file sees that an aid was asked, not its amount, reason or papers."""
    record_change(
        user=user,
        person=application.person,
        obj=application,
        changes=diff(before, state(application)),
    )
    write_event(
        person=application.person,
        kind=Event.Kind.AID,
        user=user,
        source=application,
        summary=summary[:300],
        data={"status": application.status},
    )


def locked(application) -> AidApplication:
    """The application as it is now, locked: another agent may have acted meanwhile."""
    return (
        AidApplication.objects.select_for_update(of=("self",))
        .select_related("category", "person", "fund")
        .get(pk=application.pk)
    )
