"""The week's new entrants: dated by the flow that showed the entry, by ISO week, need-to-know."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from relais.people.models import Person
from relais.rsa.models import DutiesChange
from relais.rsa.queries.pathway import iso_week, new_entrants
from tests.factories import PersonFactory
from tests.rsa.pathway_helpers import enter_duties, make_flow

# ISO week 48 of 2026: Monday 23 to Sunday 29 November.
MONDAY, SUNDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 29)


def test_an_iso_week_runs_from_monday_to_sunday():
    assert iso_week("2026-W48") == (MONDAY, SUNDAY)
    assert iso_week("2027-w01") == (dt.date(2027, 1, 4), dt.date(2027, 1, 10))


def test_a_malformed_week_gets_a_french_message():
    with pytest.raises(ValueError, match="écrivez-la comme 2026-W48"):
        iso_week("novembre")


def test_it_counts_the_entries_dated_from_monday_to_sunday_included(world):
    people = {
        day: PersonFactory(commune=world.commune_a, birth_name=f"P{day:%d}")
        for day in [
            MONDAY - dt.timedelta(days=1),
            MONDAY,
            dt.date(2026, 11, 26),
            SUNDAY,
            SUNDAY + dt.timedelta(days=1),
        ]
    }
    for day, person in people.items():
        enter_duties(person, day)
    rows = new_entrants(Person.objects.all(), MONDAY, SUNDAY)
    assert {row.person.birth_name for row in rows} == {"P23", "P26", "P29"}
    assert {row.entered_on for row in rows} == {MONDAY, dt.date(2026, 11, 26), SUNDAY}


def test_a_person_shown_entering_by_two_flows_counts_once_at_the_first(world):
    person = PersonFactory(commune=world.commune_a)
    enter_duties(person, dt.date(2026, 11, 24))
    second = make_flow(person.departement, dt.date(2026, 11, 27))
    DutiesChange.objects.create(
        person=person,
        subject_to_duties=True,
        is_entry=True,
        on=second.created_on,
        reference_date=second.created_on,
        flow=second,
    )
    rows = new_entrants(Person.objects.all(), MONDAY, SUNDAY)
    assert [(row.person, row.entered_on) for row in rows] == [(person, dt.date(2026, 11, 24))]


def test_the_sector_is_the_mds_that_covers_the_commune(world):
    enter_duties(world.person_a, MONDAY)
    enter_duties(world.person_b, MONDAY)
    rows = new_entrants(Person.objects.all(), MONDAY, SUNDAY)
    assert {row.person.pk: row.sector for row in rows} == {
        world.person_a.pk: "MDS A",
        world.person_b.pk: "MDS B",
    }


def test_the_worklist_shows_only_the_persons_of_the_agents_sectors(world, as_user):
    enter_duties(world.person_a, MONDAY)
    enter_duties(world.person_b, MONDAY)
    response = as_user(world.user("reception_a")).get("/rsa/primo-entrants/?semaine=2026-W48")
    assert response.status_code == 200
    page = response.content.decode()
    assert world.person_a.full_name in page
    assert world.person_b.full_name not in page


def test_the_command_prints_one_json_object_with_the_documented_keys(world):
    enter_duties(world.person_a, dt.date(2026, 11, 25), role="CJT")
    out = StringIO()
    call_command("new_entrants", "--week", "2026-W48", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert set(report) == {"week", "from", "to", "count", "new_entrants"}
    assert report["count"] == 1
    person = world.person_a
    assert report["new_entrants"] == [
        {
            "caf_number": Person.objects.get(pk=person.pk).caf_number,
            "role": "CJT",
            "birth_date": person.birth_date.isoformat(),
            "name": person.full_name,
            "sector": "MDS A",
            "entered_on": "2026-11-25",
            "convened": False,
            "oriented": False,
        }
    ]


def test_the_command_refuses_a_malformed_week(world):
    with pytest.raises(CommandError, match="2026-W48"):
        call_command("new_entrants", "--week", "48", stdout=StringIO())
