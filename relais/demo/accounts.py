"""Demo agents: every role of every kind of organisation, all sharing one public password.

Names come from Faker (fr_FR) with a fixed seed, so the same seed always gives the same
people and the same e-mail addresses; the e-mail is the natural key that makes a second run
create nothing.
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker

from relais.accounts.models import Membership, Role, User
from relais.core.text import normalize
from relais.demo.territory import DemoTerritory

# Public on purpose: shown by load_demo in demo mode only. 12+ characters, as the validators ask.
DEMO_PASSWORD = "relais-demo-2026"
ADMIN_EMAIL = "admin@demo.invalid"
# The agents are the demo's fixed cast, whatever seed the persons use: guides and
# screenshots can name them.
ACCOUNTS_SEED = 82
EMAIL_DOMAIN = "demo.invalid"

# Per MDS, in this order: the roles of a territorial team.
MDS_TEAM = (
    Role.MDS_MANAGER,
    Role.SOCIAL_WORKER,
    Role.SOCIAL_WORKER,
    Role.EMPLOYMENT_AGENT,
    Role.RECEPTION_OFFICER,
)
JOB_TITLES = {
    Role.SOCIAL_WORKER: ("Assistante de service social", "Assistant de service social"),
    Role.EMPLOYMENT_AGENT: ("Agente départementale emploi", "Agent départemental emploi"),
    Role.RECEPTION_OFFICER: ("Secrétaire d'accueil", "Secrétaire d'accueil"),
    Role.MDS_MANAGER: ("Responsable de MDS", "Responsable de MDS"),
    Role.STEERING: ("Chargée de mission pilotage", "Chargé de mission pilotage"),
    Role.OPERATOR: ("Conseillère", "Conseiller"),
    Role.EMPLOYER: ("Gérante", "Gérant"),
}
# The operators' staff of the insertion offer, after every other agent: the names come from
# one seeded sequence, so appending them leaves the earlier agents' names and e-mails as they
# were. (operator's short name, titles); Cap Coaching 82 has two coaches.
OFFER_OPERATOR_STAFF = (
    ("EPICE 82", ("Éducatrice spécialisée", "Éducateur spécialisé")),
    ("CIBC 82", ("Chargée d'évaluation linguistique", "Chargé d'évaluation linguistique")),
    ("Montauban Services", ("Conseillère mobilité", "Conseiller mobilité")),
    ("Langues et Savoirs 82", ("Formatrice FLE", "Formateur FLE")),
    ("Alpha Quercy Formation", ("Formatrice FLE", "Formateur FLE")),
    ("Cap Coaching 82", ("Coach emploi", "Coach emploi")),
    ("Cap Coaching 82", ("Coach emploi", "Coach emploi")),
    ("Trajectoires Emploi", ("Coach emploi", "Coach emploi")),
    ("Élan Coaching Garonne", ("Coach emploi", "Coach emploi")),
)
# Then the FARE82's secretariat and the direction's manager, who decide and pay.
AID_STAFF = (
    ("Cohésion sociale", Role.RECEPTION_OFFICER, ("Secrétaire du FARE82", "Secrétaire du FARE82")),
    (
        "Cohésion sociale",
        Role.MDS_MANAGER,
        ("Cheffe de service insertion", "Chef de service insertion"),
    ),
)


@dataclass(frozen=True)
class AccountSpec:
    email: str
    first_name: str
    last_name: str
    job_title: str
    memberships: tuple  # of (Organisation, Role)


@dataclass
class DemoAccounts:
    users: list[User] = field(default_factory=list)
    created: int = 0
    # One account to show per role, in the order of Role: (email, role label, organisation).
    showcase: list[tuple[str, str, str]] = field(default_factory=list)
    two_memberships: str = ""  # e-mail of the agent who switches between two MDS


class _NameSource:
    """Deterministic, unique agent names: the same seed gives the same agents."""

    def __init__(self, seed: int):
        self.faker = Faker("fr_FR")
        self.faker.seed_instance(seed)
        self.emails: set[str] = set()
        self.count = 0

    def next(self) -> tuple[str, str, str, int]:
        while True:
            female = self.count % 2 == 0
            first = self.faker.first_name_female() if female else self.faker.first_name_male()
            last = self.faker.last_name()
            email = f"{_email_part(first)}.{_email_part(last)}@{EMAIL_DOMAIN}"
            if email not in self.emails:
                self.emails.add(email)
                self.count += 1
                return first, last, email, 0 if female else 1


def _email_part(name: str) -> str:
    return normalize(name).replace(" ", "-")


def plan_accounts(territory: DemoTerritory, *, seed: int) -> list[AccountSpec]:
    """The demo agents, in a fixed order: 5 per MDS, the partners', a two-hat agent, then the
    staff of the insertion offer's operators."""
    names = _NameSource(seed)
    partners = territory.partners
    slots = [[(mds, role)] for mds in territory.mds for role in MDS_TEAM]
    slots += [
        [(territory.dast, Role.STEERING)],
        [(partners["CIDFF 82"], Role.OPERATOR)],
        [(partners["France Travail Montauban"], Role.OPERATOR)],
        [(territory.employer, Role.EMPLOYER)],
        # Two memberships: shows the organisation switcher.
        [
            (_mds(territory, "MDS Montauban Nord"), Role.SOCIAL_WORKER),
            (_mds(territory, "MDS Castelsarrasin"), Role.SOCIAL_WORKER),
        ],
    ]
    specs = []
    for memberships in slots:
        first, last, email, sex_index = names.next()
        title = JOB_TITLES[memberships[0][1]][sex_index]
        specs.append(AccountSpec(email, first, last, title, tuple(memberships)))
    for short_name, titles in OFFER_OPERATOR_STAFF:
        first, last, email, sex_index = names.next()
        memberships = ((partners[short_name], Role.OPERATOR),)
        specs.append(AccountSpec(email, first, last, titles[sex_index], memberships))
    for short_name, role, titles in AID_STAFF:
        first, last, email, sex_index = names.next()
        memberships = ((partners[short_name], role),)
        specs.append(AccountSpec(email, first, last, titles[sex_index], memberships))
    return specs


