import pytest

from relais.programmes.models import Status
from relais.programmes.services import prescriptions as services

pytestmark = pytest.mark.django_db


def test_prescribe_accept_enter_end(world, programme, consented):
    sw = world.user("social_worker_a")
    p = services.prescribe(user=sw, person=consented, programme=programme, objective="Remobiliser")
    assert p.status == Status.SENT and p.eligible
    p = services.accept(user=world.user("operator"), prescription=p)
    assert p.status == Status.ACCEPTED
