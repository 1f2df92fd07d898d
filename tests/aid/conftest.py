import pytest

from tests.aid.helpers import make_category, make_eligible, make_fund, secretariat


@pytest.fixture
def fund(world):
    return make_fund(world)


@pytest.fixture
def licence(world, fund):
    """Driving licence: 1 200 € per application, 1 500 € per person over 12 months."""
    return make_category(world)


@pytest.fixture
def eligible(world):
    return make_eligible(world)


@pytest.fixture
def secretary(world):
    return secretariat(world)
