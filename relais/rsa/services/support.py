"""Joint support with France Travail (accompagnement global, action sheet 5.1).

Each function is one transaction that writes the person's timeline and the audit trail.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from relais.accounts.models import Role, User
from relais.audit.services import diff, record_change
from relais.people.models import Event
from relais.people.services import write_event
from relais.rsa.models import JointSupport
from relais.territory.models import Organisation


class SupportError(ValueError):
    """A change the rules refuse; the message says what to do, in French."""


def france_travail_agencies(departement):
    return Organisation.objects.filter(
        departement=departement, kind=Organisation.Kind.FRANCE_TRAVAIL, is_active=True
    ).order_by("name")


def departement_social_workers(departement):
    """The département's social workers (ASS of an MDS or a département service)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.SOCIAL_WORKER,
            memberships__organisation__departement=departement,
            memberships__organisation__kind__in=[
                Organisation.Kind.MDS,
                Organisation.Kind.DEPARTEMENT_SERVICE,
            ],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def _event(support: JointSupport, summary: str, user) -> None:
    write_event(
        person=support.person, kind=Event.Kind.RSA, user=user, source=support, summary=summary
    )


@transaction.atomic
def start(
    *,
    user,
    person,
    axis: int,
    adviser_name: str,
    agency: Organisation,
    social_worker,
    starts_on: dt.date,
) -> JointSupport:
    if int(axis) not in JointSupport.Axis.values:
        raise SupportError("Choisissez l'axe de l'accompagnement (1, 2 ou 3).")
    adviser_name = " ".join(adviser_name.split())
    if not adviser_name:
        raise SupportError("Indiquez le nom du conseiller ou de la conseillère France Travail.")
    if not france_travail_agencies(person.departement).filter(pk=agency.pk).exists():
        raise SupportError("Choisissez une agence France Travail du département.")
    if not departement_social_workers(person.departement).filter(pk=social_worker.pk).exists():
        raise SupportError("Choisissez un travailleur social du Département.")
    if starts_on > timezone.localdate():
        raise SupportError("La date de début ne peut pas être dans le futur.")
    running = person.joint_supports.filter(ends_on__isnull=True).first()
    if running is not None:
        raise SupportError(
            f"Un accompagnement global est déjà en cours depuis le {running.starts_on:%d/%m/%Y} : "
            "terminez-le avant d'en démarrer un autre."
        )
    support = JointSupport.objects.create(
        person=person,
        axis=int(axis),
        adviser_name=adviser_name,
        agency=agency,
        social_worker=social_worker,
        starts_on=starts_on,
        created_by=user,
    )
    after = {
        "axis": support.axis,
        "adviser_name": adviser_name,
        "agency": agency.pk,
        "social_worker": social_worker.pk,
        "starts_on": starts_on,
    }
    record_change(user=user, person=person, obj=support, changes=diff({}, after))
    _event(support, f"Accompagnement global démarré ({support.get_axis_display()})", user)
    return support


@transaction.atomic
def end(*, user, support: JointSupport, ends_on: dt.date, outcome: str) -> JointSupport:
    support = JointSupport.objects.select_for_update().select_related("person").get(pk=support.pk)
    if support.ends_on is not None:
        raise SupportError(
            f"Cet accompagnement global est déjà terminé depuis le {support.ends_on:%d/%m/%Y}."
        )
    if outcome not in JointSupport.Outcome.values:
        raise SupportError("Choisissez le résultat de l'accompagnement.")
    if ends_on > timezone.localdate():
        raise SupportError("La date de fin ne peut pas être dans le futur.")
    if ends_on < support.starts_on:
        raise SupportError(
            f"La fin ne peut pas précéder le début de l'accompagnement ({support.starts_on:%d/%m/%Y})."
        )
    support.ends_on, support.outcome = ends_on, outcome
    support.save(update_fields=["ends_on", "outcome"])
    changes = diff({"ends_on": None, "outcome": ""}, {"ends_on": ends_on, "outcome": outcome})
    record_change(user=user, person=support.person, obj=support, changes=changes)
    _event(
        support,
        f"Accompagnement global terminé le {ends_on:%d/%m/%Y} : "
        f"{support.get_outcome_display().lower()}",
        user,
    )
    return support
