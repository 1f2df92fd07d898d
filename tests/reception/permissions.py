"""Who opens the reception pages: the agents of a département organisation, for their own
organisation only; partners, employers and steering staff get the gatekeeper's 404."""

from django.utils import timezone

from relais.reception import services
from relais.reception.models import Channel, Motive, Outcome
from relais.territory.models import Site
from tests.permissions import _A_FILE_ROLES, only, rule

MDS_AGENTS = (*_A_FILE_ROLES, "social_worker_b", "manager_b")

EXPECTED = {
    "reception:home": only(MDS_AGENTS, 200),
    "reception:person_lookup": rule(405),  # POST only, refused before the gatekeeper runs.
    "reception:visits": only(MDS_AGENTS, 200),
    "reception:visit": only(_A_FILE_ROLES, 200),  # A visit recorded at MDS A.
    "reception:procedure": only(MDS_AGENTS, 200),
    "reception:procedure_edit": only(["manager_a", "manager_b"], 200),
    "reception:procedure_history": only(MDS_AGENTS, 200),
    # The appointment held by MDS A for person_a (tests/agenda/permissions.py).
    "reception:appointment_interpreting": only(_A_FILE_ROLES, 200),
}


def url_kwargs(world) -> dict:
    visit = services.record_visit(
        user=world.user("reception_a"),
        data={
            "site": Site.objects.get(organisation=world.mds_a),
            "occurred_at": timezone.now(),
            "channel": Channel.WALK_IN,
            "motives": [Motive.HOUSING],
            "outcome": Outcome.INFORMATION_GIVEN,
            "person": world.person_a,
        },
    )
    return {"visit_uuid": visit.uuid}
