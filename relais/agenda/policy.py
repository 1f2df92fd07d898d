"""Who may see and change agendas and appointments.

Agendas are shared inside an organisation of the département: its reception officers book in
every agenda of their MDS. An appointment is seen by the organisation that holds it, and only
if the person's file is visible to the agent. A planned appointment opens the person's file to
the organisation that will receive them (registered with the people policy).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from relais.accounts.models import Role
from relais.people.policy import membership_of, register_access_rule

BOOKING_ROLES = {
    Role.RECEPTION_OFFICER,
    Role.SOCIAL_WORKER,
    Role.EMPLOYMENT_AGENT,
    Role.MDS_MANAGER,
}
MANAGING_ROLES = {Role.RECEPTION_OFFICER, Role.MDS_MANAGER}


def _planned_appointment_rule(membership) -> Q:
    from relais.agenda.models import Appointment

    holding = Appointment.objects.filter(
        organisation_id=membership.organisation_id, status=Appointment.Status.PLANNED
    ).values("person_id")
    return Q(pk__in=holding)


register_access_rule("planned_appointment", _planned_appointment_rule)


def _works_in_departement_org(user) -> bool:
    membership = membership_of(user)
    return (
        membership is not None
        and membership.role in BOOKING_ROLES
        and membership.organisation.is_departement
    )


def can_book(user) -> bool:
    return _works_in_departement_org(user)


def can_manage_agendas(user) -> bool:
    membership = membership_of(user)
    return _works_in_departement_org(user) and membership.role in MANAGING_ROLES


def visible_agendas(queryset: QuerySet, user) -> QuerySet:
    if not _works_in_departement_org(user):
        return queryset.none()
    return queryset.filter(organisation_id=membership_of(user).organisation_id)


def visible_appointments(queryset: QuerySet, user) -> QuerySet:
    from relais.people.models import Person

    if not _works_in_departement_org(user):
        return queryset.none()
    return queryset.filter(
        organisation_id=membership_of(user).organisation_id,
        person__in=Person.objects.visible_to(user).values("pk"),
    )


def agenda_or_404(user, uuid):
    from relais.agenda.models import Agenda

    agenda = visible_agendas(Agenda.objects.select_related("site"), user).filter(uuid=uuid).first()
    if agenda is None:
        raise Http404
    return agenda


def appointment_or_404(user, uuid):
    from relais.agenda.models import Appointment

    appointment = (
        Appointment.objects.visible_to(user)
        .select_related("person", "motive", "agenda", "site", "organisation")
        .filter(uuid=uuid)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment
