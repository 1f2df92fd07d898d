"""Every URL of the URLconf, every persona, the expected status: deny by default, made visible.

A new view without a rule in EXPECTED fails here: decide who may open it before shipping it.
"""

import importlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from relais.people.services import add_document
from relais.territory.models import Site
from tests.permissions import _A_DOCUMENT_ROLES, _A_FILE_ROLES, PERSONAS, TO_LOGIN, only, rule

# Keyed by URL name. person_a lives in MDS A's sector; nobody is their référent.
EXPECTED = {
    "home": rule(200),
    "core:health": rule(200, anonymous=200),
    "accounts:login": rule(302, anonymous=200),  # A logged-in agent is sent home.
    "accounts:logout": rule(405),  # POST only.
    "accounts:switch_membership": rule(405),  # POST only.
    "people:search": rule(200, steering=404, employer=404),
    # No search saved in the session yet: back to the search form.
    "people:export": rule(302, steering=404, employer=404),
    "people:create": rule(200, operator=404, steering=404, employer=404),
    "people:detail": only(_A_FILE_ROLES, 200),
    "people:timeline": only(_A_FILE_ROLES, 302),  # Without htmx: back to the full page.
    "people:edit": only(_A_FILE_ROLES, 200),
    "people:referent": only(_A_DOCUMENT_ROLES, 200),
    "people:document_upload": only(_A_DOCUMENT_ROLES, 200),
    "people:document_download": only(_A_DOCUMENT_ROLES, 200),
    "people:consent_add": only(_A_FILE_ROLES, 200),
    "people:note_add": rule(405),  # POST only, refused before the gatekeeper runs.
    "people:access_history": only(["manager_a"], 200),
    "people:print": only(_A_FILE_ROLES, 200),
    "territory:directory": rule(200),
    "territory:site": rule(200),
    "accounts:professionals": rule(200),
    # Figures, never files: the MDS managers (their MDS) and steering (the département).
    "dashboard": only(("manager_a", "manager_b", "steering"), 200),
}

# The rules and URL arguments each app brings (tests/<app>/permissions.py).
APP_MODULES = [
    importlib.import_module(f"tests.{path.parent.name}.permissions")
    for path in sorted(Path(__file__).parent.glob("*/permissions.py"))
]
for _module in APP_MODULES:
    _overlap = set(EXPECTED) & set(_module.EXPECTED)
    assert not _overlap, f"rules defined twice: {_overlap}"
    EXPECTED.update(_module.EXPECTED)


@dataclass(frozen=True)
class Route:
    name: str | None
    route: str
    kwargs: tuple[str, ...]


def _walk(patterns, prefix="", namespace="", kwargs=()):
    for entry in patterns:
        here = prefix + str(entry.pattern)
        names = (*kwargs, *entry.pattern.converters)
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # The admin has its own test below.
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, here, ns, names)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(name, here, names)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def test_it_has_a_rule_for_every_url_of_the_urlconf():
    routes = all_routes()
    assert len(routes) >= len(EXPECTED) // 2, "the URLconf walk found almost nothing"
    for route in routes:
        assert route.name, f"name the URL pattern {route.route!r} and add a rule for it"
        if route.name not in EXPECTED:
            pytest.fail(f"add a rule for {route.name} in EXPECTED ({route.route})")


def test_it_has_no_rule_for_a_url_that_no_longer_exists():
    names = {route.name for route in all_routes()}
    assert set(EXPECTED) - names == set()


@pytest.fixture
def url_kwargs(world):
    document = add_document(
        user=world.user("social_worker_a"),
        person=world.person_a,
        uploaded=SimpleUploadedFile("piece.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        kind="caf",
        title="Attestation CAF",
    )
    kwargs = {
        "uuid": world.person_a.uuid,
        "document_uuid": document.uuid,
        "pk": Site.objects.get(organisation=world.mds_a).pk,
    }
    for module in APP_MODULES:
        if hasattr(module, "url_kwargs"):
            kwargs.update(module.url_kwargs(world))
    return kwargs


def concrete_url(route: Route, url_kwargs: dict) -> str:
    missing = [name for name in route.kwargs if name not in url_kwargs]
    if missing:
        pytest.fail(f"add a value for the URL argument(s) {missing} of {route.name}")
    return reverse(route.name, kwargs={name: url_kwargs[name] for name in route.kwargs})


def _outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return TO_LOGIN
    return response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_every_url_with_the_expected_status(world, client, url_kwargs, persona):
    if persona != "anonymous":
        client.force_login(world.user(persona))
    mismatches = []
    for route in all_routes():
        if route.name not in EXPECTED:
            pytest.fail(f"add a rule for {route.name} in EXPECTED ({route.route})")
        url = concrete_url(route, url_kwargs)
        response = client.get(url)
        expected, got = EXPECTED[route.name][persona], _outcome(response)
        # A redirect to login is only right for the anonymous visitor (logged-in agents who
        # are refused get the gatekeeper's 404, never a login loop).
        if got != expected:
            mismatches.append(f"{route.name} ({url}): expected {expected}, got {got}")
    assert mismatches == [], f"{persona}:\n" + "\n".join(mismatches)


def test_it_sends_the_anonymous_visitor_to_login_with_the_page_to_come_back_to(world, client):
    url = reverse("people:detail", kwargs={"uuid": world.person_a.uuid})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_the_admin_asks_the_anonymous_visitor_to_log_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_turns_away_an_agent_who_is_not_staff(world, as_user):
    response = as_user(world.user("manager_a")).get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_opens_for_a_staff_superuser(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "administration du référentiel" in response.content.decode()
