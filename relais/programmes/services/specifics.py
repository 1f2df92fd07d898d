"""What some programmes record beyond the prescription's steps (action sheets 8.1 and 8.3).

The language platform assesses a person (initial, then final after the course) and orients them
to a French course; TAPAJ records the days a young person worked. Each function is one
transaction writing the person's timeline and the audit trail; bad input is refused with a
French `ProgrammeError` and nothing is written.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from relais.audit.services import diff, record_change
from relais.people.models import Event
from relais.people.services import write_event
from relais.programmes.models import (
    Cefr,
    LanguageAssessment,
    Prescription,
    ProgrammeKind,
    Status,
    WorkDay,
)
from relais.programmes.models.specifics import SKILLS
from relais.programmes.services import ProgrammeError
from relais.programmes.services.prescriptions import prescribe

# The platform assesses and orients a person it has accepted, before or after their entry.
ASSESSING_STATUSES = (Status.ACCEPTED, Status.ENTERED)


def _log(user, prescription, obj, fields: dict, summary: str) -> None:
    record_change(user=user, person=prescription.person, obj=obj, changes=diff({}, fields))
    write_event(
        person=prescription.person,
        kind=Event.Kind.PROGRAMME,
        user=user,
        source=obj,
        summary=summary[:300],
        data={"programme": prescription.programme.name},
    )


def _require_kind(prescription, kind: str, what: str) -> None:
    if prescription.programme.kind != kind:
        raise ProgrammeError(f"{what} ne concerne pas l'action « {prescription.programme.name} ».")


def _check_date(value: dt.date, prescription, what: str) -> None:
    if value > timezone.localdate():
        raise ProgrammeError(f"La date {what} ne peut pas être dans le futur.")
    if value < timezone.localtime(prescription.sent_at).date():
        raise ProgrammeError(f"La date {what} précède la prescription : corrigez-la.")


def _check_assessment(prescription, kind: str, assessed_on: dt.date, levels: dict) -> None:
    _require_kind(prescription, ProgrammeKind.LANGUAGE_PLATFORM, "Une évaluation linguistique")
    if prescription.status not in ASSESSING_STATUSES:
        raise ProgrammeError(
            "Acceptez la prescription avant d'enregistrer une évaluation : elle est "
            f"« {prescription.get_status_display().lower()} »."
        )
    if kind not in LanguageAssessment.Kind.values:
        raise ProgrammeError("Choisissez le type d'évaluation : initiale ou finale.")
    missing = [label for field, label in SKILLS if levels.get(field) not in Cefr.values]
    if missing:
        raise ProgrammeError(
            "Indiquez un niveau de A0 à C2 pour : " + ", ".join(m.lower() for m in missing) + "."
        )
    _check_date(assessed_on, prescription, "de l'évaluation")
    initial = prescription.assessments.filter(kind=LanguageAssessment.Kind.INITIAL).first()
    if kind == LanguageAssessment.Kind.INITIAL and initial is not None:
        raise ProgrammeError(
            f"L'évaluation initiale a déjà été faite le {initial.assessed_on:%d/%m/%Y} : "
            "enregistrez une évaluation finale."
        )
    if kind == LanguageAssessment.Kind.FINAL and initial is None:
        raise ProgrammeError("Enregistrez d'abord l'évaluation initiale.")
    if kind == LanguageAssessment.Kind.FINAL and assessed_on < initial.assessed_on:
        raise ProgrammeError(
            f"L'évaluation finale précède l'évaluation initiale du "
            f"{initial.assessed_on:%d/%m/%Y} : corrigez la date."
        )


@transaction.atomic
def record_assessment(
    *, user, prescription, kind: str, assessed_on: dt.date, comment: str = "", **levels
) -> LanguageAssessment:
    """Record an assessment; `levels` names each skill of SKILLS with its CEFR level."""
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    _check_assessment(prescription, kind, assessed_on, levels)
    fields = {
        "kind": kind,
        "assessed_on": assessed_on,
        "comment": comment.strip(),
        **{field: levels[field] for field, _ in SKILLS},
    }
    assessment = LanguageAssessment.objects.create(
        prescription=prescription, assessor=user, **fields
    )
    levels_text = ", ".join(f"{label.lower()} {value}" for label, value in assessment.levels())
    summary = f"{assessment.get_kind_display()} linguistique : {levels_text}"
    _log(user, prescription, assessment, fields, summary)
    return assessment


def _course_of(course, platform) -> None:
    if (
        course.kind != ProgrammeKind.LANGUAGE_COURSE
        or course.departement_id != platform.departement_id
        or not course.is_active
    ):
        raise ProgrammeError("Choisissez une formation linguistique ouverte du département.")


@transaction.atomic
def orient_to_course(
    *,
    user,
    prescription,
    course,
    objective: str,
    derogation_reason: str = "",
    today: dt.date | None = None,
) -> Prescription:
    """Prescribe the chosen French course from the platform's latest assessment.

    The platform's staff member is the course's prescriber; the person's consent to share
    their contact details was recorded for the platform's prescription and covers this one.
    """
    platform = Prescription.objects.select_for_update().get(pk=prescription.pk)
    _require_kind(platform, ProgrammeKind.LANGUAGE_PLATFORM, "Une orientation vers une formation")
    if platform.status not in ASSESSING_STATUSES:
        raise ProgrammeError("Seule une prescription acceptée par la plateforme permet d'orienter.")
    _course_of(course, platform)
    latest = platform.assessments.order_by("-assessed_on", "-id").first()
    if latest is None:
        raise ProgrammeError("Enregistrez l'évaluation de la personne avant de l'orienter.")
    if latest.oriented_to_id is not None:
        raise ProgrammeError(
            f"L'{latest.get_kind_display().lower()} du {latest.assessed_on:%d/%m/%Y} a déjà "
            "donné lieu à une orientation : pour réorienter, enregistrez l'évaluation finale."
        )
    course_prescription = prescribe(
        user=user,
        person=platform.person,
        programme=course,
        objective=objective,
        derogation_reason=derogation_reason,
        today=today,
    )
    course_prescription.origin = platform
    course_prescription.save(update_fields=["origin"])
    latest.oriented_to = course_prescription
    latest.save(update_fields=["oriented_to"])
    summary = (
        f"Orientée par « {platform.programme.name} » vers « {course.name} » ({course.operator})"
    )
    _log(user, platform, latest, {"oriented_to": course_prescription.pk}, summary)
    return course_prescription


@transaction.atomic
def record_work_day(
    *, user, prescription, worked_on: dt.date, hours: Decimal, work_site: str, paid: bool = False
) -> WorkDay:
    prescription = Prescription.objects.select_for_update().get(pk=prescription.pk)
    _require_kind(prescription, ProgrammeKind.DAY_WORK, "Une journée travaillée")
    if prescription.status != Status.ENTERED:
        raise ProgrammeError(
            "Les journées se saisissent une fois la personne entrée dans l'action."
        )
    work_site = work_site.strip()
    if not work_site:
        raise ProgrammeError("Indiquez le chantier.")
    if not Decimal("0") < hours <= Decimal("12"):
        raise ProgrammeError("Une journée compte plus de 0 et au plus 12 heures.")
    if worked_on > timezone.localdate():
        raise ProgrammeError("La date de la journée ne peut pas être dans le futur.")
    if worked_on < prescription.entered_on:
        raise ProgrammeError(
            f"La journée précède l'entrée dans l'action le {prescription.entered_on:%d/%m/%Y}."
        )
    if prescription.work_days.filter(worked_on=worked_on, work_site__iexact=work_site).exists():
        raise ProgrammeError(
            f"La journée du {worked_on:%d/%m/%Y} sur le chantier « {work_site} » est déjà saisie."
        )
    fields = {"worked_on": worked_on, "hours": hours, "work_site": work_site, "paid": paid}
    day = WorkDay.objects.create(prescription=prescription, recorded_by=user, **fields)
    paid_text = "payée" if paid else "non payée"
    hours_text = format(hours.normalize(), "f").replace(".", ",")
    summary = f"Journée TAPAJ du {worked_on:%d/%m/%Y} : {hours_text} h, {work_site} ({paid_text})"
    _log(user, prescription, day, fields, summary)
    return day
