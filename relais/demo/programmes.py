"""The demo's insertion offer: the catalogue, then a year of prescriptions by the MDS agents.

The catalogue is in `programmes_catalogue`; the year goes through the real prescription
services (`programmes_activity`) and is back-dated afterwards (`programmes_history`). Here:
whom the programmes receive, and who prescribes. A few eligible persons of the MDS de
Montauban Nord's sector are left free for each programme, so that its social workers can
prescribe every programme during a demonstration.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from relais.accounts.models import Membership, Role
from relais.demo.programmes_activity import Simulation
from relais.demo.programmes_catalogue import ensure_catalogue
from relais.demo.programmes_history import backdate, watermarks
from relais.demo.territory import mds_by_commune
from relais.people.models import HouseholdRole, Person
from relais.programmes.eligibility import evaluate
from relais.programmes.models import Prescription, ProgrammeKind, Status
from relais.rsa.models import Beneficiary, Orientation, RsaFile
from relais.rsa.models.flows import OPEN_RIGHT_STATES
from relais.territory.models import Organisation

SHOWCASE_MDS = "MDS Montauban Nord"
KEPT_FREE = 2  # eligible persons of the showcase sector left free for each programme
NO_RSA = {"in_rsa": False, "subject_to_duties": False, "rsa_since": None, "track": ""}
# Each programme's part of the prescriptions sent by the MDS, and which part of it came in the
# last days (the rest spreads over the year). The French courses receive the CIBC's
# orientations. Trajectoires Emploi took more persons lately (sheet 8.6: one operator's number
# was raised): its coach ends the year with a full portfolio, and TAPAJ with a waiting list.
SHARES = {
    "plateforme-mobilite": (0.14, 0, 0),
    "tapaj": (0.12, 0.5, 150),
    "plaine-emploi": (0.08, 0, 0),
    "plateforme-linguistique": (0.20, 0, 0),
    "coaching-emploi-cap": (0.16, 0, 0),
    "coaching-emploi-trajectoires": (0.22, 0.65, 80),
    "coaching-emploi-elan": (0.08, 0, 0),
}
LONG_STANDING = "coaching-emploi-trajectoires"  # whose rules the long-standing persons meet


@dataclass
class Candidate:
    person: Person
    mds_id: int
    facts: dict
    isolated: bool  # the only adult of the household
    needs_french: bool

    def age(self, day: dt.date) -> int:
        born = self.person.birth_date  # relativedelta costs ten times more, for 20 000 calls
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def ensure_demo_programmes(territory, *, seed: int = 82, prescriptions: int = 250, today=None):
    """The catalogue (idempotent), then a year of activity if the département has none."""
    today = today or timezone.localdate()
    catalogue = ensure_catalogue(territory, today=today)
    programmes = catalogue["programmes"]
    result = {"programmes": len(programmes), "created": catalogue["created"], "prescriptions": 0}
    departement = territory.departement
    if prescriptions <= 0 or Prescription.objects.filter(departement=departement).exists():
        return result
    with transaction.atomic():
        result.update(_year(territory, programmes, seed=seed, count=prescriptions, today=today))
    return result


def _year(territory, programmes: dict, *, seed: int, count: int, today: dt.date) -> dict:
    departement = territory.departement
    showcase = next(mds for mds in territory.mds if mds.short_name == SHOWCASE_MDS)
    rng = random.Random(f"{seed}:programmes")
    candidates = load_candidates(departement)
    ensure_long_standing(candidates, programmes[LONG_STANDING], showcase.pk, today)
    kept = kept_free(candidates, programmes, showcase.pk, today)
    marks = watermarks()
    sim = Simulation(rng=rng, today=today, programmes=programmes, operators=_operators(departement))
    sim.load_consents(departement)
    sim.schedule_sessions()
    _plan(sim, candidates, kept, count, _prescribers(departement))
    sim.run()
    sim.finish()
    backdate(sim, marks)
    statuses = Counter(
        Prescription.objects.filter(departement=departement).values_list("status", flat=True)
    )
    return {
        "prescriptions": sum(statuses.values()),
        "waitlisted": statuses[Status.WAITLISTED],
        "entered": statuses[Status.ENTERED],
        "ended": statuses[Status.ENDED],
        "refused": statuses[Status.REFUSED],
        "assessments": sim.counts["assessments"],
        "work_days": sim.counts["work_days"],
    }


# --- Whom the programmes receive ----------------------------------------------------------------


def load_candidates(departement) -> list[Candidate]:
    """The adults of the département with their RSA facts, by the MDS covering their commune."""
    covering = mds_by_commune(departement)
    facts = _rsa_facts(departement)
    adults = Counter(
        Person.objects.filter(departement=departement, household__isnull=False)
        .exclude(household_role=HouseholdRole.CHILD)
        .values_list("household_id", flat=True)
    )
    persons = (
        Person.objects.filter(departement=departement, commune__isnull=False)
        .exclude(household_role=HouseholdRole.CHILD)
        .order_by("pk")
    )
    return [
        Candidate(
            person=person,
            mds_id=covering[person.commune_id],
            facts=facts.get(person.pk, NO_RSA),
            isolated=person.household_id is None or adults[person.household_id] == 1,
            needs_french=person.needs_interpreter
            or bool(person.languages)
            and not person.languages.startswith("français"),
        )
        for person in persons
        if person.commune_id in covering
    ]


def _rsa_facts(departement) -> dict[int, dict]:
    """What `relais.rsa.facts.rsa_facts` tells of each person, in two queries for all."""
    orientations = Orientation.objects.filter(person__departement=departement)
    tracks = dict(orientations.order_by("decided_on", "id").values_list("person_id", "track"))
    facts = {person_id: {**NO_RSA, "track": track} for person_id, track in tracks.items()}
    rows = Beneficiary.objects.filter(person__departement=departement).values_list(
        "person_id", "subject_to_duties", "rsa_file__application_date", "rsa_file__right_state"
    )
    for person_id, duties, applied, state in rows:
        in_rsa = state in OPEN_RIGHT_STATES
        facts[person_id] = {
            "in_rsa": in_rsa,
            "subject_to_duties": in_rsa and duties,
            "rsa_since": applied if in_rsa else None,
            "track": tracks.get(person_id, ""),
        }
    return facts


def fits(programme, candidate: Candidate, day: dt.date) -> bool:
    """The programme's public beyond its rules: young or on minimum income, isolated, etc."""
    age = candidate.age(day)
    kind = programme.kind
    if kind == ProgrammeKind.DAY_WORK:
        return 16 <= age <= 26
    if not 18 <= age <= 64:
        return False
    facts = candidate.facts
    if kind == ProgrammeKind.MOBILITY:
        return age < 26 or facts["in_rsa"]
    if kind == ProgrammeKind.SUPPORT:
        return candidate.isolated and candidate.person.sex == "F"
    if kind == ProgrammeKind.LANGUAGE_PLATFORM:
        return candidate.needs_french
    if kind == ProgrammeKind.COACHING:
        return facts["subject_to_duties"] and facts["track"] == "professional"
    return True


