"""A fast, deterministic generator of synthetic persons, households and timelines.

Used by `load_demo` (a few thousand persons) and by `bench/generate_persons.py` (a million).
Faker is asked once for pools of names; each person is then a handful of draws from one
`random.Random(seed)`, so the same seed gives the same persons, and a million rows take
minutes, not hours. Rows are written with `bulk_create`, which skips `Person.save()`: the
generator therefore fills `search_text` itself.
"""

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from faker import Faker

from relais.accounts.models import Membership, Role, User
from relais.core.text import normalize
from relais.demo import vocabulary as vocab
from relais.demo.territory import mds_by_commune
from relais.people.models import (
    Consent,
    Event,
    Household,
    HouseholdRole,
    Nationality,
    Person,
    ReferentAssignment,
    Sex,
)
from relais.territory.models import Departement, Organisation

Progress = Callable[[int, int], None]

TIMELINE_DAYS = 730  # files opened over the past two years
REFERENT_SHARE = 0.6
CONSENT_SHARE = 0.08
PREVIOUS_REFERENT_SHARE = 0.1


# --- Pools of names, built once per run -------------------------------------------------------


@dataclass
class NamePool:
    last: list[str]
    female: list[str]
    male: list[str]


def _unique_draws(draw: Callable[[], str], count: int) -> list[str]:
    # dict.fromkeys keeps the first-seen order: same seed, same pool, same persons.
    return list(dict.fromkeys(draw() for _ in range(count)))


def _faker_pool(locale: str, seed: int, size: int) -> NamePool:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return NamePool(
        last=_unique_draws(fake.last_name, size * 2),
        female=_unique_draws(fake.first_name_female, size),
        male=_unique_draws(fake.first_name_male, size),
    )


def build_name_pools(seed: int) -> dict[str, NamePool]:
    """Names by origin group: Faker's where it has them, short hand-made lists elsewhere."""
    french = _faker_pool("fr_FR", seed, 1000)
    french.last = list(dict.fromkeys(french.last + vocab.EXTRA_LAST_NAMES))
    french.female = list(dict.fromkeys(french.female + vocab.EXTRA_FEMALE_NAMES))
    french.male = list(dict.fromkeys(french.male + vocab.EXTRA_MALE_NAMES))
    pools = {"fr": french}
    for group, locale in (("pt", "pt_PT"), ("es", "es_ES"), ("it", "it_IT"), ("ro", "ro_RO")):
        pools[group] = _faker_pool(locale, seed, 150)
    pools["tr"] = _faker_pool("tr_TR", seed, 150)
    for group, (last, female, male) in vocab.HAND_POOLS.items():
        pools[group] = NamePool(list(last), list(female), list(male))
    return pools


# --- What the generator needs from the database ---------------------------------------------


@dataclass
class MdsTeam:
    organisation: Organisation
    referents: list[int]  # social workers and employment agents
    reception: list[int]
    managers: list[int]
    everyone: list[int]


@dataclass
class Context:
    departement: Departement
    commune_ids: list[int]
    commune_weights: list[float]  # cumulative, by population
    team_by_commune: dict[int, MdsTeam]
    agent_names: dict[int, str]
    caf_numbers_in_use: set[str]


def build_context(departement: Departement) -> Context:
    communes = list(departement.communes.order_by("insee_code"))
    if not communes:
        raise ValueError("Le département n'a aucune commune : chargez d'abord le territoire.")
    teams = _mds_teams(departement)
    if not teams:
        raise ValueError("Aucune MDS avec des agents : créez d'abord les comptes de démonstration.")
    covering = mds_by_commune(departement)
    fallback = next(iter(teams.values()))
    cumulative, total = [], 0.0
    for commune in communes:
        total += max(commune.population or 0, 50)
        cumulative.append(total)
    return Context(
        departement=departement,
        commune_ids=[c.pk for c in communes],
        commune_weights=cumulative,
        team_by_commune={c.pk: teams.get(covering.get(c.pk), fallback) for c in communes},
        agent_names=_agent_names(teams),
        caf_numbers_in_use=_caf_numbers_in_use(departement),
    )


