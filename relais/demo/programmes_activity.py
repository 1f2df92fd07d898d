"""A year of the insertion offer, played in date order through the prescription services.

Every step is the service an agent's click would call (prescribe, accept — which waitlists when
the programme is full —, refuse, withdraw, enter, end), on the simulated day, so capacity,
waiting lists and promotions behave as in production. The services stamp the real time; the
simulated moment of each step is kept in `stamps` and written back afterwards
(`programmes_history`), except the sending time, needed at once by the entry date's check.
"""

import datetime as dt
import heapq
import itertools
from collections import Counter, defaultdict

from django.utils import timezone

from relais.demo.programmes_behaviour import (
    BEHAVIOURS,
    NO_ENTRY,
    OBJECTIVES,
    REFUSALS,
    WITHDRAWALS,
    Out,
)
from relais.demo.programmes_specifics import PlatformSteps
from relais.people.models import Consent
from relais.people.services import record_consent
from relais.programmes.models import (
    IntakeMode,
    Prescription,
    ProgrammeKind,
    Status,
)
from relais.programmes.services import ProgrammeError
from relais.programmes.services import prescriptions as flow
from relais.programmes.services.capacity import open_sessions

FORTNIGHT = dt.timedelta(days=14)


class Simulation(PlatformSteps):
    def __init__(self, *, rng, today: dt.date, programmes: dict, operators: dict):
        self.rng = rng
        self.today = today
        self.now = timezone.now() - dt.timedelta(minutes=5)
        self.zone = timezone.get_current_timezone()
        self.programmes = programmes  # code → Programme
        self.operators = operators  # organisation pk → [users, membership set]
        self.queue: list = []
        self.sequence = itertools.count()
        self.stamps: dict[int, dict[str, dt.datetime]] = defaultdict(dict)
        self.consents: dict[int, dt.datetime] = {}  # consent pk → simulated moment
        self.consented: set[int] = set()
        self.prescribers: dict[int, object] = {}  # prescription pk → prescriber (membership set)
        self.waiting: dict[int, set[int]] = defaultdict(set)  # programme pk → waitlisted pks
        self.levels: dict[int, dict] = {}  # platform prescription pk → latest levels
        self.reoriented: set[int] = set()
        self.day_workers: dict[int, Prescription] = {}  # in TAPAJ now, by prescription pk
        self.work_days: list = []
        self.counts = Counter()

    # -- the clock --

    def at(self, day: dt.date, action, *args) -> None:
        while day.weekday() >= 5:  # operators work on weekdays
            day += dt.timedelta(days=1)
        if day <= self.today:
            heapq.heappush(self.queue, (day, next(self.sequence), action, args))

    def run(self) -> None:
        while self.queue:
            day, _, action, args = heapq.heappop(self.queue)
            action(day, *args)

    def moment(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        minutes = hour * 60 if hour is not None else self.rng.randrange(9 * 60, 17 * 60)
        moment = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), self.zone)
        return min(moment, self.now)

    def stamp(self, prescription, name: str, moment: dt.datetime, *, keep=False) -> None:
        stamps = self.stamps[prescription.pk]
        if not (keep and name in stamps):
            stamps[name] = moment

    def later(self, day: dt.date, span: tuple[int, int]) -> dt.date:
        return day + dt.timedelta(days=self.rng.randint(*span))

    def operator(self, programme):
        return self.rng.choice(self.operators[programme.operator_id])

    # -- the steps --

    def load_consents(self, departement) -> None:
        """Who already agreed to share their file: the latest answer wins."""
        latest = dict(
            Consent.objects.filter(person__departement=departement, purpose=Consent.Purpose.SHARING)
            .order_by("recorded_at", "pk")
            .values_list("person_id", "given")
        )
        self.consented = {person_id for person_id, given in latest.items() if given}

    def schedule_sessions(self) -> None:
        for programme in self.programmes.values():
            if programme.intake_mode == IntakeMode.DATED:
                for session in programme.sessions.all():
                    self.at(session.starts_on - FORTNIGHT, self.fill_session, programme, session)

    def send(self, day, programme, person, prescriber):
        if person.pk not in self.consented:
            consent = record_consent(
                user=prescriber, person=person, purpose=Consent.Purpose.SHARING, given=True
            )
            self.consents[consent.pk] = self.moment(day) - dt.timedelta(minutes=10)
            self.consented.add(person.pk)
        try:
            prescription = flow.prescribe(
                user=prescriber,
                person=person,
                programme=programme,
                objective=self.rng.choice(OBJECTIVES[programme.kind]),
                criteria_confirmed=bool(programme.prescriber_criteria),
                today=day,
            )
        except ProgrammeError:
            self.counts["skipped"] += 1
            return None
        return self.sent(day, prescription, prescriber)

    def sent(self, day, prescription, prescriber, hour: int | None = None):
        """The simulated sending time at once: the entry date is checked against it."""
        sent_at = self.moment(day, hour)
        Prescription.objects.filter(pk=prescription.pk).update(sent_at=sent_at)
        prescription.sent_at = sent_at
        self.stamps[prescription.pk]["sent_at"] = sent_at
        self.prescribers[prescription.pk] = prescriber
        slow = self.rng.random() < 0.06  # some operators answer late: the reminders show
        self.at(self.later(day, (12, 20) if slow else (1, 7)), self.answer, prescription)
        return prescription

    def answer(self, day, prescription) -> None:
        behaviour = BEHAVIOURS[prescription.programme.kind]
        draw = self.rng.random()
        if draw < 0.03:
            self.withdraw(day, prescription, self.rng.choice(WITHDRAWALS))
        elif draw < 0.03 + behaviour.refuse:
            refusals = behaviour.refusals or REFUSALS
            reason = self.rng.choices(list(refusals), weights=list(refusals.values()))[0]
            operator = self.operator(prescription.programme)
            flow.refuse(user=operator, prescription=prescription, reason=reason)
            self.stamp(prescription, "answered_at", self.moment(day))
            self.stamp(prescription, "refused_at", self.moment(day))
            if prescription.origin_id:  # the CIBC closes the orientation it had made
                platform = Prescription.objects.get(pk=prescription.origin_id)
                note = "La personne n'a pas souhaité entrer en formation"
                self.at(self.later(day, (5, 10)), self.end, platform, Out.OTHER, note)
        else:
            self.take_place(day, prescription)

    def take_place(self, day, prescription) -> None:
        programme = prescription.programme
        session = self.session_for(programme, day)
        accepted = flow.accept(
            user=self.operator(programme), prescription=prescription, session=session, today=day
        )
        moment = self.moment(day)
        self.stamp(accepted, "answered_at", moment, keep=True)
        if accepted.status == Status.WAITLISTED:
            self.stamp(accepted, "waitlisted_at", moment)
            self.waiting[programme.pk].add(accepted.pk)
        else:
            self.accepted(day, accepted, moment)

    def accepted(self, day, prescription, moment=None) -> None:
        self.stamp(prescription, "accepted_at", moment or self.moment(day))
        behaviour = BEHAVIOURS[prescription.programme.kind]
        start = self.later(day, behaviour.entry_days)
        if prescription.session is not None:
            start = max(prescription.session.starts_on, day + dt.timedelta(days=1))
        self.at(start, self.enter, prescription)

    def session_for(self, programme, day):
        """A dated programme's next session, or the one that just started, free if possible."""
        if programme.intake_mode != IntakeMode.DATED:
            return None
        sessions = [s for s in open_sessions(programme, day) if s.starts_on >= day - FORTNIGHT]
        free = [s for s in sessions if s.taken < s.places]
        return (free or sessions or [None])[0]

    def fill_session(self, day, programme, session) -> None:
        """Before a session starts, its operator offers its places to the waiting list."""
        for waiting in flow.waiting_line(programme).select_related("programme", "session"):
            try:
                accepted = flow.accept(
                    user=self.operator(programme), prescription=waiting, session=session, today=day
                )
            except ProgrammeError:
                break
            self.waiting[programme.pk].discard(accepted.pk)
            self.accepted(day, accepted)

    def withdraw(self, day, prescription, reason: str) -> None:
        flow.withdraw(
            user=self.prescribers[prescription.pk],
            prescription=prescription,
            reason=reason,
            today=day,
        )
        self.stamp(prescription, "withdrawn_at", self.moment(day))
        self.promoted(day, prescription.programme)

    def enter(self, day, prescription) -> None:
        if self.rng.random() < 0.04:
            self.withdraw(day, prescription, NO_ENTRY)
            return
        programme = prescription.programme
        prescription = flow.enter(
            user=self.operator(programme), prescription=prescription, entered_on=day
        )
        if programme.kind == ProgrammeKind.LANGUAGE_PLATFORM:
            self.initial_assessment(day, prescription)
            return
        if programme.kind == ProgrammeKind.DAY_WORK:
            self.day_workers[prescription.pk] = prescription
        behaviour = BEHAVIOURS[programme.kind]
        outcome = self.draw(behaviour.outcomes)
        ends = self.later(day, behaviour.stay_days)
        if prescription.session is not None:
            ends = prescription.session.ends_on
        if outcome == Out.DROPPED_OUT:
            ends = day + (ends - day) * self.rng.randint(1, 6) // 10
        self.at(ends, self.end, prescription, outcome)

    def end(self, day, prescription, outcome, comment: str = "") -> None:
        programme = prescription.programme
        # A session ends on its last day: its places are not offered again from the morrow.
        after = day + dt.timedelta(days=1) if prescription.session else day
        if prescription.pk in self.day_workers:
            self.record_work_days(self.day_workers.pop(prescription.pk), day)
        ended = flow.end(
            user=self.operator(programme),
            prescription=prescription,
            ended_on=day,
            outcome=outcome,
            comment=comment,
            today=after,
        )
        self.promoted(day, programme)
        if ended.origin_id and programme.kind == ProgrammeKind.LANGUAGE_COURSE:
            platform = Prescription.objects.select_related("programme").get(pk=ended.origin_id)
            self.at(self.later(day, (5, 15)), self.final_assessment, platform)

    def promoted(self, day, programme) -> None:
        """The waitlisted persons a freed place went to (the service offers it by itself)."""
        waiting = self.waiting[programme.pk]
        if not waiting:
            return
        moved = Prescription.objects.filter(pk__in=waiting).exclude(status=Status.WAITLISTED)
        for prescription in moved.select_related("programme", "session"):
            waiting.discard(prescription.pk)
            if prescription.status == Status.ACCEPTED:
                self.accepted(day, prescription)

    def draw(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]
