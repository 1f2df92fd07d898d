import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from relais.accounts.models import Membership, Role, User
from relais.agenda.models import Agenda, Appointment
from relais.demo.accounts import DEMO_PASSWORD
from relais.people.models import (
    Consent,
    Event,
    Household,
    HouseholdRole,
    Person,
    ReferentAssignment,
)
from relais.rsa.models import CafFlow
from relais.territory.models import (
    Closure,
    Commune,
    OpeningHours,
    Organisation,
    Sector,
    Site,
)

pytestmark = pytest.mark.django_db

PERSONS = 200
# The CAF flows of the demo add the persons of their households (the RSA pathway).
RSA_HOUSEHOLDS = 30
# The year of the insertion offer is tested in test_programmes: a few prescriptions suffice here.
PROGRAMME_PRESCRIPTIONS = 20


def load_demo(**options) -> str:
    out = io.StringIO()
    options = {
        "rsa_households": RSA_HOUSEHOLDS,
        "rsa_weeks": 1,
        "programme_prescriptions": PROGRAMME_PRESCRIPTIONS,
        **options,
    }
    call_command("load_demo", persons=PERSONS, history_days=20, stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [
        Organisation, Site, OpeningHours, Closure, Sector, Sector.communes.through, User,
        Membership, Household, Person, Event, ReferentAssignment, Consent,
    ]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def first_names(count: int = 20) -> list[str]:
    return [person.full_name for person in Person.objects.order_by("pk")[:count]]


def test_it_creates_the_requested_persons_with_their_timelines():
    load_demo()

    assert Person.objects.filter(beneficiary=None).count() == PERSONS
    from_caf = Person.objects.exclude(beneficiary=None)
    assert RSA_HOUSEHOLDS <= from_caf.count() <= 3 * RSA_HOUSEHOLDS
    assert CafFlow.objects.count() == 1 + sum(1 for _ in _weekdays_of_the_last_week())
    assert not Person.objects.exclude(household_role=HouseholdRole.CHILD).filter(events=None)


def _weekdays_of_the_last_week():
    today = timezone.localdate()
    for days in range(6, -1, -1):
        if (today - dt.timedelta(days=days)).weekday() < 5:
            yield days


def test_it_gives_every_role_at_least_one_agent():
    load_demo()

    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_one_agent_has_two_memberships_to_show_the_organisation_switcher():
    load_demo()

    two = User.objects.annotate(n=Count("memberships")).filter(n=2)
    assert two.count() == 1
    assert two.get().memberships.filter(role=Role.SOCIAL_WORKER).count() == 2


def test_every_demo_account_opens_with_the_shared_password():
    load_demo()

    admin = User.objects.get(email="admin@demo.invalid")
    agent = Membership.objects.filter(role=Role.MDS_MANAGER).first().user
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert agent.check_password(DEMO_PASSWORD)


def test_every_commune_is_in_exactly_one_mds_sector():
    load_demo()

    in_mds_sectors = Count("sectors", filter=Q(sectors__organisation__kind=Organisation.Kind.MDS))
    counts = Commune.objects.annotate(n=in_mds_sectors).values_list("n", flat=True)
    assert len(counts) == 195
    assert set(counts) == {1}


def test_running_it_twice_creates_no_new_rows():
    load_demo()
    before = row_counts()

    output = load_demo()

    assert row_counts() == before
    assert "aucun créé" in output


@pytest.fixture(autouse=True)
def _short_agenda_horizon(settings):
    settings.RELAIS_AGENDA_HORIZON_DAYS = 14


def forget_persons():
    """Remove the generated persons and what hangs on them, keeping territory and agents.

    The seed tests load no CAF flow and no prescription: imported or prescribed persons carry
    audit records, which are never deleted."""
    Appointment.objects.all().delete()
    Agenda.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()


def test_the_same_seed_gives_the_same_persons():
    load_demo(seed=7, rsa_households=0, programme_prescriptions=0)
    names = first_names()
    forget_persons()

    load_demo(seed=7, rsa_households=0, programme_prescriptions=0)

    assert first_names() == names


def test_another_seed_gives_other_persons_but_the_same_agents():
    load_demo(seed=7, rsa_households=0, programme_prescriptions=0)
    names = first_names()
    agents = User.objects.count()
    forget_persons()

    load_demo(seed=8, rsa_households=0, programme_prescriptions=0)

    assert first_names() != names
    assert User.objects.count() == agents


def test_it_prints_the_shared_password_in_demo_mode(settings):
    settings.DEMO_MODE = True

    output = load_demo()

    assert DEMO_PASSWORD in output
    assert "admin@demo.invalid" in output


def test_it_refuses_to_run_outside_demo_mode_without_force(settings):
    settings.DEMO_MODE = False

    with pytest.raises(CommandError, match="--force"):
        load_demo()

    assert not User.objects.exists()


def test_it_prints_no_password_outside_demo_mode(settings):
    settings.DEMO_MODE = False

    output = load_demo(force=True)

    assert DEMO_PASSWORD not in output
    assert "@demo.invalid" not in output


def test_every_search_text_is_what_save_would_compute():
    load_demo()

    for person in Person.objects.all():
        assert person.search_text == person.build_search_text()
        assert person.search_text


def test_every_referent_is_an_agent_of_the_mds_covering_the_person():
    load_demo()

    referred = Person.objects.exclude(referent=None).select_related("referent_organisation")
    assert referred.count() > PERSONS // 4
    for person in referred:
        current = ReferentAssignment.objects.get(person=person, ended_at=None)
        assert (current.referent_id, current.organisation_id) == (
            person.referent_id,
            person.referent_organisation_id,
        )
        organisation = person.referent_organisation
        assert organisation.memberships.filter(user=person.referent_id).exists()
        assert organisation.sectors.filter(communes=person.commune_id).exists()


def test_a_household_shares_its_caf_number():
    load_demo()

    for household in Household.objects.prefetch_related("members"):
        members = list(household.members.all())
        assert members
        assert {member.caf_number for member in members} == {household.caf_number}
        assert sum(m.household_role == HouseholdRole.APPLICANT for m in members) == 1