def _mds_teams(departement: Departement) -> dict[int, MdsTeam]:
    memberships = (
        Membership.objects.filter(
            organisation__departement=departement,
            organisation__kind=Organisation.Kind.MDS,
            is_active=True,
        )
        .select_related("organisation", "user")
        .order_by("organisation__name", "user__email")
    )
    teams: dict[int, MdsTeam] = {}
    for membership in memberships:
        team = teams.setdefault(
            membership.organisation_id, MdsTeam(membership.organisation, [], [], [], [])
        )
        team.everyone.append(membership.user_id)
        if membership.role in (Role.SOCIAL_WORKER, Role.EMPLOYMENT_AGENT):
            team.referents.append(membership.user_id)
        elif membership.role == Role.RECEPTION_OFFICER:
            team.reception.append(membership.user_id)
        elif membership.role == Role.MDS_MANAGER:
            team.managers.append(membership.user_id)
    for team in teams.values():
        # A small team may lack a role: anyone of the team then stands in for it.
        team.referents = team.referents or team.everyone
        team.reception = team.reception or team.everyone
        team.managers = team.managers or team.everyone
    return teams


def _agent_names(teams: dict[int, MdsTeam]) -> dict[int, str]:
    ids = {user_id for team in teams.values() for user_id in team.everyone}
    return {user.pk: user.get_full_name() for user in User.objects.filter(pk__in=ids)}


def _caf_numbers_in_use(departement: Departement) -> set[str]:
    return set(
        Household.objects.filter(departement=departement)
        .exclude(caf_number="")
        .values_list("caf_number", flat=True)
    )


# --- One household at a time, in memory ---------------------------------------------------------


@dataclass
class AdultPlan:
    """What the timeline of an adult will say, decided before the rows exist."""

    person: Person
    team: MdsTeam
    opened_at: dt.datetime
    creator: int
    referent: int | None = None
    previous_referent: int | None = None
    consent: bool = False


@dataclass
class Batch:
    households: list[Household] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    adults: list[AdultPlan] = field(default_factory=list)
    children: list[tuple[Person, AdultPlan]] = field(default_factory=list)


