"""A reception officer books a slot in a real browser; every agenda page passes axe."""

import pytest

from relais.agenda.models import Appointment
from tests.browser.test_person_file import log_in

pytestmark = pytest.mark.browser


def test_a_reception_officer_books_the_first_available_slot(
    transactional_db, page, world, agenda_a
):  # noqa: F811
    log_in(page, world.user("reception_a"))
    page.goto(f"/personnes/{world.person_a.uuid}/")
    page.page.get_by_role("button", name="Prendre un rendez-vous").click()
    page.check()
    first = page.page.locator("input[name=slot]").first
    first.check()
    page.page.get_by_label("Motif du rendez-vous").select_option(label="Accès aux droits")
    page.page.get_by_role("button", name="Réserver ce créneau").click()
    page.check()
    heading = page.page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Rendez-vous du"), page.page.locator("main").inner_text()[:600]
    appointment = Appointment.objects.get()
    assert appointment.person == world.person_a

    page.goto("/agenda/")
    day = appointment.start.date().isoformat()
    page.goto(f"/agenda/{agenda_a.uuid}/semaine/?semaine={day}")
    assert world.person_a.full_name in page.page.content()
    page.goto("/agenda/flux/")


def test_managing_openings_shows_its_errors_accessibly(transactional_db, page, world, agenda_a):  # noqa: F811
    log_in(page, world.user("manager_a"))
    page.goto(f"/agenda/{agenda_a.uuid}/plages/")
    page.page.get_by_role("button", name="Ajouter la plage").click()
    page.check()
    assert page.page.locator(".govuk-error-summary").is_visible()
    page.goto("/agenda/reunions/")
    page.page.get_by_role("button", name="Programmer").click()
    page.check()
    assert page.page.locator(".govuk-error-summary").is_visible()
