import pytest

from tests.programmes.helpers import consent, make_programme


@pytest.fixture
def programme(world):
    """A continuous programme of 2 places run by the world's partner (the operator persona)."""
    return make_programme(world.partner, name="PLAINE Emploi")


@pytest.fixture
def consented(world):
    """person_a (Montauban, MDS A's sector) has agreed to share their contact details."""
    consent(world.person_a)
    return world.person_a
