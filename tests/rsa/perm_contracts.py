"""Permission rules of contracts, joint support with France Travail and exits."""

from tests.permissions import only
from tests.rsa.contract_helpers import make_contract, make_orientation, make_support

# The agents who accompany the person (ASS, ADE) and the MDS manager, for MDS A's person.
_CONTRACT_A = ("social_worker_a", "employment_agent_a", "manager_a")
# The quarterly committee list: every ASS, ADE and MDS manager, on the persons they may see.
_COMMITTEE = (*_CONTRACT_A, "social_worker_b", "manager_b")

EXPECTED = {
    "rsa:contract_create": only(_CONTRACT_A, 200),
    "rsa:contract": only(_CONTRACT_A, 200),
    "rsa:contract_edit": only(_CONTRACT_A, 200),
    "rsa:contract_pdf": only(_CONTRACT_A, 200),
    "rsa:joint_support_create": only(_CONTRACT_A, 200),
    "rsa:joint_support_end": only(_CONTRACT_A, 200),
    "rsa:joint_supports": only(_COMMITTEE, 200),
    "rsa:exit_create": only(_CONTRACT_A, 200),
}


def url_kwargs(world) -> dict:
    orientation = make_orientation(world.person_a, notified=True)
    contract = make_contract(world.person_a, orientation=orientation)
    support = make_support(world)
    return {"contract_uuid": contract.uuid, "support_uuid": support.uuid}
