"""Who may do what in the insertion offer. Views ask here; nothing else decides.

Two sides. Prescribers (ASS, ADE, MDS managers, partners' staff) reach persons through the
people policy (`visible_to`) and prescribe to any open programme. Operators reach only the
prescriptions sent to the programmes their organisation runs, with the minimum of the
person's data: a prescription does not open the person's whole file to the operator (ADR 006).
"""

from django.db.models import Q, QuerySet

from relais.accounts.models import Role
from relais.people.policy import can_view_person, membership_of, role_of

PRESCRIBE_ROLES = {Role.SOCIAL_WORKER, Role.EMPLOYMENT_AGENT, Role.MDS_MANAGER, Role.OPERATOR}
CATALOGUE_ROLES = PRESCRIBE_ROLES | {Role.RECEPTION_OFFICER, Role.STEERING}
INDICATOR_ROLES = {Role.MDS_MANAGER, Role.STEERING}


def _has(user, roles) -> bool:
    return role_of(user) in roles


def _organisation_id(user) -> int | None:
    membership = membership_of(user)
    return membership.organisation_id if membership else None


def can_see_catalogue(user) -> bool:
    return _has(user, CATALOGUE_ROLES)


def can_prescribe(user, person) -> bool:
    return _has(user, PRESCRIBE_ROLES) and can_view_person(user, person)


def can_view_prescriptions_of(user, person) -> bool:
    """The prescriptions section of a person's page."""
    return can_prescribe(user, person)


def prescriptions_seen(user, queryset: QuerySet) -> QuerySet:
    """A partner's staff see, in a file they follow, only the prescriptions their organisation
    sent or received: another operator's answers are none of their business."""
    if role_of(user) != Role.OPERATOR:
        return queryset
    organisation_id = _organisation_id(user)
    return queryset.filter(
        Q(prescriber_organisation_id=organisation_id) | Q(programme__operator_id=organisation_id)
    )


def can_withdraw(user, prescription) -> bool:
    """The prescriber, or a prescriber of the same organisation (a colleague takes over)."""
    return (
        _has(user, PRESCRIBE_ROLES)
        and prescription.prescriber_organisation_id == _organisation_id(user)
        and can_view_person(user, prescription.person)
    )


# The operator's portal.


def is_operator(user) -> bool:
    return _has(user, {Role.OPERATOR}) and operated_programmes(user).exists()


def operated_programmes(user) -> QuerySet:
    from relais.programmes.models import Programme

    if role_of(user) != Role.OPERATOR:
        return Programme.objects.none()
    return Programme.objects.filter(operator_id=_organisation_id(user))


def portal_prescriptions(user) -> QuerySet:
    """The prescriptions an operator may see: those to the programmes it runs, nothing else."""
    from relais.programmes.models import Prescription

    if role_of(user) != Role.OPERATOR:
        return Prescription.objects.none()
    return Prescription.objects.filter(programme__operator_id=_organisation_id(user))


def can_answer(user, prescription) -> bool:
    return role_of(user) == Role.OPERATOR and (
        prescription.programme.operator_id == _organisation_id(user)
    )


def can_manage_programme(user, programme) -> bool:
    """Sessions, coaches, places: the operator's staff."""
    return role_of(user) == Role.OPERATOR and programme.operator_id == _organisation_id(user)


def can_view_indicators(user) -> bool:
    return _has(user, INDICATOR_ROLES) or is_operator(user)


def indicator_programmes(user) -> QuerySet:
    """Managers and steering: every programme of the département; an operator: its own."""
    from relais.programmes.models import Programme

    membership = membership_of(user)
    if membership is None:
        return Programme.objects.none()
    if _has(user, INDICATOR_ROLES):
        return Programme.objects.filter(departement_id=membership.organisation.departement_id)
    return operated_programmes(user)
