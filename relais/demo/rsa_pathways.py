"""What happened after the demo's CAF flows: the pathways of the persons in the RSA.

- Persons of the stock subject to rights and duties: an orientation and a contract taken over
  from the previous system (CER/PPAE before 2025, contrat d'engagement after), some exits.
- New entrants older than three weeks: convened, seen (diagnostic, orientation, notification,
  often a signed contrat d'engagement), absent (listed for the EP) or excused.
- New entrants of the last three weeks: some convened to a coming appointment, the others —
  this week's in particular — left for the demo's ADE to convene.
- One EP session per MDS: the absences listed, and an earlier session with its decisions.
Every change after the import goes through the pathway's services, as an agent's would.
"""

import datetime as dt
import random
import uuid

from django.utils import timezone

from relais.accounts.models import Membership, Role
from relais.agenda.models import Agenda, Appointment
from relais.agenda.services import change_status
from relais.rsa.models import (
    Beneficiary,
    Contract,
    Convocation,
    DutiesChange,
    EpCase,
    Orientation,
)
from relais.rsa.services import contracts, ep, exits
from relais.rsa.services import orientation as orienting
from relais.rsa.services.convocation import convene, orientation_motive, sector_mds

TRACKS = [
    ("professional", "france_travail"),
    ("professional", "france_travail"),
    ("socio_professional", "departement"),
    ("social", "departement"),
]
ACTIONS = [
    ("Ateliers de recherche d'emploi à France Travail", 6),
    ("Formation « savoirs de base » au CIBC", 6),
    ("Démarches de santé et de logement avec l'assistante sociale", 3),
    ("Immersion en entreprise (PMSMP)", 8),
]


def _staff(departement) -> dict:
    """Per MDS, one agent of each role, with their membership set as the middleware would."""
    staff: dict = {}
    memberships = Membership.objects.filter(
        organisation__departement=departement, organisation__kind="mds", is_active=True
    ).select_related("user", "organisation")
    for membership in memberships.order_by("pk"):
        user = membership.user
        user.membership = membership
        staff.setdefault(membership.organisation_id, {}).setdefault(membership.role, user)
    return staff


def ensure_demo_pathways(departement, *, seed: int, today: dt.date) -> dict:
    rng = random.Random(f"{seed}:rsa")
    staff = _staff(departement)
    counts = {"history": _stock_history(departement, rng, today, staff)}
    counts.update(_new_entrants(departement, rng, today, staff))
    return counts


def _stock_history(departement, rng, today, staff) -> int:
    """Orientations and contracts of the persons subject to duties before the demo's flows."""
    subjects = Beneficiary.objects.filter(
        person__departement=departement, subject_to_duties=True, duties_entered_on__isnull=True
    ).select_related("person")
    created = 0
    for beneficiary in subjects:
        person = beneficiary.person
        decided = today - dt.timedelta(days=rng.randint(90, 900))
        track, body = rng.choice(TRACKS)
        orientation = Orientation.objects.create(
            person=person,
            track=track,
            referent_body=body,
            decided_on=decided,
            notified_on=decided + dt.timedelta(days=rng.randint(1, 6)),
            source=Orientation.Source.HISTORY,
            external_key=f"demo-{person.pk}",
        )
        created += 1
        if rng.random() < 0.72:
            signed = orientation.notified_on + dt.timedelta(days=rng.randint(5, 40))
            kind = "engagement" if signed >= dt.date(2025, 1, 1) else rng.choice(["cer", "ppae"])
            ends = signed + dt.timedelta(days=rng.choice([180, 365]))
            Contract.objects.create(
                person=person,
                kind=kind,
                orientation=orientation,
                status="active" if ends >= today else "ended",
                objectives="Reprise contractuelle",
                starts_on=signed,
                ends_on=ends,
                signed_on=signed,
                ended_on=None if ends >= today else ends,
                external_key=f"demo-{person.pk}",
            )
        if rng.random() < 0.04:
            mds = sector_mds(person)
            agent = staff.get(mds.pk, {}).get(Role.EMPLOYMENT_AGENT) if mds else None
            reason = rng.choice(["durable_job", "short_job", "training", "income", "moved"])
            exits.record_exit(
                user=agent,
                person=person,
                on=today - dt.timedelta(days=rng.randint(1, 60)),
                reason=reason,
            )
    return created


def _new_entrants(departement, rng, today, staff) -> dict:
    entries = (
        DutiesChange.objects.filter(person__departement=departement, is_entry=True)
        .select_related("person__commune")
        .order_by("on", "person_id")
    )
    counts = {"convened": 0, "oriented": 0, "contracts": 0, "absent": 0}
    for change in entries:
        person = change.person
        age = (today - change.on).days
        mds = sector_mds(person)
        team = staff.get(mds.pk, {}) if mds else {}
        if mds is None or Role.EMPLOYMENT_AGENT not in team:
            continue
        if age > 21:
            outcome = _held_appointment(person, change.on, mds, team, rng, today)
            counts["convened"] += 1
            counts["absent"] += outcome == "no_show"
            if outcome == "seen":
                counts["oriented"] += 1
                counts["contracts"] += _orient_and_contract(person, team, rng, today)
        elif age > 6 and rng.random() < 0.6:
            report = convene(user=team[Role.RECEPTION_OFFICER], persons=[person])
            counts["convened"] += len(report.convened)
    counts["ep_sessions"] = _ep_sessions(departement, staff, today)
    return counts


