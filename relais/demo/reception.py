"""A year of synthetic visits at every MDS site, and a default emergency procedure per MDS.

Deterministic for a seed (given the same persons and sites): one `random.Random(seed)` drawn in
a fixed order of MDS, sites and days. Visits, motives, interpreting sessions and the timeline
events of linked persons are written with `bulk_create`, one transaction per site.

    from relais.demo.reception import ensure_demo_visits, ensure_emergency_procedures
    ensure_demo_visits(territory.departement, seed=82)    # a year of visits, once
    ensure_emergency_procedures(territory.departement)    # one procedure per MDS, once
"""

import datetime as dt
import random
from bisect import bisect_right
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from relais.accounts.models import Membership, Role
from relais.people.models import Event, HouseholdRole, Person
from relais.reception import services
from relais.reception.hours import SiteHours
from relais.reception.models import (
    PROFESSIONAL_MODES,
    EmergencyProcedureVersion,
    Interpreting,
    InterpretingSession,
    Language,
    Motive,
    Outcome,
    Visit,
    VisitMotive,
)
from relais.reception.policy import RECORD_ROLES
from relais.territory.models import Departement, Organisation, Site

Kind = Organisation.Kind

# Rough orders of magnitude chosen so that every figure of the dashboard has something to
# show; they are not statistics of any real département.
CHANNELS = (
    ("walk_in", 45), ("appointment", 20), ("phone", 20), ("email", 5),
    ("mail", 2), ("video", 2), ("home_visit", 3), ("third_party", 3),
)  # fmt: skip
MOTIVES = (
    (Motive.ACCESS_TO_RIGHTS, 25), (Motive.HOUSING, 15), (Motive.BUDGET, 12),
    (Motive.EMPLOYMENT, 12), (Motive.HEALTH, 6), (Motive.FAMILY, 10),
    (Motive.DIGITAL_HELP, 12), (Motive.FOOD_AID, 6), (Motive.URGENT_SITUATION, 2),
    (Motive.OTHER, 5),
)  # fmt: skip
MOTIVE_COUNT = ((1, 60), (2, 30), (3, 10))
OUTCOMES = (
    (Outcome.INFORMATION_GIVEN, 55), (Outcome.ORIENTED_PARTNER, 25),
    (Outcome.APPOINTMENT_BOOKED, 20),
)  # fmt: skip
INTERPRETING = (
    (Interpreting.PROFESSIONAL_PHONE, 70), (Interpreting.PROFESSIONAL_ON_SITE, 10),
    (Interpreting.PROFESSIONAL_VIDEO, 5), (Interpreting.RELATIVE, 15),
)  # fmt: skip
LANGUAGES = (
    (Language.ARABIC, 30), (Language.TURKISH, 15), (Language.ENGLISH, 10),
    (Language.SPANISH, 8), (Language.PORTUGUESE, 10), (Language.DARI, 8),
    (Language.PASHTO, 6), (Language.RUSSIAN, 5), (Language.UKRAINIAN, 8),
)  # fmt: skip
PROVIDERS = (
    "Plateforme d'interprétariat par téléphone (démo)",
    "Association Interprètes 82 (démo)",
)
PARTNER_KINDS = {
    Kind.FRANCE_TRAVAIL, Kind.CAF, Kind.MISSION_LOCALE, Kind.CAP_EMPLOI, Kind.CCAS,
    Kind.ASSOCIATION, Kind.TRAINING_BODY, Kind.IAE, Kind.DEPARTEMENT_SERVICE,
}  # fmt: skip
LINKED_SHARE = 0.30
FIRST_CONTACT_SHARE = 0.18
# On an open day, some visits come before opening, over lunch or after closing.
OUTSIDE_SHARE = 0.07
OUTSIDE_WINDOWS = ((dt.time(7, 45), 45), (dt.time(12, 0), 90), (dt.time(17, 0), 90))
# A closed day (weekend, holiday, closure) still sees the odd call or home visit.
CLOSED_DAY_SHARE = 0.08
CLOSED_DAY_CHANNELS = (("phone", 50), ("email", 30), ("home_visit", 20))


