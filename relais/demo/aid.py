"""The demo's FARE82 fund: the year's envelope, the eight categories, référents for RSA
beneficiaries, and a year of applications played through the real services, then back-dated.

Idempotent: nothing is created once the département has a fund. A few followed beneficiaries
of each MDS are left without application, so a demo agent can apply live.
"""

import datetime as dt
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from relais.accounts.models import Membership, Role
from relais.aid.models import AidApplication, AidCategory, AidFund, CategoryCode, PaymentBatch
from relais.aid.services import AidError, decisions, payments
from relais.aid.services import applications as agent
from relais.people.models import Event
from relais.people.services import assign_referent
from relais.rsa.models import Beneficiary
from relais.rsa.models.flows import OPEN_RIGHT_STATES
from relais.territory.models import Sector

ENVELOPE = Decimal("120000")  # the fund's share of sheet 7.1's 267 000 € (demo figure)
# (per application, per person over 12 months): demo ceilings, set in the admin for real.
CEILINGS = {
    CategoryCode.VEHICLE_PURCHASE: ("2000", "3000"),
    CategoryCode.VEHICLE_REPAIR: ("800", "1200"),
    CategoryCode.VEHICLE_RENTAL: ("600", "1200"),
    CategoryCode.VEHICLE_INSURANCE: ("600", "900"),
    CategoryCode.DRIVING_LICENCE: ("1200", "1500"),
    CategoryCode.TRAVEL: ("400", "800"),
    CategoryCode.MEALS: ("300", "600"),
    CategoryCode.LODGING: ("600", "1200"),
}
WEIGHTS = {
    CategoryCode.DRIVING_LICENCE: 30,
    CategoryCode.VEHICLE_REPAIR: 20,
    CategoryCode.TRAVEL: 14,
    CategoryCode.VEHICLE_INSURANCE: 10,
    CategoryCode.MEALS: 8,
    CategoryCode.VEHICLE_PURCHASE: 7,
    CategoryCode.VEHICLE_RENTAL: 6,
    CategoryCode.LODGING: 5,
}
# The fate of each application, in shares.
FATES = {
    "paid": 50,
    "approved": 14,
    "refused": 10,
    "incomplete": 8,
    "review": 6,
    "submitted": 6,
    "draft": 6,
}
FOLLOWED_PER_MDS = 12
KEPT_FREE_PER_MDS = 3
EMPLOYERS = (
    ("Boulangerie du Quercy", "cdd", "job"),
    ("Transports Garonne Express", "cdi", "job"),
    ("EHPAD Les Coteaux", "cdd", "job"),
    ("Maraîchage du Tarn (chantier d'insertion)", "iae", "job"),
    ("Intérim 82 Montauban", "temporary", "job"),
    ("GRETA — CAP agent de propreté", "training", "training"),
    ("AFPA — titre professionnel cariste", "training", "training"),
)
SUPPLIERS = {
    CategoryCode.DRIVING_LICENCE: "Auto-école du Pont",
    CategoryCode.VEHICLE_REPAIR: "Garage de la Gare",
    CategoryCode.VEHICLE_PURCHASE: "Garage de la Gare",
    CategoryCode.VEHICLE_RENTAL: "Montauban Services — location solidaire",
    CategoryCode.VEHICLE_INSURANCE: "Mutuelle des Deux Rives",
    CategoryCode.LODGING: "Foyer des jeunes travailleurs de Montauban",
}
IBANS = (
    "FR7630006000011234567890189",
    "FR7610107001011234567890129",
    "FR7630004000031234567890143",
    "FR7617569000407654321000174",
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ensure_demo_aid(territory, *, seed: int = 82, applications: int = 36, today=None) -> dict:
    today = today or timezone.localdate()
    departement = territory.departement
    if AidFund.objects.filter(departement=departement).exists():
        return {}
    with transaction.atomic():
        fund = AidFund.objects.create(
            departement=departement,
            year=today.year,
            envelope=ENVELOPE,
            budget_line="6568-FARE82",
            secretariat=territory.partners["Cohésion sociale"],
        )
        categories = {
            code: AidCategory.objects.create(
                departement=departement,
                code=code,
                ceiling_per_application=Decimal(per_application),
                ceiling_per_person=Decimal(per_person),
            )
            for code, (per_application, per_person) in CEILINGS.items()
        }
        followed = _follow(territory)
        if applications <= 0 or not followed:
            return {"fund": fund, "followed": sum(len(p) for p in followed.values())}
        rng = random.Random(f"{seed}:aid")
        secretary, manager = _secretariat(departement)
        played = _play(rng, followed, categories, secretary, manager, applications, today)
    return {"fund": fund, "followed": sum(len(p) for p in followed.values()), **played}


def _follow(territory) -> dict:
    """Per MDS, open-RSA beneficiaries of its sector given a référent of the MDS (its ADE or
    ASS): the fund helps beneficiaries followed by a département agent."""
    followed = {}
    for mds in territory.mds:
        agents = list(
            Membership.objects.filter(
                organisation=mds,
                role__in=[Role.EMPLOYMENT_AGENT, Role.SOCIAL_WORKER],
                is_active=True,
            )
            .select_related("user")
            .order_by("role", "id")
        )
        if not agents:
            continue
        communes = Sector.communes.through.objects.filter(sector__organisation=mds).values(
            "commune_id"
        )
        beneficiaries = (
            Beneficiary.objects.filter(
                rsa_file__right_state__in=OPEN_RIGHT_STATES,
                subject_to_duties=True,
                person__commune_id__in=communes,
            )
            .select_related("person")
            .order_by("person__birth_name", "person_id")[:FOLLOWED_PER_MDS]
        )
        persons = []
        for index, beneficiary in enumerate(beneficiaries):
            referent = agents[index % len(agents)]
            person = beneficiary.person
            if person.referent_organisation_id is None:
                referent.user.membership = referent
                assign_referent(
                    user=referent.user, person=person, referent=referent.user, organisation=mds
                )
                person.refresh_from_db()
            persons.append((person, referent))
        followed[mds.pk] = persons
    return followed


def _secretariat(departement):
    rows = Membership.objects.filter(
        organisation__departement=departement,
        organisation__short_name="Cohésion sociale",
        is_active=True,
    ).select_related("user", "organisation")
    secretary = next(m for m in rows if m.role == Role.RECEPTION_OFFICER)
    manager = next((m for m in rows if m.role == Role.MDS_MANAGER), secretary)
    for membership in (secretary, manager):
        membership.user.membership = membership
    return secretary.user, manager.user


def _play(rng, followed, categories, secretary, manager, count, today) -> dict:
    candidates = []
    for persons in followed.values():
        candidates.extend(persons[KEPT_FREE_PER_MDS:])
    rng.shuffle(candidates)
    fates = rng.choices(list(FATES), weights=list(FATES.values()), k=count)
    plans = []
    for index, fate in enumerate(fates):
        if not candidates:
            break
        person, referent = candidates[index % len(candidates)]
        code = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        submitted_days_ago = rng.randint(12, 300)
        plans.append((fate, person, referent, categories[code], submitted_days_ago))
    created, to_pay, month = [], [], None
    # Oldest first, one payment batch per month, as the secretariat sends them.
    for fate, person, referent, category, days_ago in sorted(plans, key=lambda p: -p[4]):
        if to_pay and days_ago // 30 != month:
            _export_and_pay(secretary, to_pay, today)
            to_pay = []
        month = days_ago // 30
        application = _one(rng, fate, person, referent, category, secretary)
        if application is not None:
            created.append((application, fate, days_ago))
            if fate == "paid":
                to_pay.append(application)
    if to_pay:
        _export_and_pay(secretary, to_pay, today)
    # Approved after the export: still waiting for the next batch.
    for application, fate, _ in created:
        if fate == "approved":
            decisions.approve(
                user=manager, application=application, amount=_granted(rng, application)
            )
    _backdate(rng, created, today)
    return {
        "applications": len(created),
        "paid": sum(1 for _, fate, _ in created if fate == "paid"),
    }


def _export_and_pay(secretary, approved, today) -> None:
    payments.export_batch(user=secretary, departement=approved[0].departement)
    for application in approved:
        payments.pay(
            user=secretary,
            application=application,
            paid_on=today,
            reference=f"MANDAT-{today.year}-{application.pk:05d}",
        )


def _granted(rng, application) -> Decimal:
    asked = application.amount_requested
    return asked if rng.random() < 0.7 else (asked * Decimal("0.8")).quantize(Decimal("1"))


def _one(rng, fate, person, referent, category, secretary):
    user = referent.user
    user.membership = referent
    employer, contract, purpose = rng.choice(EMPLOYERS)
    supplier = SUPPLIERS.get(category.code)
    ceiling = int(category.ceiling_per_application)
    amount = Decimal(rng.randrange(max(ceiling // 4, 50), ceiling + 1, 10))
    data = {
        "category": category,
        "amount_requested": amount,
        "purpose": purpose,
        "employer_or_body": employer,
        "activity_starts_on": timezone.localdate() + dt.timedelta(days=rng.randint(5, 40)),
        "contract_kind": contract,
        "why_not_employer": rng.choice(
            (
                "L'employeur n'a pas d'obligation de prise en charge pour ce poste.",
                "Petite structure : pas de participation aux frais de transport.",
                "L'organisme de formation ne prend pas en charge l'hébergement.",
            )
        ),
        "payee_kind": "supplier" if supplier else "person",
        "payee_name": supplier or person.full_name,
    }
    try:
        application = agent.create(user=user, person=person, data=data, iban=rng.choice(IBANS))
        if fate == "draft":
            return application
        for kind in ("quote", "promise" if purpose == "job" else "entry_certificate"):
            agent.attach_document(
                user=user,
                application=application,
                kind=kind,
                uploaded=SimpleUploadedFile(f"{kind}.pdf", PDF, "application/pdf"),
                title=f"{kind} — demande FARE82",
            )
        application = agent.submit(user=user, application=application)
        if fate == "submitted":
            return application
        application = decisions.start_review(user=secretary, application=application)
        if fate in ("review", "approved"):
            return application
        if fate == "incomplete":
            return decisions.mark_incomplete(
                user=secretary,
                application=application,
                missing="Le devis n'est pas signé : joignez un devis daté et signé.",
            )
        if fate == "refused":
            return decisions.refuse(
                user=secretary,
                application=application,
                reason=rng.choice(["employer_pays", "no_activity", "other"]),
                comment="Décision de la commission hebdomadaire.",
            )
        return decisions.approve(
            user=secretary, application=application, amount=_granted(rng, application)
        )
    except AidError:
        return None  # a ceiling already reached by this person: the agent would not apply


def _backdate(rng, created, today) -> None:
    """Spread the year: submitted N days ago, decided 3–20 days later; each batch sent two days
    after its last decision, its applications paid 3–10 days after."""
    current = AidApplication.objects.in_bulk([application.pk for application, _, _ in created])
    for created_application, _fate, days_ago in created:
        application = current[created_application.pk]
        submitted = timezone.now() - dt.timedelta(days=days_ago)
        # Decided 3–20 days later, but never after yesterday (the batch follows 2 days after).
        decided = min(
            submitted + dt.timedelta(days=rng.randint(3, 20)),
            timezone.now() - dt.timedelta(days=3),
        )
        fields = {"created_at": submitted - dt.timedelta(days=1)}
        if application.submitted_at:
            fields["submitted_at"] = submitted
        if application.decided_at:
            fields["decided_at"] = decided
        AidApplication.objects.filter(pk=application.pk).update(**fields)
        Event.objects.filter(
            kind=Event.Kind.AID, source_id=str(application.pk), summary__contains="préparée"
        ).update(occurred_at=submitted - dt.timedelta(days=1))
        Event.objects.filter(
            kind=Event.Kind.AID,
            source_id=str(application.pk),
            summary__contains="transmise au secrétariat",
        ).update(occurred_at=submitted)
        Event.objects.filter(
            kind=Event.Kind.AID,
            source_id=str(application.pk),
            summary__regex=r"(accordée|refusée|à compléter|à l'étude)",
        ).update(occurred_at=decided)
    batches = PaymentBatch.objects.filter(applications__isnull=False).distinct()
    for batch in batches:
        last_decided = batch.applications.order_by("decided_at").last()
        if last_decided and last_decided.decided_at:
            sent = last_decided.decided_at + dt.timedelta(days=2)
            PaymentBatch.objects.filter(pk=batch.pk).update(created_at=sent, sent_at=sent)
            for paid in batch.applications.filter(status="paid"):
                paid_on = min(sent.date() + dt.timedelta(days=rng.randint(3, 10)), today)
                AidApplication.objects.filter(pk=paid.pk).update(paid_on=paid_on)