def _held_appointment(person, entered_on, mds, team, rng, today) -> str:
    """An orientation appointment ten days after the entry, then its outcome."""
    agent = team[Role.EMPLOYMENT_AGENT]
    agenda = Agenda.objects.filter(organisation=mds, owner=agent).first()
    site = agenda.site if agenda else mds.sites.first()
    day = entered_on + dt.timedelta(days=10)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + rng.randint(0, 6))))
    appointment = Appointment.objects.create(
        person=person,
        motive=orientation_motive(person.departement),
        agenda=agenda,
        organisation=mds,
        site=site,
        start=start,
        end=start + dt.timedelta(hours=1),
        requested_at=entered_on,
        booked_by=team.get(Role.RECEPTION_OFFICER),
    )
    Convocation.objects.create(
        person=person,
        purpose=Convocation.Purpose.ORIENTATION,
        appointment=appointment,
        batch=_batch(entered_on),
        organisation=mds,
        created_by=team.get(Role.RECEPTION_OFFICER),
    )
    outcome = rng.choices(["seen", "no_show", "excused"], weights=[75, 17, 8])[0]
    # Through the agenda's service: an absence lists the person for the EP by itself.
    change_status(user=agent, appointment=appointment, status=outcome)
    return outcome


def _batch(day):
    return uuid.uuid5(uuid.NAMESPACE_URL, f"relais-demo-convocations-{day.isoformat()}")


def _orient_and_contract(person, team, rng, today) -> int:
    agent = team[Role.EMPLOYMENT_AGENT]
    appointment = person.appointments.order_by("-start").first()
    levels = ["none", "none", "some", "major"]
    diagnostic = orienting.record_diagnostic(
        user=agent,
        person=person,
        appointment=appointment,
        data={
            "situation": rng.choice(["job_seeker", "inactive", "employed"]),
            "capacity": rng.choice(["now", "now", "soon", "not_now"]),
            "project": rng.choice(["defined", "to_build", "none"]),
            "health": rng.random() < 0.15,
            "education": rng.choice(["none", "3", "4", "5"]),
            "experience": rng.choice(["none", "lt2", "2to5", "gt5"]),
            **{name: rng.choice(levels) for name in orienting.Diagnostic.CONSTRAINTS},
        },
    )
    proposal = orienting.propose(diagnostic, departement=person.departement)
    decided = min(timezone.localtime(appointment.start).date() + dt.timedelta(days=2), today)
    track, body = (proposal[0], proposal[1]) if proposal else ("social", "departement")
    orientation = orienting.orient(
        user=agent,
        person=person,
        track=track,
        referent_body=body,
        referent_organisation=agent.membership.organisation if body == "departement" else None,
        decided_on=decided,
        diagnostic=diagnostic,
    )
    notified = min(decided + dt.timedelta(days=rng.randint(1, 4)), today)
    orienting.notify_orientation(user=agent, orientation=orientation, notified_on=notified)
    signed = notified + dt.timedelta(days=rng.randint(6, 30))
    if signed > today or rng.random() < 0.25:
        return 0
    picked = rng.sample(ACTIONS, 3)
    contract = contracts.create_draft(
        user=agent,
        person=person,
        objectives="Retrouver un emploi dans le métier visé en levant les freins repérés.",
        actions=[(label, hours) for label, hours in picked],
        adjustment_reason=(
            "Garde d'enfants : activité adaptée" if sum(h for _, h in picked) < 15 else ""
        ),
        starts_on=signed,
        ends_on=signed + dt.timedelta(days=182),
    )
    contracts.sign(user=agent, contract=contract, signed_on=signed)
    contracts.activate(user=agent, contract=contract, today=today)
    return 1


def _ep_sessions(departement, staff, today) -> int:
    """A coming session per MDS with the absences listed put on its agenda."""
    created = 0
    for team in staff.values():
        secretary = team.get(Role.RECEPTION_OFFICER)
        manager = team.get(Role.MDS_MANAGER)
        if secretary is None or manager is None:
            continue
        mds = secretary.membership.organisation
        cases = list(mds_cases(mds))
        if not cases:
            continue
        day = today + dt.timedelta(days=14)
        session = ep.create_session(
            user=secretary,
            mds=mds,
            date=timezone.make_aware(dt.datetime.combine(day, dt.time(14))),
            place=f"{mds.name}, salle de réunion",
        )
        for name, quality in [
            (manager.get_full_name(), "president_delegate"),
            ("Conseiller·e France Travail", "france_travail"),
            ("Représentant·e des bénéficiaires du RSA", "beneficiary"),
        ]:
            ep.add_member(user=secretary, session=session, name=name, quality=quality)
        ep.schedule_cases(user=secretary, cases=cases[: max(1, len(cases) // 2)], session=session)
        created += 1
    return created


def mds_cases(mds):
    return EpCase.objects.filter(mds=mds, status=EpCase.Status.LISTED).order_by("listed_at")