def _weighted(rng: random.Random, table):
    point = rng.random() * sum(weight for _, weight in table)
    for value, weight in table:
        point -= weight
        if point < 0:
            return value
    return table[-1][0]


@dataclass
class MdsContext:
    organisation: Organisation
    sites: list[Site]
    recorders: list[int]  # user ids, reception officers first
    persons: list[int]  # ids of the adults visible to the MDS, by file opening date
    opened: list[dt.datetime]  # their file opening dates, ascending
    partners: list[Organisation]


def _mds_context(mds: Organisation, partners: list[Organisation]) -> MdsContext | None:
    memberships = list(
        Membership.objects.filter(organisation=mds, is_active=True, role__in=RECORD_ROLES)
        .select_related("user", "organisation")
        .order_by("user__email")
    )
    sites = list(mds.sites.filter(is_active=True).order_by("pk"))
    if not memberships or not sites:
        return None
    reception = [m.user_id for m in memberships if m.role == Role.RECEPTION_OFFICER]
    # The visibility rules of people.policy, as one of the MDS's agents sees them.
    agent = memberships[0].user
    agent.membership = memberships[0]
    rows = (
        Person.objects.visible_to(agent)
        .exclude(household_role=HouseholdRole.CHILD)
        .order_by("created_at", "pk")
        .values_list("pk", "created_at")
    )
    persons, opened = [], []
    for pk, created_at in rows:
        persons.append(pk)
        opened.append(created_at)
    return MdsContext(
        organisation=mds,
        sites=sites,
        recorders=reception or [m.user_id for m in memberships],
        persons=persons,
        opened=opened,
        partners=[p for p in partners if p.pk != mds.pk],
    )


@dataclass
class Planned:
    visit: Visit
    motives: list[str]
    provider: str = ""


