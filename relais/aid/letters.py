"""The decision's letters: to the person, and the notice to the agent who applied.

One context for both, built from the application as it stands: the letters follow the
decision (approved, then paid; refused; incomplete) and exist only once there is one.
"""

from django.conf import settings
from django.utils import timezone

from relais.aid.models import PayeeKind, Status
from relais.aid.services.common import euros
from relais.aid.services.payments import reference_of
from relais.core.pdf import render_pdf

# The statuses a letter can tell; the others (draft, submitted, under review, cancelled)
# have no decision to write about.
DECIDED = (Status.APPROVED, Status.PAID, Status.REFUSED, Status.INCOMPLETE)


def has_decision(application) -> bool:
    return application.status in DECIDED


def context_of(application) -> dict:
    granted = application.amount_granted
    person = application.person
    return {
        "application": application,
        "person": person,
        "salutation": "Madame" if person.sex == "F" else "Monsieur",
        "reference": reference_of(application),
        "requested": euros(application.amount_requested),
        "granted": euros(granted) if granted is not None else "",
        "to_person": application.payee_kind == PayeeKind.PERSON,
        "is_granted": application.status in (Status.APPROVED, Status.PAID),
        "departement_name": settings.RELAIS_DEPARTEMENT_NAME,
        "today": timezone.localdate(),
    }


def person_letter(application) -> bytes:
    """The decision, written to the person (raises core.pdf.PdfUnavailable without Pango)."""
    return render_pdf("aid/letters/person.html", context_of(application))


def agent_letter(application) -> bytes:
    """The notice to the applicant agent: the decision and what to do next."""
    return render_pdf("aid/letters/agent.html", context_of(application))


def filename(application, whom: str) -> str:
    """No personal data in a file name: the reference and the day it was printed."""
    return f"fare82-{whom}-{reference_of(application).lower()}-{timezone.localdate():%Y%m%d}.pdf"
