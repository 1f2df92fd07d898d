"""A manager reads the activity dashboard in a real browser; axe on the page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from relais.agenda.models import Appointment
from tests.browser.test_person_file import log_in

pytestmark = pytest.mark.browser


def test_a_manager_reads_the_delays_and_their_definitions(transactional_db, page, world, motive):
    start = dt.datetime.now(ZoneInfo("Europe/Paris")) - dt.timedelta(days=20)
    for delay in (3, 9):
        Appointment.objects.create(
            person=world.person_a,
            motive=motive,
            organisation=world.mds_a,
            site=world.mds_a.sites.first(),
            start=start,
            end=start + dt.timedelta(minutes=30),
            requested_at=start.date() - dt.timedelta(days=delay),
            status="seen",
        )
    log_in(page, world.user("manager_a"))
    page.page.get_by_role("link", name="Activité et délais").click()
    page.check()
    section = page.page.get_by_role(
        "region", name="Délai entre la demande et le rendez-vous honoré"
    )
    assert "médiane" in section.inner_text()
    section.get_by_text("? Définition").click()
    assert "90e centile" in section.inner_text()
    page.page.set_viewport_size({"width": 320, "height": 800})
    page.check()
    assert page.page.evaluate("document.documentElement.scrollWidth") <= 320