class VisitGenerator:
    def __init__(self, *, seed: int, days: int, per_site_per_day: tuple[int, int], share: float):
        self.rng = random.Random(seed)
        self.days = days
        self.per_day = per_site_per_day
        self.interpreter_share = share
        self.now = timezone.now()
        self.zone = timezone.get_current_timezone()

    def site_year(self, context: MdsContext, site: Site) -> list[Planned]:
        hours = SiteHours.of(site)
        today = timezone.localdate(self.now)
        planned = []
        for offset in range(self.days - 1, -1, -1):
            day = today - dt.timedelta(days=offset)
            for moment in self._moments(hours, day):
                if moment <= self.now:
                    planned.append(self._visit(context, site, hours, moment))
        return planned

    def _moments(self, hours: SiteHours, day: dt.date) -> list[dt.datetime]:
        rng = self.rng
        ranges = hours.ranges.get(day.weekday(), ())
        if hours.is_closed_on(day):
            if rng.random() < CLOSED_DAY_SHARE:
                return [self._at(day, dt.time(9), rng.randrange(8 * 60))]
            return []
        moments = []
        for _ in range(rng.randint(*self.per_day)):
            if rng.random() < OUTSIDE_SHARE:
                start, length = rng.choice(OUTSIDE_WINDOWS)
            else:
                opens, closes = rng.choice(ranges)
                start = opens
                length = _minutes(closes) - _minutes(opens)
            moments.append(self._at(day, start, rng.randrange(max(length, 1))))
        return sorted(moments)

    def _at(self, day: dt.date, start: dt.time, minutes: int) -> dt.datetime:
        naive = dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)
        return timezone.make_aware(naive, self.zone)

    def _visit(self, context: MdsContext, site: Site, hours: SiteHours, moment) -> Planned:
        rng = self.rng
        closed = hours.is_closed_on(timezone.localtime(moment, self.zone).date())
        channel = _weighted(rng, CLOSED_DAY_CHANNELS if closed else CHANNELS)
        motives = self._motives()
        visit = Visit(
            organisation=context.organisation,
            site=site,
            occurred_at=moment,
            channel=channel,
            is_first_contact=rng.random() < FIRST_CONTACT_SHARE,
            is_outside_hours=hours.is_outside(moment),
            outcome=self._outcome(motives),
            recorded_by_id=rng.choice(context.recorders),
        )
        if visit.outcome == Outcome.ORIENTED_PARTNER:
            if context.partners:
                visit.partner = rng.choice(context.partners)
            else:
                visit.outcome = Outcome.INFORMATION_GIVEN
        provider = self._interpreting(visit)
        visit.person_id = self._person(context, moment)
        return Planned(visit, motives, provider)

    def _motives(self) -> list[str]:
        count = _weighted(self.rng, MOTIVE_COUNT)
        motives = []
        while len(motives) < count:
            motive = _weighted(self.rng, MOTIVES)
            if motive not in motives:
                motives.append(motive)
        return motives

    def _outcome(self, motives: list[str]) -> str:
        if Motive.URGENT_SITUATION in motives and self.rng.random() < 0.8:
            return Outcome.URGENT_HANDLED
        return _weighted(self.rng, OUTCOMES)

    def _interpreting(self, visit: Visit) -> str:
        rng = self.rng
        if rng.random() >= self.interpreter_share:
            return ""
        visit.interpreting = _weighted(rng, INTERPRETING)
        visit.interpreting_language = _weighted(rng, LANGUAGES)
        if visit.interpreting == Interpreting.RELATIVE:
            return ""
        visit.interpreting_duration = rng.choice((10, 15, 15, 20, 20, 25, 30, 45))
        return rng.choice(PROVIDERS)

    def _person(self, context: MdsContext, moment: dt.datetime) -> int | None:
        """A file opened before the visit, for about LINKED_SHARE of the visits."""
        if self.rng.random() >= LINKED_SHARE:
            return None
        known = bisect_right(context.opened, moment)
        return context.persons[self.rng.randrange(known)] if known else None


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def generate_visits(
    *,
    departement: Departement,
    seed: int,
    days: int = 365,
    per_site_per_day: tuple[int, int] = (3, 12),
    interpreter_share: float = 0.03,
) -> int:
    """Create `days` days of visits at every active site of every MDS; return how many.

    It always adds: call it once (e.g. when the département has no visit yet). Persons and
    agents must exist first (`generate_persons`, `ensure_demo_accounts`).
    """
    generator = VisitGenerator(
        seed=seed, days=days, per_site_per_day=per_site_per_day, share=interpreter_share
    )
    organisations = Organisation.objects.filter(departement=departement, is_active=True)
    partners = list(organisations.filter(kind__in=PARTNER_KINDS).order_by("name"))
    created = 0
    for mds in organisations.filter(kind=Kind.MDS).order_by("name"):
        context = _mds_context(mds, partners)
        if context is None:
            continue
        for site in context.sites:
            created += _write(generator.site_year(context, site))
    return created


def ensure_demo_visits(departement: Departement, *, seed: int, days: int = 365) -> int:
    """generate_visits, unless the département already has visits (a second run adds none)."""
    if Visit.objects.filter(organisation__departement=departement).exists():
        return 0
    # About 90 interpreting sessions a year, the convention's order of magnitude (80–100).
    return generate_visits(departement=departement, seed=seed, days=days, interpreter_share=0.004)


@transaction.atomic
def _write(planned: list[Planned]) -> int:
    visits = Visit.objects.bulk_create([p.visit for p in planned], batch_size=2000)
    _ensure_pks(visits)
    VisitMotive.objects.bulk_create(
        (VisitMotive.of(p.visit, code) for p in planned for code in p.motives),
        batch_size=5000,
    )
    InterpretingSession.objects.bulk_create(
        (_session(p) for p in planned if p.visit.interpreting in PROFESSIONAL_MODES),
        batch_size=2000,
    )
    visit_type = ContentType.objects.get_for_model(Visit)
    Event.objects.bulk_create(
        (_event(p, visit_type) for p in planned if p.visit.person_id), batch_size=2000
    )
    return len(visits)


