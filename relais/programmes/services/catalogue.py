"""The operator's catalogue: sessions, places and coaches of the programmes it runs.

Each function is one transaction holding the programme's row lock (`capacity.lock_programme`),
the same lock every acceptance takes: places cannot shrink under a person being accepted. When
places grow, the next in line gets them at once (`promote_waiting`) and their prescriber hears.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q

from relais.accounts.models import Role
from relais.programmes.models import (
    PLACE_HOLDING_STATUSES,
    CapacityModel,
    Prescription,
    ProgrammeCoach,
    Session,
    Status,
)
from relais.programmes.services import ProgrammeError
from relais.programmes.services.capacity import lock_programme
from relais.programmes.services.prescriptions import promote_waiting


def _persons(count: int) -> str:
    return "1 personne" if count == 1 else f"{count} personnes"


def _occupancy(prescriptions) -> tuple[int, int]:
    """(entered, holding a place) among these prescriptions."""
    counts = prescriptions.aggregate(
        entered=Count("id", filter=Q(status=Status.ENTERED)),
        holding=Count("id", filter=Q(status__in=PLACE_HOLDING_STATUSES)),
    )
    return counts["entered"], counts["holding"]


def _check_places(places: int, prescriptions, where: str) -> None:
    """Never fewer places than persons entered, nor than places already promised."""
    if places < 0:
        raise ProgrammeError("Le nombre de places ne peut pas être négatif.")
    entered, holding = _occupancy(prescriptions)
    if places < entered:
        verb = "est déjà entrée" if entered == 1 else "sont déjà entrées"
        raise ProgrammeError(
            f"{_persons(entered)} {verb} {where} : le nombre de places ne peut pas être "
            f"inférieur à {entered}."
        )
    if places < holding:
        verb = "a une place acceptée" if holding == 1 else "ont une place acceptée"
        of_which = f"dont {entered} entrée{'s' if entered > 1 else ''}"
        raise ProgrammeError(
            f"{_persons(holding)} {verb} {where} ({of_which}) : le nombre de places ne peut pas "
            f"être inférieur à {holding}. Si une personne acceptée ne vient pas, son "
            "prescripteur peut retirer la prescription."
        )


def _require_model(programme, model: str, message: str) -> None:
    if programme.capacity_model != model:
        raise ProgrammeError(message)


@transaction.atomic
def create_session(
    *,
    user,
    programme,
    starts_on: dt.date,
    ends_on: dt.date,
    places: int,
    label: str = "",
    today: dt.date | None = None,
) -> Session:
    programme = lock_programme(programme.pk)
    _require_model(
        programme,
        CapacityModel.INTAKE,
        "Cette action n'a pas de sessions : ses places se gèrent sur sa page.",
    )
    if ends_on < starts_on:
        raise ProgrammeError("La fin de la session précède son début : corrigez les dates.")
    if places < 1:
        raise ProgrammeError("Une session compte au moins une place.")
    session = Session.objects.create(
        programme=programme,
        label=label.strip()[:100],
        starts_on=starts_on,
        ends_on=ends_on,
        places=places,
    )
    promote_waiting(user=user, programme=programme, today=today)
    return session


@transaction.atomic
def change_session_places(*, user, session, places: int, today: dt.date | None = None) -> Session:
    programme = lock_programme(session.programme_id)
    session = Session.objects.get(pk=session.pk)
    _check_places(places, session.prescriptions.all(), "dans cette session")
    grew = places > session.places
    session.places = places
    session.save(update_fields=["places"])
    if grew:
        promote_waiting(user=user, programme=programme, today=today)
    return session


@transaction.atomic
def change_programme_places(*, user, programme, places: int, today: dt.date | None = None):
    programme = lock_programme(programme.pk)
    _require_model(
        programme,
        CapacityModel.CONTINUOUS,
        "Les places de cette action se comptent par session ou par coach, pas en continu.",
    )
    _check_places(places, Prescription.objects.filter(programme=programme), "dans cette action")
    grew = places > (programme.places or 0)
    programme.places = places
    programme.save(update_fields=["places"])
    if grew:
        promote_waiting(user=user, programme=programme, today=today)
    return programme


def _is_operator_staff(programme, coach) -> bool:
    return (
        coach.is_active
        and coach.memberships.filter(
            organisation_id=programme.operator_id, role=Role.OPERATOR, is_active=True
        ).exists()
    )


@transaction.atomic
def add_coach(*, user, programme, coach, today: dt.date | None = None) -> ProgrammeCoach:
    programme = lock_programme(programme.pk)
    _require_model(
        programme, CapacityModel.PORTFOLIO, "Cette action ne fonctionne pas par portefeuille."
    )
    if not _is_operator_staff(programme, coach):
        raise ProgrammeError(
            f"{coach.get_full_name()} ne fait pas partie de l'équipe de "
            f"{programme.operator} : choisissez un membre de l'équipe."
        )
    entry, created = ProgrammeCoach.objects.get_or_create(programme=programme, user=coach)
    if not created and entry.is_active:
        raise ProgrammeError(f"{coach.get_full_name()} est déjà coach de cette action.")
    if not created:
        entry.is_active = True
        entry.save(update_fields=["is_active"])
    promote_waiting(user=user, programme=programme, today=today)
    return entry


@transaction.atomic
def deactivate_coach(*, user, programme, coach) -> ProgrammeCoach:
    programme = lock_programme(programme.pk)
    entry = ProgrammeCoach.objects.filter(programme=programme, user=coach, is_active=True).first()
    if entry is None:
        raise ProgrammeError(
            f"{coach.get_full_name()} n'est pas coach en activité de cette action."
        )
    active = Prescription.objects.filter(
        programme=programme, coach=coach, status__in=PLACE_HOLDING_STATUSES
    ).count()
    if active:
        verb = "est accompagnée" if active == 1 else "sont accompagnées"
        raise ProgrammeError(
            f"{_persons(active)} {verb} par {coach.get_full_name()} : le coach ne peut être "
            "retiré qu'une fois son portefeuille vide."
        )
    entry.is_active = False
    entry.save(update_fields=["is_active"])
    return entry