class PersonGenerator:
    def __init__(self, context: Context, *, seed: int):
        self.context = context
        self.rng = random.Random(seed)
        # A separate stream: avoiding numbers already in use must not shift the names.
        self.caf_rng = random.Random(seed * 7919 + 1)
        self.pools = build_name_pools(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.zone = timezone.get_current_timezone()

    def moment_after(
        self, start: dt.datetime, *, rng: random.Random, within_days: int | None = None
    ) -> dt.datetime:
        """A moment of office hours after `start`, never in the future.

        Timelines full of 3 a.m. visits would look wrong in a demo and skew hourly statistics.
        """
        first = timezone.localtime(start, self.zone).date()
        span = (timezone.localtime(self.now, self.zone).date() - first).days
        if within_days is not None:
            span = min(span, within_days)
        day = first + dt.timedelta(days=rng.randint(0, max(span, 0)))
        if day.weekday() >= 5:  # the weekend falls back to Friday
            day -= dt.timedelta(days=day.weekday() - 4)
        minutes = rng.randrange(8 * 60 + 30, 17 * 60)
        moment = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), self.zone)
        return max(start, min(moment, self.now))

    def fill(self, batch: Batch, remaining: int) -> int:
        """Add one household (at most `remaining` persons) to the batch; return its size."""
        rng = self.rng
        origin = _weighted(rng, vocab.ORIGINS)
        commune_index = _cumulative_choice(rng, self.context.commune_weights)
        commune_id = self.context.commune_ids[commune_index]
        home = _Home(
            origin=origin,
            country=self._country(origin),
            commune_id=commune_id,
            team=self.context.team_by_commune[commune_id],
            address=f"{rng.randint(1, 120)} {rng.choice(vocab.STREETS)}",
            opened_at=self.moment_after(self.now - dt.timedelta(days=TIMELINE_DAYS), rng=rng),
        )
        members = self._members(home, remaining)
        household = self._household(batch, members)
        creator = rng.choice(home.team.reception)
        applicant_plan = None
        for person in members:
            person.departement = self.context.departement
            person.household = household
            person.created_by_id = creator
            person.search_text = person.build_search_text()
            batch.persons.append(person)
            if person.household_role == HouseholdRole.CHILD:
                batch.children.append((person, applicant_plan))
            else:
                plan = self._adult_plan(person, home, creator)
                applicant_plan = applicant_plan or plan
                batch.adults.append(plan)
        return len(members)

    def _members(self, home: "_Home", remaining: int) -> list[Person]:
        rng = self.rng
        applicant_age = _weighted(rng, vocab.ADULT_AGES)
        applicant_age = rng.randint(*applicant_age)
        applicant = self._adult(home, HouseholdRole.APPLICANT, applicant_age, sex=None)
        members = [applicant]
        if len(members) < remaining and rng.random() < 0.35:
            members.append(self._partner(home, applicant, applicant_age))
        children = _weighted(rng, vocab.CHILDREN) if applicant_age < 58 else 0
        adults = list(members)
        for _ in range(min(children, remaining - len(members))):
            members.append(self._child(home, adults, applicant_age))
        return members

    def _adult(self, home, role: str, age: int, *, sex: str | None) -> Person:
        rng = self.rng
        sex = sex or (Sex.FEMALE if rng.random() < 0.56 else Sex.MALE)
        pool = self._pool(home)
        first = self._first_names(pool, sex)
        last = self._last_name(pool)
        languages = self._languages(home.country)
        person = Person(
            birth_name=last,
            first_names=first,
            sex=sex,
            birth_date=self._birth_date(age),
            birth_place=self._birth_place(home.country),
            nationality=home.origin,
            languages=languages,
            needs_interpreter="français" not in languages and rng.random() < 0.7,
            phone=self._mobile() if rng.random() < 0.9 else "",
            address=home.address,
            commune_id=home.commune_id,
            household_role=role,
        )
        if rng.random() < 0.4:
            person.email = self._email(first, last)
        return person

    def _partner(self, home, applicant: Person, applicant_age: int) -> Person:
        rng = self.rng
        opposite = Sex.MALE if applicant.sex == Sex.FEMALE else Sex.FEMALE
        sex = opposite if rng.random() < 0.95 else applicant.sex
        age = min(max(applicant_age + rng.randint(-6, 6), 18), 80)
        partner = self._adult(home, HouseholdRole.PARTNER, age, sex=sex)
        partner.address = applicant.address
        # Many married women use their spouse's name: the search must find both names.
        if sex == Sex.FEMALE and applicant.sex == Sex.MALE and rng.random() < 0.4:
            partner.usage_name = applicant.birth_name
        return partner

    def _child(self, home, adults: list[Person], parent_age: int) -> Person:
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < 0.49 else Sex.MALE
        fathers = [p for p in adults if p.sex == Sex.MALE] or adults
        birth_name = fathers[0].birth_name
        # A double name for some children, but never a triple one.
        simple = not any("-" in adult.birth_name for adult in adults)
        if len(adults) > 1 and simple and rng.random() < 0.06:
            birth_name = f"{adults[0].birth_name}-{adults[1].birth_name}"
        age = rng.randint(0, min(17, parent_age - 18))
        languages = "français"
        if home.country and home.country.languages[0] != "français":
            languages += f", {home.country.languages[0]}"
        return Person(
            birth_name=birth_name,
            first_names=self._first_names(self._pool(home), sex),
            sex=sex,
            birth_date=self._birth_date(age),
            birth_place=rng.choice(vocab.CHILD_BIRTH_PLACES),
            nationality=Nationality.FRENCH if rng.random() < 0.7 else home.origin,
            languages=languages,
            address=home.address,
            commune_id=home.commune_id,
            household_role=HouseholdRole.CHILD,
        )

    def _household(self, batch: Batch, members: list[Person]) -> Household | None:
        # Couples and families all have a CAF file; people alone mostly do.
        if len(members) == 1 and self.rng.random() >= 0.85:
            return None
        caf_number = self._caf_number()
        household = Household(departement=self.context.departement, caf_number=caf_number)
        batch.households.append(household)
        for person in members:
            person.caf_number = caf_number
        return household

    def _adult_plan(self, person: Person, home, creator: int) -> AdultPlan:
        rng = self.rng
        plan = AdultPlan(person, home.team, home.opened_at, creator)
        if rng.random() < REFERENT_SHARE:
            plan.referent = rng.choice(home.team.referents)
            person.referent_id = plan.referent
            person.referent_organisation_id = home.team.organisation.pk
            others = [r for r in home.team.referents if r != plan.referent]
            if others and rng.random() < PREVIOUS_REFERENT_SHARE:
                plan.previous_referent = rng.choice(others)
        plan.consent = rng.random() < CONSENT_SHARE
        return plan

    # -- small draws --

    def _country(self, origin: str) -> vocab.Country | None:
        if origin in vocab.COUNTRIES:
            return self.rng.choice(vocab.COUNTRIES[origin])
        return None

    def _pool(self, home: "_Home") -> NamePool:
        return self.pools[home.country.name_group if home.country else "fr"]

    def _first_names(self, pool: NamePool, sex: str) -> str:
        names = pool.female if sex == Sex.FEMALE else pool.male
        first = self.rng.choice(names)
        if self.rng.random() < 0.12:
            second = self.rng.choice(names)
            if second != first:
                return f"{first} {second}"
        return first

    def _last_name(self, pool: NamePool) -> str:
        name = self.rng.choice(pool.last)
        if self.rng.random() < 0.03:
            name = f"{name}-{self.rng.choice(pool.last)}"
        return name

    def _languages(self, country: vocab.Country | None) -> str:
        rng = self.rng
        if country is None:
            return "français, anglais" if rng.random() < 0.1 else "français"
        language = rng.choice(country.languages)
        if language != "français" and rng.random() < 0.55:
            return f"{language}, français"
        return language

    def _birth_date(self, age: int) -> dt.date:
        days = age * 365 + age // 4 + self.rng.randrange(365)
        return self.today - dt.timedelta(days=days)

    def _birth_place(self, country: vocab.Country | None) -> str:
        if country is None:
            return self.rng.choice(vocab.FRENCH_BIRTH_PLACES)
        return f"{self.rng.choice(country.cities)} ({country.name})"

    def _mobile(self) -> str:
        digits = f"{self.rng.randrange(10**8):08d}"
        prefix = "06" if self.rng.random() < 0.7 else "07"
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"

    def _email(self, first: str, last: str) -> str:
        local = f"{normalize(first.split()[0])}.{normalize(last)}".replace(" ", "-")
        if self.rng.random() < 0.5:
            local += str(self.rng.randint(1, 99))
        return f"{local}@example.invalid"

    def _caf_number(self) -> str:
        used = self.context.caf_numbers_in_use
        while True:
            number = str(self.caf_rng.randrange(1_000_000, 10_000_000))
            if number not in used:
                used.add(number)
                return number


