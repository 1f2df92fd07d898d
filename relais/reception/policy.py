"""Who may record and see visits, and read or edit an MDS's emergency procedure.

The reception log belongs to the organisation that keeps it: an agent of a département
organisation (MDS or département service) records visits and sees those of their current
organisation only. Partners, employers and steering staff record nothing; steering will read
aggregated figures, never the log itself.
"""

from django.db.models import QuerySet
from django.http import Http404

from relais.accounts.models import Role
from relais.people.policy import membership_of, role_of

RECORD_ROLES = {
    Role.RECEPTION_OFFICER,
    Role.SOCIAL_WORKER,
    Role.EMPLOYMENT_AGENT,
    Role.MDS_MANAGER,
}
EDIT_PROCEDURE_ROLES = {Role.MDS_MANAGER}


def can_record_visits(user) -> bool:
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role in RECORD_ROLES
        and membership.organisation.is_departement
    )


def visible_visits(queryset: QuerySet, user) -> QuerySet:
    if not can_record_visits(user):
        return queryset.none()
    return queryset.filter(organisation_id=membership_of(user).organisation_id)


def visit_or_404(user, uuid):
    """The gatekeeper: the same 404 for another organisation's visit and a missing one."""
    from relais.reception.models import Visit

    visit = (
        visible_visits(Visit.objects.all(), user)
        .select_related("site", "partner", "person", "recorded_by")
        .prefetch_related("motives", "interpreting_sessions")
        .filter(uuid=uuid)
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def procedure_organisation(user):
    """The MDS whose emergency procedure this agent reads: their current one, if an MDS."""
    membership = membership_of(user)
    if membership is None or membership.organisation.kind != membership.organisation.Kind.MDS:
        return None
    return membership.organisation


def procedure_organisation_or_404(user):
    organisation = procedure_organisation(user)
    if organisation is None:
        raise Http404
    return organisation


def can_edit_procedure(user) -> bool:
    return procedure_organisation(user) is not None and role_of(user) in EDIT_PROCEDURE_ROLES


def recording_sites(user) -> QuerySet:
    """The sites where this agent may record a visit: those of their current organisation."""
    from relais.territory.models import Site

    if not can_record_visits(user):
        return Site.objects.none()
    return Site.objects.filter(
        organisation_id=membership_of(user).organisation_id, is_active=True
    ).order_by("pk")


def partner_organisations(user) -> QuerySet:
    """Where a person may be oriented: any active organisation of the agent's département."""
    from relais.territory.models import Organisation

    membership = membership_of(user)
    if membership is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        departement_id=membership.organisation.departement_id, is_active=True
    ).order_by("name")
