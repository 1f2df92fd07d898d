"""The RSA section of the person's page (registered with people.panels at start-up)."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from relais.people.models import Person
from relais.rsa import policy
from relais.rsa.deadlines import Clock, orientation_due
from relais.rsa.models import Beneficiary, Contract, Orientation


def person_panel(user, person) -> dict | None:
    """One query for a person outside the RSA pathway (most files), a few more inside it."""
    if not policy.can_view_pathway(user, person):
        return None
    latest = Orientation.objects.filter(person=OuterRef("pk")).order_by("-decided_on", "-id")
    signed = Contract.objects.filter(person=OuterRef("pk")).exclude(status="draft")
    row = (
        Person.objects.filter(pk=person.pk)
        .select_related("beneficiary__rsa_file")
        .annotate(
            orientation_pk=Subquery(latest.values("pk")[:1]),
            orientation_on=Subquery(latest.values("decided_on")[:1]),
            contract_pk=Subquery(signed.order_by("-starts_on", "-id").values("pk")[:1]),
        )
        .get()
    )
    try:
        beneficiary = row.beneficiary
    except Beneficiary.DoesNotExist:
        beneficiary = None
    if beneficiary is None and row.orientation_pk is None and row.contract_pk is None:
        return None  # not in the RSA pathway: no empty section on every file
    orientation = (
        Orientation.objects.select_related("referent_organisation").get(pk=row.orientation_pk)
        if row.orientation_pk
        else None
    )
    return {
        "beneficiary": beneficiary,
        "orientation": orientation,
        "orientation_clock": _clock(beneficiary, row.orientation_on),
        "contract": Contract.objects.get(pk=row.contract_pk) if row.contract_pk else None,
    }


def _clock(beneficiary, oriented_on) -> Clock | None:
    """The 6-week clock while the current rights-and-duties episode has no orientation."""
    if beneficiary is None or not beneficiary.subject_to_duties:
        return None
    entered = beneficiary.duties_entered_on
    if entered is None or (oriented_on is not None and oriented_on >= entered):
        return None
    return Clock(due=orientation_due(entered), today=timezone.localdate())
