import datetime as dt

import pytest

from relais.agenda.models import Agenda, Motive, Opening
from relais.agenda.slots import materialise


@pytest.fixture
def motive(world):
    return Motive.objects.create(
        departement=world.mds_a.departement, code="acces_droits", label="Accès aux droits"
    )


@pytest.fixture
def other_motive(world):
    return Motive.objects.create(
        departement=world.mds_a.departement, code="logement", label="Logement"
    )


def make_agenda(world, organisation=None, **fields):
    organisation = organisation or world.mds_a
    return Agenda.objects.create(
        organisation=organisation,
        site=organisation.sites.first(),
        name=fields.pop("name", f"Agenda {organisation}"),
        profession=fields.pop("profession", "Assistant·e de service social"),
        **fields,
    )


def add_opening(
    agenda, motives, *, weekday, start=dt.time(9), end=dt.time(12), minutes=30, **modes
):
    opening = Opening.objects.create(
        agenda=agenda,
        weekday=weekday,
        start_time=start,
        end_time=end,
        slot_minutes=minutes,
        valid_from=dt.date(2020, 1, 1),
        **modes,
    )
    opening.motives.set(motives)
    return opening


@pytest.fixture
def agenda_a(world, motive):
    """MDS A's agenda: every weekday 9:00–12:00 in 30-minute slots, materialised."""
    agenda = make_agenda(world, owner=world.user("social_worker_a"))
    for weekday in range(5):
        add_opening(agenda, [motive], weekday=weekday, phone=True)
    materialise(agenda)
    return agenda


@pytest.fixture
def agenda_b(world, motive):
    agenda = make_agenda(world, organisation=world.mds_b)
    for weekday in range(5):
        add_opening(agenda, [motive], weekday=weekday)
    materialise(agenda)
    return agenda
