"""The simulated year's specifics, through `relais.programmes.services.specifics`.

The CIBC's language platform (sheet 8.3) assesses a person, orients them to the French course
that suits their level and has places, assesses again at the end of the course and may
orient once more; TAPAJ (sheet 8.1) records the days each young person worked (in bulk: see `finish`).
"""

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from relais.people.models import Event
from relais.programmes.models import (
    Cefr,
    IntakeMode,
    LanguageAssessment,
    Outcome,
    Status,
    WorkDay,
)
from relais.programmes.services import ProgrammeError, specifics
from relais.programmes.services.capacity import free_place, open_sessions

Out = Outcome
LEVELS = list(Cefr.values)  # A0 … C2
SKILLS = ("oral_comprehension", "oral_expression", "written_comprehension", "written_expression")
PLATFORM_OUTCOMES = {Out.COMPLETED: 45, Out.TRAINING: 20, Out.SHORT_JOB: 12, Out.DURABLE_JOB: 8}
PLATFORM_OUTCOMES |= {Out.OTHER_PROGRAMME: 10, Out.MOVED: 5}
ENOUGH = "Niveau suffisant : pas de formation linguistique nécessaire"
FIRST_COURSE = "Apprendre le français au niveau que demande le projet professionnel"
NEXT_COURSE = "Poursuivre la formation : l'évaluation finale montre des progrès à consolider"
SOON = dt.timedelta(weeks=10)
# The timeline's order on an assessment's day: entry 10:00, assessment 11:00, orientation
# 12:00 (programmes_history), exit 16:00.
ORIENTED_AT = 12
WORK_SITES = (
    "Espaces verts — Ville de Montauban",
    "Nettoyage des berges du Tarn",
    "Manutention — Banque alimentaire",
    "Peinture des parties communes — bailleur social",
    "Tri et réemploi — ressourcerie",
)


class PlatformSteps:
    """Mixed into `Simulation`: uses its clock (`at`, `later`), `operator`, `sent` and `end`."""

    def assess(self, day, platform, kind, levels: dict):
        assessment = specifics.record_assessment(
            user=self.operator(platform.programme),
            prescription=platform,
            kind=kind,
            assessed_on=day,
            **levels,
        )
        self.levels[platform.pk] = levels
        self.counts["assessments"] += 1
        return assessment

    def initial_assessment(self, day, platform) -> None:
        oral = self.rng.choices(range(4), weights=[25, 35, 25, 15])[0]
        written = max(0, oral - self.rng.choice([0, 1, 1, 2]))
        levels = {skill: LEVELS[oral if skill.startswith("oral") else written] for skill in SKILLS}
        self.assess(day, platform, LanguageAssessment.Kind.INITIAL, levels)
        if written >= 3 or self.rng.random() < 0.05:
            self.at(day, self.end, platform, Out.OTHER, ENOUGH)
        else:
            self.orient(day, platform, written, FIRST_COURSE)

    def orient(self, day, platform, written: int, objective: str) -> None:
        """To the course that suits the level, or to the other one when it alone has places."""
        alphabet = self.programmes["fle-alpha-quercy"]
        continuous = self.programmes["fle-langues-et-savoirs"]
        # Who cannot write yet learns to in Alpha Quercy's sessions; A1 goes either way.
        to_alphabet = written == 0 or (written == 1 and self.rng.random() < 0.5)
        course, other = (alphabet, continuous) if to_alphabet else (continuous, alphabet)
        if not self.places_now(course, day) and self.places_now(other, day):
            course = other
        assessor = self.operator(platform.programme)
        try:
            prescription = specifics.orient_to_course(
                user=assessor,
                prescription=platform,
                course=course,
                objective=objective,
                today=day,
            )
        except ProgrammeError:
            self.counts["skipped"] += 1
            return
        self.sent(day, prescription, assessor, hour=ORIENTED_AT)

    def places_now(self, programme, day) -> bool:
        """A free place now, or in a session starting soon: the CIBC's live count."""
        if programme.intake_mode != IntakeMode.DATED:
            return free_place(programme, day) is not None
        return any(
            s.taken < s.places and day - dt.timedelta(days=14) <= s.starts_on <= day + SOON
            for s in open_sessions(programme, day)
        )

    def final_assessment(self, day, platform) -> None:
        before = self.levels[platform.pk]
        levels = {
            skill: LEVELS[min(LEVELS.index(level) + self.rng.choice([0, 1, 1, 2]), 5)]
            for skill, level in before.items()
        }
        self.assess(day, platform, LanguageAssessment.Kind.FINAL, levels)
        still_low = min(LEVELS.index(level) for level in levels.values()) <= 1
        if still_low and self.rng.random() < 0.35 and platform.pk not in self.reoriented:
            self.reoriented.add(platform.pk)
            self.orient(day, platform, LEVELS.index(levels["written_expression"]), NEXT_COURSE)
        else:
            self.end(day, platform, self.draw(PLATFORM_OUTCOMES))

    # -- TAPAJ --

    def record_work_days(self, prescription, last: dt.date) -> None:
        """One or two days a week of paid work, from the morrow of the entry to `last`."""
        day = prescription.entered_on + dt.timedelta(days=1)
        while day <= last:
            if day.weekday() < 5 and self.rng.random() < 0.3:
                worked = WorkDay(
                    prescription=prescription,
                    worked_on=day,
                    hours=Decimal(self.rng.choice([4, 5, 6, 7])),
                    work_site=self.rng.choice(WORK_SITES),
                    # Paid at the end of the day (sheet 8.1): today's pay is still due.
                    paid=day < self.today,
                    recorded_by=self.operator(prescription.programme),
                )
                self.work_days.append(worked)
            day += dt.timedelta(days=1)

    def finish(self) -> None:
        """The days worked by the young persons still in TAPAJ today, then every day's rows.

        Written in bulk with their timeline lines, as the demo writes its persons' timelines:
        through `record_work_day`, five hundred days cost ten seconds on PostgreSQL.
        """
        for prescription in self.day_workers.values():
            if prescription.status == Status.ENTERED:
                self.record_work_days(prescription, self.today)
        WorkDay.objects.bulk_create(self.work_days)
        source_type = ContentType.objects.get_for_model(WorkDay)
        Event.objects.bulk_create(self._work_day_line(day, source_type) for day in self.work_days)
        self.counts["work_days"] = len(self.work_days)

    def _work_day_line(self, day, source_type) -> Event:
        hours = format(day.hours.normalize(), "f").replace(".", ",")
        paid = "payée" if day.paid else "non payée"
        return Event(
            person_id=day.prescription.person_id,
            kind=Event.Kind.PROGRAMME,
            occurred_at=self.moment(day.worked_on, hour=17),
            actor=day.recorded_by,
            organisation_id=day.recorded_by.membership.organisation_id,
            summary=f"Journée TAPAJ du {day.worked_on:%d/%m/%Y} : {hours} h, {day.work_site} ({paid})",
            data={"programme": day.prescription.programme.name},
            source_type=source_type,
            source_id=str(day.pk),
        )
