"""The RSA section of the person's page (registered with people.panels at start-up)."""

from django.utils import timezone

from relais.rsa import policy
from relais.rsa.models import Beneficiary
from relais.rsa.queries.pathway import orientation_clock


def person_panel(user, person) -> dict | None:
    if not policy.can_view_pathway(user, person):
        return None
    beneficiary = Beneficiary.objects.filter(person=person).select_related("rsa_file").first()
    orientation = person.orientations.select_related("referent_organisation").first()
    if beneficiary is None and orientation is None and not person.contracts.exists():
        return None  # not in the RSA pathway: no empty section on every file
    return {
        "beneficiary": beneficiary,
        "orientation": orientation,
        "orientation_clock": orientation_clock(person, timezone.localdate()),
        "contract": person.contracts.exclude(status="draft").first(),
    }