@dataclass
class _Home:
    origin: str
    country: vocab.Country | None  # None: born in France
    commune_id: int
    team: MdsTeam
    address: str
    opened_at: dt.datetime


def _weighted(rng: random.Random, table: tuple):
    """Draw from ((value, weight), …) without building lists on every call."""
    point = rng.random() * sum(weight for _, weight in table)
    for value, weight in table:
        point -= weight
        if point < 0:
            return value
    return table[-1][0]


def _cumulative_choice(rng: random.Random, cumulative: list[float]) -> int:
    return min(bisect_right(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


# --- The timeline of a written batch ------------------------------------------------------------


class TimelineWriter:
    def __init__(self, generator: PersonGenerator, *, seed: int):
        # Its own stream: with or without events, a seed gives the same persons.
        self.rng = random.Random(seed * 7919 + 2)
        self.generator = generator
        self.names = generator.context.agent_names

    def _after(self, start: dt.datetime, *, within_days: int | None = None) -> dt.datetime:
        return self.generator.moment_after(start, rng=self.rng, within_days=within_days)

    def write(self, batch: Batch) -> int:
        events, assignments, consents = [], [], []
        for plan in batch.adults:
            events += self._adult_events(plan, assignments, consents)
        for child, plan in batch.children:
            events.append(self._opening(plan, person=child))
        ReferentAssignment.objects.bulk_create(assignments)
        Consent.objects.bulk_create(consents)
        Event.objects.bulk_create(events)
        return len(events)

    def _adult_events(self, plan: AdultPlan, assignments: list, consents: list) -> list[Event]:
        """Two to five lines: the opening, the référent(s), a consent, then follow-ups."""
        events = [self._opening(plan)]
        if plan.referent:
            events += self._referent_events(plan, assignments)
        if plan.consent:
            events.append(self._consent(plan, consents))
        for _ in range(max(0, self.rng.randint(2, 5) - len(events))):
            events.append(self._follow_up(plan))
        return events

    def _opening(self, plan: AdultPlan, *, person: Person | None = None) -> Event:
        kind, summary = Event.Kind.PERSON_CREATED, vocab.CREATED_SUMMARY
        return self._event(plan, kind, plan.opened_at, plan.creator, summary, person=person)

    def _consent(self, plan: AdultPlan, consents: list) -> Event:
        consents.append(
            Consent(
                person_id=plan.person.pk,
                purpose=Consent.Purpose.SHARING,
                given=True,
                recorded_by_id=plan.creator,
                organisation_id=plan.team.organisation.pk,
            )
        )
        kind, summary = Event.Kind.CONSENT_RECORDED, vocab.CONSENT_SUMMARY
        return self._event(plan, kind, plan.opened_at, plan.creator, summary)

    def _follow_up(self, plan: AdultPlan) -> Event:
        rng = self.rng
        kind = _weighted(rng, vocab.FOLLOW_UP_KINDS)
        # Reception officers log visits; notes and appointments are the référent's work.
        if kind == Event.Kind.VISIT:
            actor = rng.choice(plan.team.reception)
        else:
            actor = plan.referent or rng.choice(plan.team.referents)
        summary = rng.choice(vocab.SUMMARIES[kind])
        return self._event(plan, kind, self._after(plan.opened_at), actor, summary)

    def _referent_events(self, plan: AdultPlan, assignments: list) -> list[Event]:
        manager = self.rng.choice(plan.team.managers)
        started = self._after(plan.opened_at, within_days=60)
        events = []
        if plan.previous_referent:
            ended = self._after(started, within_days=300)
            assignments.append(
                self._assignment(plan, plan.previous_referent, started, ended, manager)
            )
            events.append(self._referent_event(plan, plan.previous_referent, started, manager))
            started = ended
        assignments.append(self._assignment(plan, plan.referent, started, None, manager))
        events.append(self._referent_event(plan, plan.referent, started, manager))
        return events

    def _assignment(self, plan, referent, started, ended, manager) -> ReferentAssignment:
        return ReferentAssignment(
            person_id=plan.person.pk,
            referent_id=referent,
            organisation_id=plan.team.organisation.pk,
            started_at=started,
            ended_at=ended,
            assigned_by_id=manager,
        )

    def _referent_event(self, plan: AdultPlan, referent: int, at, manager: int) -> Event:
        summary = vocab.REFERENT_SUMMARY.format(
            name=self.names.get(referent, ""), organisation=plan.team.organisation
        )
        return self._event(plan, Event.Kind.REFERENT_ASSIGNED, at, manager, summary)

    def _event(self, plan: AdultPlan, kind, at, actor: int, summary: str, person=None) -> Event:
        # Ids, not objects: skips Django's related-object checks, a third of the cost here.
        return Event(
            person_id=(person or plan.person).pk,
            kind=kind,
            occurred_at=at,
            actor_id=actor,
            organisation_id=plan.team.organisation.pk,
            summary=summary,
        )


# --- Writing ------------------------------------------------------------------------------------


def generate_persons(
    *,
    departement: Departement,
    count: int,
    seed: int,
    batch_size: int = 5000,
    with_events: bool = True,
    progress: Progress | None = None,
) -> int:
    """Create `count` synthetic persons of the département; return how many were created.

    Each batch is its own transaction: a long benchmark run keeps what it has written.
    """
    generator = PersonGenerator(build_context(departement), seed=seed)
    timeline = TimelineWriter(generator, seed=seed) if with_events else None
    created = 0
    while created < count:
        batch = Batch()
        while len(batch.persons) < min(batch_size, count - created):
            generator.fill(batch, min(batch_size, count - created) - len(batch.persons))
        _write_batch(batch, timeline)
        created += len(batch.persons)
        if progress:
            progress(created, count)
    return created


@transaction.atomic
def _write_batch(batch: Batch, timeline: TimelineWriter | None) -> None:
    Household.objects.bulk_create(batch.households)
    Person.objects.bulk_create(batch.persons)
    if timeline is None:
        return
    timeline.write(batch)
    _date_files_from_timeline(batch.persons[0].pk, batch.persons[-1].pk)


def _date_files_from_timeline(first_pk: int, last_pk: int) -> None:
    """Back-date the batch's files to their "Création du dossier" event.

    bulk_create stamps created_at with the current time; one set-based UPDATE per batch gives
    the lists and statistics the same history as the timelines.
    """
    opened = Event.objects.filter(person=OuterRef("pk"), kind=Event.Kind.PERSON_CREATED).values(
        "occurred_at"
    )[:1]
    latest = (
        Event.objects.filter(person=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    Person.objects.filter(pk__gte=first_pk, pk__lte=last_pk).update(
        created_at=Coalesce(Subquery(opened), F("created_at")),
        updated_at=Coalesce(Subquery(latest), F("updated_at")),
    )
