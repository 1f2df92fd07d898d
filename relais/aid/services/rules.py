"""The category's ceilings and papers, checked at submission and again at the decision."""

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Sum
from django.utils import timezone

from relais.aid.models import AidApplication, Status
from relais.aid.services import AidError
from relais.aid.services.common import euros

GRANTED = (Status.APPROVED, Status.PAID)


def window_start(today: dt.date) -> dt.date:
    """12 rolling months: an aid decided exactly 12 months ago no longer counts."""
    return today - relativedelta(months=12)


def granted_in_window(person, category, today: dt.date, *, exclude=None) -> Decimal:
    """What the person was granted in this category over the last 12 months."""
    start = timezone.make_aware(dt.datetime.combine(window_start(today), dt.time.max))
    rows = AidApplication.objects.filter(
        person=person, category=category, status__in=GRANTED, decided_at__gt=start
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.aggregate(total=Sum("amount_granted"))["total"] or Decimal("0")


def check_ceilings(application, amount: Decimal, today: dt.date) -> None:
    category = application.category
    if amount > category.ceiling_per_application:
        raise AidError(
            f"Le plafond de la catégorie « {category} » est de "
            f"{euros(category.ceiling_per_application)} par demande : ramenez le montant à ce "
            "plafond au plus."
        )
    already = granted_in_window(application.person, category, today, exclude=application)
    if already + amount > category.ceiling_per_person:
        left = max(category.ceiling_per_person - already, Decimal("0"))
        raise AidError(
            f"Le plafond de la catégorie « {category} » est de "
            f"{euros(category.ceiling_per_person)} par personne sur 12 mois ; "
            f"{euros(already)} ont déjà été accordés : il reste {euros(left)}."
        )


def missing_documents(application) -> list[str]:
    present = set(application.documents.values_list("kind", flat=True))
    return [
        what
        for what, kinds in application.category.required_documents()
        if not present.intersection(kinds)
    ]
