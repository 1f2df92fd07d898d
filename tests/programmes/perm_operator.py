"""Permission rules of the operator's portal: the operator persona (a member of world.partner)
and nobody else; answers and programme specifics are POST-only (405 to a GET, before any
gatekeeper)."""

import datetime as dt

from django.utils import timezone

from relais.programmes.models import CapacityModel, IntakeMode
from relais.programmes.services import prescriptions as services
from tests.permissions import only, rule
from tests.programmes.helpers import consent, make_programme, make_session

_OPERATOR = ("operator",)

EXPECTED = {
    "programmes:portal": only(_OPERATOR, 200),
    "programmes:portal_prescription": only(_OPERATOR, 200),
    "programmes:accept": rule(405),
    "programmes:waitlist": rule(405),
    "programmes:refuse": rule(405),
    "programmes:enter": rule(405),
    "programmes:end": rule(405),
    "programmes:portal_programme": only(_OPERATOR, 200),
    # The matrix's programme runs in continuous places: its staff are sent to its page (the
    # form of a dated programme's sessions is tested in test_operator_programme.py).
    "programmes:session_create": only(_OPERATOR, 302),
    "programmes:session_places": only(_OPERATOR, 200),
    "programmes:assessment_add": rule(405),
    "programmes:orient_course": rule(405),
    "programmes:work_day_add": rule(405),
}


def url_kwargs(world) -> dict:
    """A continuous programme of world.partner with person_a's prescription (the prescriber
    side's rules build the same shape and may supply these two values), and a dated
    programme's session."""
    programme = make_programme(world.partner, name="Action de la matrice (portail)")
    consent(world.person_a)
    prescription = services.prescribe(
        user=world.user("social_worker_a"),
        person=world.person_a,
        programme=programme,
        objective="Reprendre un rythme",
    )
    dated = make_programme(
        world.partner,
        name="Formation de la matrice (portail)",
        capacity_model=CapacityModel.INTAKE,
        intake_mode=IntakeMode.DATED,
        places=None,
    )
    session = make_session(dated, timezone.localdate() + dt.timedelta(days=7), places=10)
    return {
        "programme_uuid": programme.uuid,
        "prescription_uuid": prescription.uuid,
        "intake_uuid": session.uuid,
    }
