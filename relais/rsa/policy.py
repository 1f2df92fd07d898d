"""Who may do what in the RSA pathway. Views ask here; nothing else decides.

Persons are always reached through `Person.objects.visible_to(user)` (the people policy); the
functions below add what the role allows on top of that.
"""

from django.db.models import Q

from relais.accounts.models import Role
from relais.people.policy import can_view_person, membership_of, register_access_rule, role_of
from relais.territory.models import Organisation

# The administrative staff import the CAF flows and convene (action sheet 4.1); managers too.
IMPORT_ROLES = {Role.RECEPTION_OFFICER, Role.MDS_MANAGER}
WORKLIST_ROLES = {
    Role.RECEPTION_OFFICER,
    Role.EMPLOYMENT_AGENT,
    Role.SOCIAL_WORKER,
    Role.MDS_MANAGER,
}
CONVENE_ROLES = {Role.RECEPTION_OFFICER, Role.EMPLOYMENT_AGENT, Role.MDS_MANAGER}
DIAGNOSTIC_ROLES = {Role.EMPLOYMENT_AGENT, Role.SOCIAL_WORKER}
# "An authorised agent decides": the ADE who held the appointment, or the MDS manager.
ORIENT_ROLES = {Role.EMPLOYMENT_AGENT, Role.MDS_MANAGER}
CONTRACT_ROLES = {Role.EMPLOYMENT_AGENT, Role.SOCIAL_WORKER, Role.MDS_MANAGER}
EP_SECRETARIAT_ROLES = {Role.RECEPTION_OFFICER, Role.MDS_MANAGER}
# The président's delegate at the EP is an MDS manager.
EP_DECISION_ROLES = {Role.MDS_MANAGER}
INDICATOR_ROLES = {Role.MDS_MANAGER, Role.STEERING}
# Partners who follow a person after an orientation (France Travail, mission locale…) see
# the pathway of the persons oriented to them, through the access rule below.
PATHWAY_VIEW_ROLES = WORKLIST_ROLES | {Role.OPERATOR}


def _oriented_to_rule(membership) -> Q:
    """A partner the person is oriented to (the current orientation) follows the file."""
    from relais.rsa.models import Orientation

    oriented = Orientation.objects.filter(referent_organisation_id=membership.organisation_id)
    return Q(pk__in=oriented.values("person_id"))


register_access_rule("rsa_orientation", _oriented_to_rule)


def _has(user, roles) -> bool:
    return role_of(user) in roles


def can_import(user) -> bool:
    return _has(user, IMPORT_ROLES)


def can_see_worklists(user) -> bool:
    return _has(user, WORKLIST_ROLES)


def can_convene(user) -> bool:
    return _has(user, CONVENE_ROLES)


def can_view_pathway(user, person) -> bool:
    return _has(user, PATHWAY_VIEW_ROLES) and can_view_person(user, person)


def can_write_diagnostic(user, person) -> bool:
    return _has(user, DIAGNOSTIC_ROLES) and can_view_person(user, person)


def can_orient(user, person) -> bool:
    return _has(user, ORIENT_ROLES) and can_view_person(user, person)


def can_request_reorientation(user, person) -> bool:
    """The référent de parcours asks; the decision is the département's (can_orient)."""
    return _has(user, CONTRACT_ROLES | {Role.OPERATOR}) and can_view_person(user, person)


def can_manage_contracts(user, person) -> bool:
    return _has(user, CONTRACT_ROLES) and can_view_person(user, person)


def can_see_joint_supports(user) -> bool:
    """The quarterly technical committee's list (action sheet 5.1)."""
    return _has(user, CONTRACT_ROLES)


def can_manage_ep(user) -> bool:
    return _has(user, EP_SECRETARIAT_ROLES)


def can_decide_ep(user) -> bool:
    return _has(user, EP_DECISION_ROLES)


def can_view_indicators(user) -> bool:
    return _has(user, INDICATOR_ROLES)


def current_organisation(user) -> Organisation | None:
    membership = membership_of(user)
    return membership.organisation if membership else None
