"""The envelope: approval commits, payment consumes, nothing exceeds it — even at once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from relais.aid.models import AidApplication, Status
from relais.aid.queries.budget import by_category, summary
from relais.aid.services import AidError, decisions, payments
from tests.aid.helpers import (
    make_category,
    make_eligible,
    make_fund,
    secretariat,
    send_to_payment,
    submitted,
)
from tests.factories import PersonFactory


def reviewed(world, secretary, category, amount, person=None):
    application = submitted(world, category, amount, person=person)
    return decisions.start_review(user=secretary, application=application)


@pytest.mark.django_db
def test_approval_commits_and_payment_consumes(world, eligible, secretary):
    fund = make_fund(world, envelope="2000")
    licence = make_category(world)
    application = reviewed(world, secretary, licence, "900")
    assert summary(fund) == {
        "envelope": Decimal("2000"),
        "committed": Decimal("0"),
        "paid": Decimal("0"),
        "left": Decimal("2000"),
    }
    decisions.approve(user=secretary, application=application, amount=Decimal("850"))
    assert summary(fund)["committed"] == Decimal("850")
    assert summary(fund)["left"] == Decimal("1150")
    send_to_payment(secretary, application)
    payments.pay(
        user=secretary, application=application, paid_on=timezone.localdate(), reference="M-1"
    )
    assert (summary(fund)["committed"], summary(fund)["paid"]) == (Decimal("0"), Decimal("850"))
    assert by_category(fund) == [
        {"category": "driving_licence", "committed": Decimal("0"), "paid": Decimal("850")}
    ]


@pytest.mark.django_db
def test_an_approval_beyond_the_envelope_is_refused_with_what_is_left(world, eligible, secretary):
    make_fund(world, envelope="1000")
    licence = make_category(world)
    first = reviewed(world, secretary, licence, "700")
    decisions.approve(user=secretary, application=first, amount=Decimal("700"))
    other = make_eligible(world, PersonFactory(commune=world.commune_a))
    second = reviewed(world, secretary, licence, "700", person=other)
    with pytest.raises(AidError, match=r"il reste 300,00\s€"):
        decisions.approve(user=secretary, application=second, amount=Decimal("700"))
    assert decisions.approve(user=secretary, application=second, amount=Decimal("300"))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two concurrent transactions need a server database; SQLite serialises writers",
)
def test_two_approvals_at_once_never_exceed_the_envelope(transactional_db, world):
    fund = make_fund(world, envelope="1000")
    licence = make_category(world)
    secretary = secretariat(world)
    persons = [make_eligible(world, PersonFactory(commune=world.commune_a)) for _ in range(2)]
    applications = [reviewed(world, secretary, licence, "700", person=p) for p in persons]
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(application):
        try:
            barrier.wait(timeout=5)
            decisions.approve(user=secretary, application=application, amount=Decimal("700"))
            outcomes.append("approved")
        except AidError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes) == ["approved", "refused"]
    assert AidApplication.objects.filter(status=Status.APPROVED).count() == 1
    assert summary(fund)["left"] == Decimal("300")
