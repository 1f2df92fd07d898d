"""Permission rules of the EP pages: the secretariat and the managers of the case's MDS."""

from tests.permissions import only, rule
from tests.rsa.ep_helpers import decided_case

_EP_MANAGERS = ("reception_a", "manager_a", "manager_b")  # each sees their own MDS's EP
_EP_A = ("reception_a", "manager_a")

EXPECTED = {
    "rsa:ep_list": only(_EP_MANAGERS, 200),
    "rsa:ep_session_create": only(_EP_MANAGERS, 200),
    "rsa:ep_session": only(_EP_A, 200),
    "rsa:ep_session_letters": only(_EP_A, 200),
    "rsa:ep_case": only(_EP_A, 200),
    "rsa:ep_case_letter": only(_EP_A, 200),
    "rsa:sanction_lift": rule(405),  # POST only, refused before the gatekeeper runs.
}


def url_kwargs(world) -> dict:
    # person_a's breach at MDS A, decided today: a suspension, its letter, its sanction.
    case = decided_case(world)
    return {
        "session_uuid": case.session.uuid,
        "case_uuid": case.uuid,
        "sanction_uuid": case.sanction.uuid,
    }
