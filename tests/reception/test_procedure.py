"""The MDS emergency-reception procedure: versioned, sanitised, edited by the MDS manager."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from relais.reception import services
from relais.reception.models import EmergencyProcedureVersion
from relais.reception.rendering import render_markdown

PROCEDURE = reverse("reception:procedure")
EDIT = reverse("reception:procedure_edit")
HISTORY = reverse("reception:procedure_history")


def main_of(response) -> str:
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def test_each_change_adds_a_version_and_the_latest_is_in_force(world):
    manager = world.user("manager_a")
    first = services.update_emergency_procedure(
        user=manager, organisation=world.mds_a, body="Appeler le 15."
    )
    second = services.update_emergency_procedure(
        user=manager, organisation=world.mds_a, body="Appeler le 15, puis la responsable."
    )

    assert EmergencyProcedureVersion.objects.filter(organisation=world.mds_a).count() == 2
    assert EmergencyProcedureVersion.objects.current_for(world.mds_a) == second
    first.refresh_from_db()
    assert first.body == "Appeler le 15."  # the earlier text is kept as it was
    assert EmergencyProcedureVersion.objects.current_for(world.mds_b) is None


def test_the_same_text_again_adds_no_version(world):
    manager = world.user("manager_a")
    services.update_emergency_procedure(user=manager, organisation=world.mds_a, body="Texte\n")
    services.update_emergency_procedure(user=manager, organisation=world.mds_a, body="Texte\r\n")

    assert EmergencyProcedureVersion.objects.count() == 1


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * 20_001])
def test_it_refuses_an_empty_or_overlong_text(world, body):
    with pytest.raises(ValidationError):
        services.update_emergency_procedure(
            user=world.user("manager_a"), organisation=world.mds_a, body=body
        )

    assert not EmergencyProcedureVersion.objects.exists()


def test_only_an_mds_has_a_procedure(world):
    with pytest.raises(ValidationError):
        services.update_emergency_procedure(
            user=world.user("steering"), organisation=world.dast, body="Texte"
        )


def test_markdown_is_rendered_in_the_services_styles_and_scripts_do_not_survive():
    html = render_markdown(
        "# Urgence\n\nAppeler le **15**.<script>alert('x')</script>\n\n"
        "- [Samu](tel:15)\n- [piège](javascript:alert(1))\n\n"
        '<img src="x" onerror="alert(1)"><p onclick="x" class="govuk-!-display-none">texte</p>'
    )

    assert "<script" not in html and "alert" not in html
    assert "onerror" not in html and "onclick" not in html and "<img" not in html
    assert "javascript:" not in html
    assert "govuk-!-display-none" not in html
    assert '<h2 class="govuk-heading-m">Urgence</h2>' in html  # the page keeps its own h1
    assert '<a href="tel:15" class="govuk-link"' in html
    assert "<strong>15</strong>" in html


def test_every_agent_of_the_mds_reads_the_procedure_in_force(world, as_user):
    services.update_emergency_procedure(
        user=world.user("manager_a"),
        organisation=world.mds_a,
        body="## Qui alerter\n\nLa responsable de MDS.<script>alert(1)</script>",
    )

    response = as_user(world.user("reception_a")).get(PROCEDURE)

    main = main_of(response)
    assert "Qui alerter" in main
    assert "<script>alert" not in main
    assert main.count("<h1") == 1
    assert "Modifier la procédure" not in main  # only the manager edits


def test_an_agent_of_mds_b_reads_the_procedure_of_mds_b_only(world, as_user):
    services.update_emergency_procedure(
        user=world.user("manager_a"), organisation=world.mds_a, body="Procédure de la MDS A"
    )

    response = as_user(world.user("social_worker_b")).get(PROCEDURE)

    assert "Procédure de la MDS A" not in main_of(response)
    assert "Aucune procédure" in main_of(response)


def test_the_reception_screen_shows_the_procedure(world, as_user):
    services.update_emergency_procedure(
        user=world.user("manager_a"), organisation=world.mds_a, body="Composer le 115."
    )

    response = as_user(world.user("reception_a")).get(reverse("reception:home"))

    assert "Composer le 115." in main_of(response)
    assert PROCEDURE in main_of(response)


def test_the_manager_edits_the_procedure_and_the_history_says_who_and_when(world, as_user):
    client = as_user(world.user("manager_a"))
    client.post(EDIT, {"body": "Première version"})
    response = client.post(EDIT, {"body": "Deuxième version"}, follow=True)

    assert response.redirect_chain == [(PROCEDURE, 302)]
    assert "Deuxième version" in main_of(response)
    assert EmergencyProcedureVersion.objects.count() == 2
    history = main_of(client.get(HISTORY))
    assert history.count(world.user("manager_a").get_full_name()) == 2
    assert history.index("Deuxième version") < history.index("Première version")
    assert "(en vigueur)" in history


def test_the_edit_form_starts_from_the_text_in_force(world, as_user):
    services.update_emergency_procedure(
        user=world.user("manager_a"), organisation=world.mds_a, body="Texte en vigueur"
    )

    response = as_user(world.user("manager_a")).get(EDIT)

    assert response.context["form"]["body"].value() == "Texte en vigueur"


def test_an_empty_text_is_refused_with_a_message_next_to_the_field(world, as_user):
    response = as_user(world.user("manager_a")).post(EDIT, {"body": " "})

    assert response.context["form"].errors["body"] == ["Saisissez le texte de la procédure."]
    assert not EmergencyProcedureVersion.objects.exists()


@pytest.mark.parametrize("persona", ["reception_a", "social_worker_a", "steering"])
def test_only_the_mds_manager_may_change_the_procedure(world, as_user, persona):
    response = as_user(world.user(persona)).post(EDIT, {"body": "Autre texte"})

    assert response.status_code == 404
    assert not EmergencyProcedureVersion.objects.exists()


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# Titre\n\n## Sous-titre", ["h2", "h3"]),
        ("## Titre\n\n### Sous-titre", ["h2", "h3"]),
        ("### Titre", ["h2"]),
    ],
)
def test_the_texts_headings_start_at_h2_under_the_pages_own_h1(markdown, expected):
    assert re.findall(r"<(h\d)", render_markdown(markdown)) == expected
