"""Who may do what with the FARE82 fund. Views ask here; nothing else decides.

Only the département's social workers (ASS) and employment agents (ADE) apply (action sheet
7.1), for persons they can see; the secretariat of the Direction de la Cohésion sociale (a
département service: its secretariat and managers) studies, decides and pays. A partner, or an
agent of another MDS, never sees an application.
"""

from django.db.models import QuerySet

from relais.accounts.models import Role
from relais.people.policy import can_view_person, membership_of, role_of
from relais.territory.models import Organisation

DEPARTEMENT_KINDS = {Organisation.Kind.MDS, Organisation.Kind.DEPARTEMENT_SERVICE}
APPLY_ROLES = {Role.SOCIAL_WORKER, Role.EMPLOYMENT_AGENT}
# The MDS managers follow their team's applications without applying themselves.
FOLLOW_ROLES = APPLY_ROLES | {Role.MDS_MANAGER}
DECIDE_ROLES = {Role.RECEPTION_OFFICER, Role.MDS_MANAGER}
# The budget and the indicators: figures only, for the steering and the managers.
FIGURE_ROLES = {Role.STEERING, Role.MDS_MANAGER}


def _kind(user) -> str | None:
    membership = membership_of(user)
    return membership.organisation.kind if membership else None


def is_departement_agent(user) -> bool:
    return role_of(user) in APPLY_ROLES and _kind(user) in DEPARTEMENT_KINDS


def can_apply(user, person) -> bool:
    """A département agent who sees the person; whether this team may apply for them (the
    team of their référent de parcours) is the eligibility's explained answer."""
    return is_departement_agent(user) and can_view_person(user, person)


def is_secretariat(user) -> bool:
    """Decides and pays: the secretariat and managers of the organisation a fund names."""
    from relais.aid.models import AidFund

    membership = membership_of(user)
    if membership is None or membership.role not in DECIDE_ROLES:
        return False
    # A direction of the Département, never an MDS: no query for the MDS managers.
    if membership.organisation.kind != Organisation.Kind.DEPARTEMENT_SERVICE:
        return False
    # Asked by the menu on every page: once per membership and request.
    if not hasattr(membership, "_aid_secretariat"):
        membership._aid_secretariat = AidFund.objects.filter(
            secretariat_id=membership.organisation_id
        ).exists()
    return membership._aid_secretariat


def follows_applications(user) -> bool:
    """The agents and managers of an MDS or a département service: their team's applications."""
    return role_of(user) in FOLLOW_ROLES and _kind(user) in DEPARTEMENT_KINDS


def can_view_figures(user) -> bool:
    return is_secretariat(user) or (
        role_of(user) in FIGURE_ROLES and _kind(user) in DEPARTEMENT_KINDS
    )


def visible_applications(user) -> QuerySet:
    """The secretariat: every application of the département; an MDS team: its own."""
    from relais.aid.models import AidApplication
    from relais.people.models import Person

    membership = membership_of(user)
    if membership is None:
        return AidApplication.objects.none()
    departement_id = membership.organisation.departement_id
    if is_secretariat(user):
        # Drafts stay the agent's until they are sent.
        return AidApplication.objects.filter(
            departement_id=departement_id, submitted_at__isnull=False
        )
    if follows_applications(user):
        return AidApplication.objects.filter(
            applicant_organisation_id=membership.organisation_id,
            person__in=Person.objects.visible_to(user),
        )
    return AidApplication.objects.none()


def can_edit(user, application) -> bool:
    """The applicant's team completes a draft or an incomplete application."""
    return (
        is_departement_agent(user)
        and application.applicant_organisation_id == membership_of(user).organisation_id
    )


def can_decide(user, application) -> bool:
    return is_secretariat(user) and application.departement_id == (
        membership_of(user).organisation.departement_id
    )
