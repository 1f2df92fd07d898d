"""The 2025 scale: suspension-remobilisation bounds, the level, suppression, lifting."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.rsa.models import EpCase, EpSession, Sanction
from relais.rsa.services import ep as services
from tests.rsa.ep_helpers import at, decided_case, list_case, reviewed_case

FIRST, REPEATED = Sanction.Level.FIRST, Sanction.Level.REPEATED


@pytest.mark.parametrize(
    ("level", "rate", "months", "allowed"),
    [
        (FIRST, 29, 1, False),
        (FIRST, 30, 1, True),
        (FIRST, 100, 1, True),
        (FIRST, 101, 1, False),
        (FIRST, 30, 0, False),
        (FIRST, 30, 2, True),
        (FIRST, 30, 3, False),
        (REPEATED, 29, 2, False),
        (REPEATED, 30, 1, True),
        (REPEATED, 30, 0, False),
        (REPEATED, 30, 4, True),
        (REPEATED, 30, 5, False),
        (REPEATED, 100, 4, True),
        (REPEATED, 101, 4, False),
    ],
)
def test_the_scale_bounds_at_their_edges(level, rate, months, allowed):
    if allowed:
        services.check_scale(level, rate, months)
    else:
        with pytest.raises(services.EpError):
            services.check_scale(level, rate, months)


def test_the_scale_says_which_field_is_wrong_and_why():
    with pytest.raises(services.EpError) as refused:
        services.check_scale(FIRST, 30, 3)
    assert (refused.value.field, str(refused.value)) == (
        "months",
        "Pour un premier manquement, la durée est de 1 à 2 mois.",
    )
    with pytest.raises(services.EpError) as refused:
        services.check_scale(REPEATED, 25, 2)
    assert refused.value.field == "rate"
    assert str(refused.value) == "Le taux de suspension doit être compris entre 30 % et 100 %."


def test_the_database_refuses_a_suspension_outside_the_bounds(world):
    case = decided_case(world)
    other = list_case(world, person=world.person_b, mds=world.mds_b)
    with pytest.raises(IntegrityError), transaction.atomic():
        Sanction.objects.create(
            case=other,
            person=world.person_b,
            level=FIRST,
            rate=29,
            months=1,
            starts_on=dt.date(2026, 1, 1),
        )
    assert Sanction.objects.get().case == case


def test_a_first_suspension_is_recorded_with_its_end_and_traced(world):
    case = decided_case(world, rate=40, months=1, starts_on=dt.date(2099, 1, 31))
    sanction = case.sanction
    # 31 January + 1 month: the last day of February (2099 is not a leap year).
    assert (sanction.level, sanction.rate, sanction.months) == (FIRST, 40, 1)
    assert (sanction.starts_on, sanction.ends_on) == (dt.date(2099, 1, 31), dt.date(2099, 2, 28))
    assert ChangeRecord.objects.filter(model="rsa.Sanction", person=world.person_a).count() == 1
    summaries = list(Event.objects.filter(person=world.person_a).values_list("summary", flat=True))
    assert "Décision après l'équipe pluridisciplinaire : suspension-remobilisation" in summaries
    assert "Sanction : Premier manquement à partir du 31/01/2099" in summaries


def test_a_first_breach_cannot_last_three_months(world):
    case = reviewed_case(world)
    with pytest.raises(services.EpError, match="de 1 à 2 mois"):
        services.decide(
            user=world.user("manager_a"),
            case=case,
            decision="suspension",
            decided_on=timezone.localdate(),
            rate=30,
            months=3,
            starts_on=timezone.localdate(),
        )
    case.refresh_from_db()
    assert (case.status, Sanction.objects.count()) == (EpCase.Status.REVIEWED, 0)


def test_a_second_sanction_is_a_repeated_breach_up_to_four_months(world):
    first = decided_case(world)
    services.lift_sanction(
        user=world.user("manager_a"),
        sanction=first.sanction,
        on=timezone.localdate(),
        reason="RDV honorés",
    )
    assert services.sanction_level(world.person_a) == REPEATED  # even a lifted one counts
    second = decided_case(world, months=4)
    assert (second.sanction.level, second.sanction.months) == (REPEATED, 4)
    third_case = reviewed_case(world)
    with pytest.raises(services.EpError, match="de 1 à 4 mois"):
        services.decide(
            user=world.user("manager_a"),
            case=third_case,
            decision="suspension",
            decided_on=timezone.localdate(),
            rate=30,
            months=5,
            starts_on=timezone.localdate(),
        )


def test_a_suspension_does_not_start_before_its_decision(world):
    case = reviewed_case(world)
    with pytest.raises(services.EpError, match="ne commence pas avant"):
        services.decide(
            user=world.user("manager_a"),
            case=case,
            decision="suspension",
            decided_on=timezone.localdate(),
            rate=30,
            months=1,
            starts_on=timezone.localdate() - dt.timedelta(days=1),
        )


def _suppress(world, case, **overrides):
    data = {
        "user": world.user("manager_a"),
        "case": case,
        "decision": "suppression",
        "note": "Manquements répétés sans explication",
        "decided_on": timezone.localdate(),
        "starts_on": timezone.localdate(),
    }
    return services.decide(**{**data, **overrides})


def test_a_suppression_needs_the_eps_opinion_of_suppression(world):
    case = reviewed_case(world, opinion="suspension")
    with pytest.raises(services.EpError, match="qu'après un avis de suppression"):
        _suppress(world, case)
    assert not Sanction.objects.exists()


def test_a_suppression_after_that_opinion_has_no_rate_nor_end(world):
    case = _suppress(world, reviewed_case(world, opinion="suppression"))
    sanction = case.sanction
    assert (sanction.level, sanction.rate, sanction.months, sanction.ends_on) == (
        Sanction.Level.SUPPRESSION,
        None,
        None,
        None,
    )
    with pytest.raises(services.EpError, match="Une suppression ne se lève pas"):
        services.lift_sanction(
            user=world.user("manager_a"),
            sanction=sanction,
            on=timezone.localdate(),
            reason="Reprise",
        )


def test_lifting_a_suspension_on_its_first_day_then_never_again(world):
    sanction = decided_case(world).sanction
    manager, today = world.user("manager_a"), timezone.localdate()
    lifted = services.lift_sanction(
        user=manager, sanction=sanction, on=today, reason="A repris contact"
    )
    assert (lifted.lifted_on, lifted.lifted_reason) == (today, "A repris contact")
    assert Event.objects.filter(
        person=world.person_a, summary__startswith="Suspension levée le"
    ).exists()
    with pytest.raises(services.EpError, match="déjà été levée"):
        services.lift_sanction(user=manager, sanction=sanction, on=today, reason="Encore")


@pytest.mark.parametrize(
    ("days", "reason", "message"),
    [
        (-1, "Reprise", "entre le début de la sanction"),  # the day before it starts
        (1, "Reprise", "entre le début de la sanction"),  # tomorrow
        (0, "  ", "comment la personne s'est remobilisée"),
    ],
)
def test_a_lift_is_refused_outside_its_dates_or_without_a_reason(world, days, reason, message):
    sanction = decided_case(world).sanction
    on = timezone.localdate() + dt.timedelta(days=days)
    with pytest.raises(services.EpError, match=message):
        services.lift_sanction(
            user=world.user("manager_a"), sanction=sanction, on=on, reason=reason
        )
    sanction.refresh_from_db()
    assert sanction.lifted_on is None


def test_a_suspension_already_over_is_not_lifted(world):
    long_ago = timezone.localdate() - dt.timedelta(days=90)
    case = reviewed_case(world)
    EpSession.objects.filter(pk=case.session_id).update(date=at(long_ago))
    case = services.decide(
        user=world.user("manager_a"),
        case=case,
        decision="suspension",
        decided_on=long_ago,
        rate=30,
        months=1,
        starts_on=long_ago,
    )
    with pytest.raises(services.EpError, match="a pris fin le"):
        services.lift_sanction(
            user=world.user("manager_a"),
            sanction=case.sanction,
            on=timezone.localdate(),
            reason="Reprise",
        )


@pytest.mark.parametrize("persona", ["reception_a", "manager_b"])
def test_only_the_delegate_of_the_cases_mds_lifts_a_sanction(world, persona):
    sanction = decided_case(world).sanction
    with pytest.raises(services.EpError):
        services.lift_sanction(
            user=world.user(persona), sanction=sanction, on=timezone.localdate(), reason="Reprise"
        )
    sanction.refresh_from_db()
    assert sanction.lifted_on is None
