"""Who hears of a prescription's step: the operator, the prescriber, the référent de parcours.

Bodies carry the programme's name and a link, never the person's name: the rows that keep
them may be read by the support team, and an e-mail may be forwarded.
"""

from django.conf import settings
from django.urls import reverse

from relais.accounts.models import Role, User
from relais.core.notifications import notify_by_email


def _link(name: str, prescription) -> str:
    return settings.RELAIS_BASE_URL.rstrip("/") + reverse(
        name, kwargs={"prescription_uuid": prescription.uuid}
    )


def operator_addresses(programme) -> list[str]:
    staff = User.objects.filter(
        is_active=True,
        memberships__is_active=True,
        memberships__role=Role.OPERATOR,
        memberships__organisation_id=programme.operator_id,
    ).distinct()
    emails = sorted({user.email for user in staff})
    if not emails and programme.operator.email:
        emails = [programme.operator.email]
    return emails


def tell_operator(prescription, subject: str, text: str) -> None:
    link = _link("programmes:portal_prescription", prescription)
    for email in operator_addresses(prescription.programme):
        notify_by_email(
            to=email, kind="prescription_operator", subject=subject, body=f"{text}\n\n{link}\n"
        )


def tell_prescriber(prescription, subject: str, text: str, *, actor=None) -> None:
    prescriber = prescription.prescriber
    if prescriber.is_active and prescriber != actor:
        # A language platform's orientation: its staff follow it from their portal page.
        if prescription.origin_id is not None:
            link = _link("programmes:portal_prescription", prescription.origin)
        else:
            link = _link("programmes:prescription", prescription)
        notify_by_email(
            to=prescriber.email,
            kind="prescription_prescriber",
            subject=subject,
            body=f"{text}\n\n{link}\n",
        )


def tell_referent(prescription, subject: str, text: str, *, actor=None) -> None:
    """The référent de parcours coordinates the pathway: every step reaches them."""
    referent = prescription.person.referent
    if referent is None or not referent.is_active or referent in (actor, prescription.prescriber):
        return
    link = _link("programmes:prescription", prescription)
    notify_by_email(
        to=referent.email, kind="prescription_referent", subject=subject, body=f"{text}\n\n{link}\n"
    )
