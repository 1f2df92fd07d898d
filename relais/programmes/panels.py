"""The insertion offer on a person's page: the prescriptions section and the prescribe action.

Registered with people at start-up (apps.py calls register()): people does not import us.
"""

from relais.programmes import policy
from relais.programmes.models import Prescription


def person_panel(user, person) -> dict | None:
    """One query: the person's prescriptions with their programme and its operator."""
    if not policy.can_view_prescriptions_of(user, person):
        return None
    prescriptions = policy.prescriptions_seen(
        user, Prescription.objects.filter(person_id=person.pk)
    ).select_related("programme__operator")
    return {
        "prescriptions": list(prescriptions),
        "can_prescribe": policy.can_prescribe(user, person),
    }


def register() -> None:
    from relais.people.actions import register_person_action
    from relais.people.panels import register_person_panel

    register_person_panel("programmes/_panel.html", person_panel)
    register_person_action("Prescrire une action", "programmes:prescribe", policy.can_prescribe)
