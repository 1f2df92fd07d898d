import pytest

from relais.agenda.models import Motive
from relais.agenda.slots import materialise
from relais.rsa.rules import install_default_rules
from tests.agenda.fixtures import add_opening, make_agenda


@pytest.fixture
def orientation_motive(world):
    return Motive.objects.create(
        departement=world.mds_a.departement, code="orientation_rsa", label="Orientation RSA"
    )


@pytest.fixture
def ade_agenda(world, orientation_motive):
    """MDS A's employment agent: every weekday 9:00–12:00, 30-minute orientation slots."""
    agenda = make_agenda(
        world,
        owner=world.user("employment_agent_a"),
        name="Agenda ADE",
        profession="Agent départemental emploi",
    )
    for weekday in range(5):
        add_opening(agenda, [orientation_motive], weekday=weekday, in_person=True)
    materialise(agenda)
    return agenda


@pytest.fixture
def rules(world):
    install_default_rules(world.mds_a.departement)
