"""Two operators accept the last place at the same instant: one wins, the other waits in line."""

import threading

import pytest
from django.db import connection, connections

from relais.programmes.models import Prescription, Status
from relais.programmes.services import prescriptions as services
from tests.programmes.helpers import consented_person, make_programme


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two concurrent transactions need a server database; SQLite serialises writers",
)
def test_concurrent_acceptance_of_the_last_place(transactional_db, world):
    programme = make_programme(world.partner, places=1)
    sent = [
        services.prescribe(
            user=world.user("social_worker_a"),
            person=consented_person(world.commune_a, birth_name=f"CONCURRENT{i}"),
            programme=programme,
            objective="Objectif",
        )
        for i in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def attempt(prescription):
        try:
            barrier.wait(timeout=5)
            outcomes.append(
                services.accept(user=world.user("operator"), prescription=prescription).status
            )
        except Exception as error:  # reported below: a thread's failure must fail the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in sent]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert sorted(outcomes) == sorted([Status.ACCEPTED, Status.WAITLISTED])
    held = Prescription.objects.filter(programme=programme, status=Status.ACCEPTED)
    assert held.count() == 1
