"""Who may see and do what with a person's file. Views ask here; nothing else decides.

Need-to-know: an agent sees a person when their *current* organisation covers the person's
commune (a sector), is the organisation of the person's référent de parcours, or has an open
follow-up registered by a later module (appointment, orientation, prescription). Steering staff
see figures, never files.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404

from relais.accounts.models import Membership, Role
from relais.territory.models import Sector

# Roles that work on persons' files at all.
FILE_ROLES = {
    Role.SOCIAL_WORKER,
    Role.EMPLOYMENT_AGENT,
    Role.RECEPTION_OFFICER,
    Role.MDS_MANAGER,
    Role.OPERATOR,
}
CREATE_ROLES = {Role.SOCIAL_WORKER, Role.EMPLOYMENT_AGENT, Role.RECEPTION_OFFICER, Role.MDS_MANAGER}
EDIT_ROLES = CREATE_ROLES
# Documents hold the most sensitive data: only those who accompany the person.
DOCUMENT_ROLES = {Role.SOCIAL_WORKER, Role.EMPLOYMENT_AGENT, Role.MDS_MANAGER}
REFERENT_ROLES = {Role.SOCIAL_WORKER, Role.EMPLOYMENT_AGENT}
ASSIGN_REFERENT_ROLES = {Role.SOCIAL_WORKER, Role.EMPLOYMENT_AGENT, Role.MDS_MANAGER}

# Later modules register here the follow-ups that open a file to an organisation, as a
# function (membership) -> Q on Person. One place, read by visible_persons().
AccessRule = Callable[[Membership], Q]
_access_rules: dict[str, AccessRule] = {}


def register_access_rule(name: str, rule: AccessRule) -> None:
    _access_rules[name] = rule


def membership_of(user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "membership", None)


def role_of(user) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def _sector_rule(membership: Membership) -> Q:
    covered = Sector.communes.through.objects.filter(
        sector__organisation_id=membership.organisation_id
    ).values("commune_id")
    return Q(commune_id__in=covered)


def _referent_rule(membership: Membership) -> Q:
    return Q(referent_organisation_id=membership.organisation_id)


register_access_rule("sector", _sector_rule)
register_access_rule("referent", _referent_rule)


def visible_persons(queryset: QuerySet, user) -> QuerySet:
    membership = membership_of(user)
    if membership is None or membership.role not in FILE_ROLES:
        return queryset.none()
    # An empty Q() would match everyone: a rule that grants nothing is skipped, not OR-ed.
    grants = [q for q in (rule(membership) for rule in _access_rules.values()) if q]
    if not grants:
        return queryset.none()
    condition = grants[0]
    for grant in grants[1:]:
        condition |= grant
    return queryset.filter(condition, departement_id=membership.organisation.departement_id)


def visible_person_or_404(user, uuid, *, select_related=()):
    """The gatekeeper for views: the same 404 for a file that does not exist and one out of reach.

    The person it returns remembers for whom it was checked, so the finer checks below need
    no second query.
    """
    from relais.people.models import Person

    person = (
        Person.objects.visible_to(user).select_related(*select_related).filter(uuid=uuid).first()
    )
    if person is None:
        raise Http404
    person._visible_for = (user.pk, membership_of(user).pk)
    return person


def can_view_person(user, person) -> bool:
    from relais.people.models import Person

    membership = membership_of(user)
    if membership is None:
        return False
    if getattr(person, "_visible_for", None) == (user.pk, membership.pk):
        return True
    return Person.objects.visible_to(user).filter(pk=person.pk).exists()


def can_create_person(user) -> bool:
    return role_of(user) in CREATE_ROLES


def can_edit_person(user, person) -> bool:
    return role_of(user) in EDIT_ROLES and can_view_person(user, person)


def can_view_documents(user, person) -> bool:
    return role_of(user) in DOCUMENT_ROLES and can_view_person(user, person)


def can_assign_referent(user, person) -> bool:
    return role_of(user) in ASSIGN_REFERENT_ROLES and can_view_person(user, person)


def can_view_access_history(user, person) -> bool:
    """The MDS managers who follow the person, and the person's own référent."""
    if person.referent_id is not None and person.referent_id == getattr(user, "pk", None):
        return True
    return role_of(user) == Role.MDS_MANAGER and can_view_person(user, person)


def eligible_referents(user) -> QuerySet:
    """Agents of the current organisation who can be a référent de parcours."""
    from relais.accounts.models import User

    membership = membership_of(user)
    if membership is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=membership.organisation_id,
        memberships__role__in=REFERENT_ROLES,
        memberships__is_active=True,
    ).distinct()
