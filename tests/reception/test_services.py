"""record_visit: one transaction, the file's timeline when a person is linked, nothing on error."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from relais.audit.models import ChangeRecord
from relais.people.models import Event
from relais.reception import services
from relais.reception.models import (
    Interpreting,
    InterpretingMode,
    InterpretingSession,
    Language,
    Motive,
    Outcome,
    Visit,
    VisitMotive,
)
from tests.reception.conftest import TUESDAY, at


def nothing_written() -> bool:
    return not (
        Visit.objects.exists()
        or VisitMotive.objects.exists()
        or InterpretingSession.objects.exists()
        or Event.objects.filter(kind=Event.Kind.VISIT).exists()
    )


def test_it_records_a_visit_with_its_motives_for_the_agents_organisation(world, visit_data):
    visit = services.record_visit(user=world.user("reception_a"), data=visit_data())

    assert visit.organisation == world.mds_a
    assert visit.recorded_by == world.user("reception_a")
    assert sorted(visit.motives.values_list("motive", flat=True)) == ["budget", "housing"]


def test_it_writes_an_event_in_the_file_of_the_linked_person(world, visit_data):
    visit = services.record_visit(
        user=world.user("reception_a"), data=visit_data(person=world.person_a)
    )

    event = world.person_a.events.get(kind=Event.Kind.VISIT)
    assert event.occurred_at == visit.occurred_at
    assert event.actor == world.user("reception_a")
    assert event.organisation == world.mds_a
    assert event.source_id == str(visit.pk)
    assert event.summary.startswith("Passage à l'accueil (sur place, sans rendez-vous) — Site A")
    assert "logement, budget" in event.summary
    assert ChangeRecord.objects.get(person=world.person_a).changes == {
        "visit": ["", str(visit.uuid)]
    }


def test_it_writes_no_event_for_an_anonymous_visit(world, visit_data):
    services.record_visit(user=world.user("reception_a"), data=visit_data())

    assert Visit.objects.count() == 1
    assert not Event.objects.filter(kind=Event.Kind.VISIT).exists()
    assert not ChangeRecord.objects.exists()


def test_it_keeps_the_health_motive_out_of_the_shared_file(world, visit_data):
    services.record_visit(
        user=world.user("reception_a"),
        data=visit_data(person=world.person_a, motives=[Motive.HEALTH, Motive.HOUSING]),
    )

    event = world.person_a.events.get(kind=Event.Kind.VISIT)
    assert "santé" not in event.summary.lower()
    assert event.data["motives"] == ["housing"]
    # The log itself keeps it: the figures by motive need it.
    assert VisitMotive.objects.filter(motive=Motive.HEALTH).count() == 1


def test_it_names_the_partner_the_person_was_oriented_to(world, visit_data):
    services.record_visit(
        user=world.user("reception_a"),
        data=visit_data(
            person=world.person_a, outcome=Outcome.ORIENTED_PARTNER, partner=world.partner
        ),
    )

    assert "Orientation vers Association partenaire" in world.person_a.events.get().summary


def test_it_creates_the_interpreting_session_of_a_professional_interpreter(world, visit_data):
    visit = services.record_visit(
        user=world.user("reception_a"),
        data=visit_data(
            interpreting=Interpreting.PROFESSIONAL_PHONE,
            interpreting_language=Language.DARI,
            interpreting_duration=25,
            interpreting_provider="  ISM Interprétariat ",
        ),
    )

    session = InterpretingSession.objects.get()
    assert session.visit == visit
    assert (session.language, session.mode, session.duration_minutes) == (
        Language.DARI,
        InterpretingMode.PHONE,
        25,
    )
    assert session.provider == "ISM Interprétariat"
    assert (session.organisation, session.site) == (world.mds_a, visit.site)
    assert session.occurred_at == visit.occurred_at


def test_it_creates_no_session_when_a_relative_interprets(world, visit_data):
    visit = services.record_visit(
        user=world.user("reception_a"),
        data=visit_data(interpreting=Interpreting.RELATIVE, interpreting_language=Language.TURKISH),
    )

    assert visit.interpreting_language == Language.TURKISH
    assert not InterpretingSession.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"interpreting": Interpreting.PROFESSIONAL_ON_SITE, "interpreting_duration": 20},
            "interpreting_language",
            "Indiquez la langue de l'interprétariat.",
        ),
        (
            {"interpreting": Interpreting.PROFESSIONAL_VIDEO, "interpreting_language": "ar"},
            "interpreting_duration",
            "Indiquez la durée de l'interprétariat en minutes, par exemple 15.",
        ),
        ({"motives": []}, "motives", "Cochez au moins un motif de passage."),
        ({"motives": ["astrology"]}, "motives", "Motif inconnu : astrology."),
        (
            {"outcome": Outcome.ORIENTED_PARTNER},
            "partner",
            "Choisissez le partenaire vers lequel la personne est orientée.",
        ),
    ],
)
def test_it_refuses_invalid_data_and_writes_nothing(world, visit_data, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.record_visit(
            user=world.user("reception_a"), data=visit_data(person=world.person_a, **changes)
        )

    assert message in error.value.message_dict[field]
    assert nothing_written()


def test_it_refuses_a_person_of_another_mds_even_from_a_forged_request(world, visit_data):
    with pytest.raises(ValidationError) as error:
        services.record_visit(
            user=world.user("reception_a"), data=visit_data(person=world.person_b)
        )

    assert "person" in error.value.message_dict
    assert nothing_written()
    assert not world.person_b.events.exists()


def test_it_refuses_a_site_of_another_organisation(world, visit_data, site_b):
    with pytest.raises(ValidationError) as error:
        services.record_visit(user=world.user("reception_a"), data=visit_data(site=site_b))

    assert error.value.message_dict["site"] == ["Choisissez un site de votre organisation."]
    assert nothing_written()


@pytest.mark.parametrize("persona", ["operator", "steering", "employer"])
def test_it_lets_no_partner_steering_or_employer_record_a_visit(world, visit_data, persona):
    with pytest.raises(PermissionDenied):
        services.record_visit(user=world.user(persona), data=visit_data())

    assert nothing_written()


def test_it_writes_nothing_when_the_timeline_cannot_be_written(world, visit_data, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(services, "write_event", broken)
    with pytest.raises(RuntimeError):
        services.record_visit(
            user=world.user("reception_a"),
            data=visit_data(
                person=world.person_a,
                interpreting=Interpreting.PROFESSIONAL_PHONE,
                interpreting_language="ar",
                interpreting_duration=10,
            ),
        )

    assert nothing_written()


def test_it_empties_the_interpreting_details_when_there_was_no_interpreter(world, visit_data):
    visit = services.record_visit(
        user=world.user("reception_a"),
        data=visit_data(interpreting_language="ar", interpreting_duration=10),
    )

    assert (visit.interpreting_language, visit.interpreting_duration) == ("", None)


@pytest.mark.parametrize(
    ("hour", "outside"), [(10, False), (12, True), (19, True)], ids=["open", "lunch", "evening"]
)
def test_it_computes_outside_hours_when_the_caller_does_not_say(world, visit_data, hour, outside):
    visit = services.record_visit(
        user=world.user("reception_a"), data=visit_data(occurred_at=at(TUESDAY, hour))
    )

    assert visit.is_outside_hours is outside


def test_the_caller_may_say_a_visit_was_outside_hours_whatever_the_timetable(world, visit_data):
    visit = services.record_visit(
        user=world.user("reception_a"), data=visit_data(is_outside_hours=True)
    )

    assert visit.is_outside_hours is True


@pytest.mark.parametrize(
    "changes",
    [
        {"interpreting_duration": -5, "interpreting": "relative", "interpreting_language": "ar"},
        {"interpreting": "professional_phone", "interpreting_language": ""},
        {"outcome": "oriented_partner", "partner": None},
        {"channel": "pigeon"},
    ],
    ids=["negative-duration", "no-language", "no-partner", "unknown-channel"],
)
def test_the_database_itself_refuses_an_inconsistent_visit(world, site_a, changes):
    values = {
        "organisation": world.mds_a,
        "site": site_a,
        "occurred_at": at(TUESDAY, 10),
        "channel": "walk_in",
        "outcome": "information_given",
        **changes,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(**values)
