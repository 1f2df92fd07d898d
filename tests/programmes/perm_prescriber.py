"""Permission rules of the prescriber's side: catalogue, programme page, prescribe, follow-up."""

from relais.programmes.services import prescriptions as services
from tests.permissions import only, rule
from tests.programmes.helpers import consent, make_programme

# Prescribers who see person_a (MDS A's sector); reception officers do not prescribe.
_PRESCRIBERS_A = ("social_worker_a", "employment_agent_a", "manager_a")

EXPECTED = {
    # Every role of the catalogue (prescribers, reception, operators, steering); not employers.
    "programmes:catalogue": rule(200, employer=404),
    "programmes:programme": rule(200, employer=404),
    "programmes:prescribe": only(_PRESCRIBERS_A, 200),
    "programmes:prescription": only(_PRESCRIBERS_A, 200),
    "programmes:withdraw": rule(405),  # POST only.
}


def url_kwargs(world) -> dict:
    programme = make_programme(world.partner, name="Action de la matrice (prescripteurs)")
    consent(world.person_a)
    prescription = services.prescribe(
        user=world.user("social_worker_a"),
        person=world.person_a,
        programme=programme,
        objective="Reprendre un rythme",
    )
    return {"programme_uuid": programme.uuid, "prescription_uuid": prescription.uuid}
