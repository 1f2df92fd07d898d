"""The RSA pathway in a real browser: new entrants → convocation → orientation → contract.

An ADE convenes the week's new entrants in one action; one comes (diagnostic, orientation,
notification, a signed contrat d'engagement), the other does not and lands on the EP's list.
axe, the CSP and the single h1 are checked on every page visited.
"""

import datetime as dt

import pytest
from django.utils import timezone

from relais.agenda.models import Appointment, Motive
from relais.agenda.slots import materialise
from relais.rsa.models import Contract, EpCase, Orientation
from relais.rsa.rules import install_default_rules
from tests.agenda.fixtures import add_opening, make_agenda
from tests.browser.test_person_file import log_in
from tests.factories import PersonFactory
from tests.rsa.pathway_helpers import enter_duties

pytestmark = pytest.mark.browser


@pytest.fixture
def entrants(transactional_db, world):
    motive = Motive.objects.create(
        departement=world.mds_a.departement, code="orientation_rsa", label="Orientation RSA"
    )
    agenda = make_agenda(world, owner=world.user("employment_agent_a"), name="Agenda ADE")
    for weekday in range(5):
        add_opening(agenda, [motive], weekday=weekday)
    materialise(agenda)
    install_default_rules(world.mds_a.departement)
    today = timezone.localdate()
    comes = PersonFactory(commune=world.commune_a, birth_name="PRESENTE", first_names="Awa")
    absent = PersonFactory(commune=world.commune_a, birth_name="ABSENT", first_names="Marc")
    for person in (comes, absent):
        enter_duties(person, today - dt.timedelta(days=today.weekday()))
    return comes, absent


def _hold(appointment):
    """The appointment took place an hour ago (booking refuses past slots)."""
    start = timezone.now() - dt.timedelta(hours=1)
    Appointment.objects.filter(pk=appointment.pk).update(
        start=start, end=start + dt.timedelta(minutes=30)
    )


def _record_status(page, person, label):
    page.goto(f"/rsa/personnes/{person.uuid}/")
    page.page.get_by_role("link", name="enregistrer la présence").click()
    page.check()
    page.page.get_by_role("button", name=label).click()
    page.check()


def _diagnose(page):
    page.page.get_by_role("button", name="Enregistrer le diagnostic").first.click()
    page.check()
    answers = {
        "Situation professionnelle": "En recherche d'emploi",
        "Capacité à travailler": "Peut travailler dès maintenant",
        "Projet professionnel": "Projet professionnel défini",
        "Niveau de formation": "Baccalauréat (niveau 4)",
        "Expérience professionnelle": "De 2 à 5 ans",
        "Contrainte de santé": "Non",
    }
    for group, choice in answers.items():
        page.page.get_by_role("group", name=group).get_by_label(choice, exact=True).check()
    for group in [
        "Logement",
        "Mobilité",
        "Situation familiale",
        "Difficultés financières",
        "Usage du numérique",
        "Démarches administratives",
        "Maîtrise du français",
        "Calcul",
    ]:
        page.page.get_by_role("group", name=group, exact=True).get_by_label(
            "Aucune difficulté"
        ).check()
    page.page.get_by_role("button", name="Enregistrer le diagnostic").click()
    page.check()


def _contract(page, person):
    page.page.get_by_role("link", name="Préparer un contrat d'engagement").click()
    page.check()
    start = timezone.localdate()
    page.page.get_by_label("Objectifs du contrat").fill("Reprendre un emploi de vendeuse.")
    page.page.get_by_label("Début du contrat").fill(f"{start:%d/%m/%Y}")
    page.page.get_by_label("Fin du contrat").fill(f"{start + dt.timedelta(days=180):%d/%m/%Y}")
    page.page.get_by_label("Action 1", exact=True).fill("Ateliers de recherche d'emploi")
    page.page.get_by_label("Heures par semaine de l'action 1").fill("10")
    page.page.get_by_label("Action 2", exact=True).fill("Immersion en entreprise")
    page.page.get_by_label("Heures par semaine de l'action 2").fill("6")
    page.page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.check()
    page.page.get_by_role("button", name="Enregistrer la signature").click()
    page.check()


def test_an_ade_convenes_orients_and_contracts_and_the_absent_goes_to_the_ep(page, world, entrants):
    comes, absent = entrants
    log_in(page, world.user("employment_agent_a"))
    page.page.get_by_role("link", name="Parcours RSA").click()
    page.check()
    page.page.get_by_role("link", name="Primo-entrants de la semaine").click()
    page.check()
    main = page.page.locator("main")
    assert comes.full_name in main.inner_text() and absent.full_name in main.inner_text()
    page.page.get_by_role("button", name="Convoquer les personnes cochées").click()
    page.check()
    assert "2 personnes convoquées" in page.page.locator("main").inner_text()

    for person in (comes, absent):
        _hold(Appointment.objects.get(person=person))
    _record_status(page, comes, "Honoré")
    _record_status(page, absent, "Absent·e sans prévenir")

    page.goto(f"/rsa/personnes/{comes.uuid}/")
    _diagnose(page)
    assert "Proposition des règles du Département" in page.page.locator("main").inner_text()
    page.page.get_by_role("button", name="Enregistrer la décision").click()
    page.check()
    page.page.get_by_role("button", name="Enregistrer la notification").click()
    page.check()
    orientation = Orientation.objects.get(person=comes)
    assert orientation.notified_on == timezone.localdate()
    assert "Contrat à signer au plus tard le" in page.page.locator("main").inner_text()
    _contract(page, comes)
    contract = Contract.objects.get(person=comes)
    assert (contract.status, contract.kind, contract.orientation) == (
        "signed",
        "engagement",
        orientation,
    )

    case = EpCase.objects.get(person=absent)
    assert case.theme == "orientation_absence"
    page.page.context.clear_cookies()  # another agent on the same browser
    log_in(page, world.user("manager_a"))
    page.goto("/rsa/ep/")
    assert absent.full_name in page.page.locator("main").inner_text()
    page.goto("/rsa/a-faire/")
    page.goto("/rsa/indicateurs/")