def eligible(programme, candidate: Candidate, day: dt.date) -> bool:
    facts = candidate.facts
    return evaluate(
        programme, candidate.person, facts, today=day, confirmed=True, served=set()
    ).eligible


def ensure_long_standing(candidates, coaching, showcase_id: int, today: dt.date) -> int:
    """Persons of the showcase sector in the RSA for over 5 years, as sheet 8.6 requires.

    The demo's CAF flows date the RSA applications of the last seven years at random, and a
    small sector may have nobody in the RSA for that long with a professional orientation:
    the application of a few such households is then moved back to six years ago or more.
    """
    local = [c for c in candidates if c.mds_id == showcase_id and fits(coaching, c, today)]
    missing = KEPT_FREE - sum(eligible(coaching, c, today) for c in local)
    changed = 0
    for candidate in local:
        if changed >= missing:
            break
        if eligible(coaching, candidate, today):
            continue
        since = today - relativedelta(years=6, months=candidate.person.pk % 30)
        household = candidate.person.household_id
        RsaFile.objects.filter(household_id=household).update(application_date=since)
        for member in candidates:
            if member.person.household_id == household and member.facts["in_rsa"]:
                member.facts = {**member.facts, "rsa_since": since}
        changed += 1
    return changed


def kept_free(candidates, programmes: dict, showcase_id: int, today: dt.date) -> dict:
    """{code: person pks} the simulation leaves free, for a live prescription in the sector."""
    kept = {}
    for code, programme in programmes.items():
        local = (
            c
            for c in candidates
            if c.mds_id == showcase_id
            and fits(programme, c, today)
            and eligible(programme, c, today)
        )
        kept[code] = {c.person.pk for _, c in zip(range(KEPT_FREE), local, strict=False)}
    return kept


# --- Who prescribes, and when -------------------------------------------------------------------


def _members(departement, **filters) -> list:
    memberships = Membership.objects.filter(
        organisation__departement=departement, is_active=True, **filters
    ).select_related("user", "organisation")
    users = []
    for membership in memberships.order_by("pk"):
        user = membership.user  # one instance per membership: it acts for that organisation
        user.membership = membership
        users.append(user)
    return users


def _prescribers(departement) -> dict[int, list]:
    """MDS pk → its social workers and employment agents."""
    staff: dict[int, list] = {}
    for user in _members(
        departement,
        organisation__kind=Organisation.Kind.MDS,
        role__in=[Role.SOCIAL_WORKER, Role.EMPLOYMENT_AGENT],
    ):
        staff.setdefault(user.membership.organisation_id, []).append(user)
    return staff


def _operators(departement) -> dict[int, list]:
    staff: dict[int, list] = {}
    for user in _members(departement, role=Role.OPERATOR):
        staff.setdefault(user.membership.organisation_id, []).append(user)
    return staff


def _plan(sim, candidates, kept: dict, count: int, prescribers: dict) -> None:
    """Each programme's prescriptions: a day of the past year, an eligible person, a prescriber.

    A person receives each programme once, and one coaching at most.
    """
    rng = sim.rng
    used: dict[str, set[int]] = {}
    for code, (share, recent, recent_days) in SHARES.items():
        programme = sim.programmes[code]
        group = used.setdefault("coaching" if code.startswith("coaching") else code, set())
        pool = [
            c for c in candidates if c.person.pk not in kept[code] and fits(programme, c, sim.today)
        ]
        rng.shuffle(pool)
        span = [recent_days if rng.random() < recent else 358 for _ in range(round(count * share))]
        days = sorted(_sent_day(rng, sim.today, days) for days in span)
        for day in days:
            candidate = next(
                (c for c in pool if c.person.pk not in group and eligible(programme, c, day)),
                None,
            )
            team = prescribers.get(candidate.mds_id) if candidate else None
            if not team:
                continue
            group.add(candidate.person.pk)
            referents = [user for user in team if user.pk == candidate.person.referent_id]
            prescriber = (referents or [rng.choice(team)])[0]
            sim.at(day, sim.send, programme, candidate.person, prescriber)


def _sent_day(rng, today: dt.date, span: int) -> dt.date:
    day = today - dt.timedelta(days=rng.randrange(span))
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day