def _ensure_pks(visits: list[Visit]) -> None:
    """Databases that return no ids from a bulk insert: fetch them by UUID."""
    missing = {visit.uuid: visit for visit in visits if visit.pk is None}
    if missing:
        for pk, uuid in Visit.objects.filter(uuid__in=missing).values_list("pk", "uuid"):
            missing[uuid].pk = pk


def _session(planned: Planned) -> InterpretingSession:
    visit = planned.visit
    return InterpretingSession(
        organisation=visit.organisation,
        site=visit.site,
        visit=visit,
        language=visit.interpreting_language,
        mode=PROFESSIONAL_MODES[visit.interpreting],
        provider=planned.provider,
        duration_minutes=visit.interpreting_duration,
        occurred_at=visit.occurred_at,
        recorded_by_id=visit.recorded_by_id,
    )


def _event(planned: Planned, visit_type: ContentType) -> Event:
    visit = planned.visit
    return Event(
        person_id=visit.person_id,
        kind=Event.Kind.VISIT,
        occurred_at=visit.occurred_at,
        actor_id=visit.recorded_by_id,
        organisation=visit.organisation,
        summary=services.visit_summary(visit, planned.motives),
        data=services.timeline_data(visit, planned.motives),
        source_type=visit_type,
        source_id=str(visit.pk),
    )


# --- The emergency-reception procedure (sheet 2.4) ----------------------------------------------

PROCEDURE = """\
## Quand appliquer cette procédure

Une personne se présente à l'accueil de la {mds} dans une situation qui ne peut pas attendre
un rendez-vous : danger immédiat, violences, aucune solution d'hébergement pour la nuit,
enfant en danger, détresse psychique.

## Les premiers gestes à l'accueil

1. Installer la personne dans le bureau de confidentialité, jamais dans la salle d'attente.
2. Prévenir aussitôt le travailleur social de permanence ; à défaut, la responsable de la MDS.
3. Ne pas laisser seule une personne qui exprime des idées suicidaires ou qui est menacée.
4. Noter l'heure d'arrivée et enregistrer le passage avec le motif « Situation d'urgence ».

## Les numéros d'urgence

| Situation | Numéro |
|---|---|
| Urgence médicale | **15** (SAMU) |
| Danger immédiat, violences en cours | **17** (police ou gendarmerie) |
| Hébergement d'urgence | **115** (SIAO) |
| Enfant en danger | **119** (Allô enfance en danger) |
| Violences faites aux femmes | **3919** |
| Depuis un portable, partout en Europe | **112** |

## Qui alerter à la MDS

- Le travailleur social de permanence : {phone}, poste de la permanence.
- La responsable de la MDS, ou son adjointe en son absence.
- En dehors des horaires d'ouverture : le cadre d'astreinte du Département, par le standard.

## Après l'urgence

- La responsable de la MDS est informée par écrit dans la journée.
- Une information préoccupante concernant un enfant est transmise à la cellule départementale
  de recueil (CRIP) le jour même.
- La situation et l'application de la procédure sont revues à la réunion d'équipe suivante.

*Procédure fictive, rédigée pour la démonstration.*
"""


def ensure_emergency_procedures(departement: Departement) -> int:
    """Give every MDS without a procedure the default one; return how many were written."""
    written = 0
    for mds in Organisation.objects.filter(departement=departement, kind=Kind.MDS).order_by("name"):
        if EmergencyProcedureVersion.objects.filter(organisation=mds).exists():
            continue
        manager = (
            Membership.objects.filter(organisation=mds, role=Role.MDS_MANAGER, is_active=True)
            .select_related("user")
            .order_by("user__email")
            .first()
        )
        services.update_emergency_procedure(
            user=manager.user if manager else None,
            organisation=mds,
            body=PROCEDURE.format(mds=mds, phone=mds.phone or "le standard de la MDS"),
        )
        written += 1
    return written