def _mds(territory: DemoTerritory, short_name: str):
    return next(mds for mds in territory.mds if mds.short_name == short_name)


@transaction.atomic
def ensure_demo_accounts(territory: DemoTerritory, *, seed: int = ACCOUNTS_SEED) -> DemoAccounts:
    """Fetch or create the demo agents, their memberships and the administrator (idempotent)."""
    specs = plan_accounts(territory, seed=seed)
    result = DemoAccounts()
    users = _ensure_users(specs, result)
    _ensure_memberships(specs, users, territory)
    _ensure_admin(result)
    result.users = [users[spec.email] for spec in specs]
    result.showcase = _showcase(specs)
    result.two_memberships = next(s.email for s in specs if len(s.memberships) > 1)
    return result


def _ensure_users(specs: list[AccountSpec], result: DemoAccounts) -> dict[str, User]:
    users = {user.email: user for user in User.objects.filter(email__in=[s.email for s in specs])}
    missing = [spec for spec in specs if spec.email not in users]
    if missing:
        # One Argon2 hash for all: hashing 54 times would cost seconds for the same password.
        password = make_password(DEMO_PASSWORD)
        User.objects.bulk_create(
            User(
                email=spec.email,
                first_name=spec.first_name,
                last_name=spec.last_name,
                job_title=spec.job_title,
                password=password,
            )
            for spec in missing
        )
        result.created += len(missing)
        users = {u.email: u for u in User.objects.filter(email__in=[s.email for s in specs])}
    return users


def _ensure_memberships(specs, users: dict[str, User], territory: DemoTerritory) -> None:
    wanted = [
        (users[spec.email], organisation, role)
        for spec in specs
        for organisation, role in spec.memberships
    ]
    existing = set(
        Membership.objects.filter(user__in=users.values()).values_list(
            "user_id", "organisation_id", "role"
        )
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            organisation=organisation,
            role=role,
            site=territory.first_sites.get(organisation.pk),
        )
        for user, organisation, role in wanted
        if (user.pk, organisation.pk, role) not in existing
    )


def _ensure_admin(result: DemoAccounts) -> None:
    if User.objects.filter(email=ADMIN_EMAIL).exists():
        return
    User.objects.create(
        email=ADMIN_EMAIL,
        first_name="Administrateur",
        last_name="Démo",
        job_title="Administrateur technique",
        password=make_password(DEMO_PASSWORD),
        is_staff=True,
        is_superuser=True,
    )
    result.created += 1


def _showcase(specs: list[AccountSpec]) -> list[tuple[str, str, str]]:
    first_by_role = {}
    for spec in specs:
        organisation, role = spec.memberships[0]
        first_by_role.setdefault(role, (spec.email, role.label, organisation.name))
    return [first_by_role[role] for role in Role if role in first_by_role]
