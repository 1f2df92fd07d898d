"""Several memberships, one at a time; e-mail login, lockout, passwords and session lifetime."""

import runpy
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import get_password_validators, validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

import relais.settings
from relais.accounts.middleware import SESSION_MEMBERSHIP_KEY, SESSION_STARTED_KEY
from relais.accounts.models import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory


def detail_url(person):
    return reverse("people:detail", kwargs={"uuid": person.uuid})


@pytest.fixture
def two_hats(world):
    """A social worker of both MDS; the B membership is created first, on purpose."""
    user = UserFactory(email="deux.casquettes@exemple.invalid")
    in_b = MembershipFactory(user=user, organisation=world.mds_b, role=Role.SOCIAL_WORKER)
    in_a = MembershipFactory(user=user, organisation=world.mds_a, role=Role.SOCIAL_WORKER)
    return user, in_a, in_b


def switch(client, membership):
    return client.post(reverse("accounts:switch_membership"), {"membership": membership.pk})


def test_it_acts_for_the_first_organisation_by_name_by_default(world, two_hats, as_user):
    user, in_a, _ = two_hats
    client = as_user(user)
    assert client.get(detail_url(world.person_a)).status_code == 200
    assert client.get(detail_url(world.person_b)).status_code == 404
    assert client.get(reverse("home")).context["membership"] == in_a


def test_it_sees_only_the_files_of_the_organisation_it_switched_to(world, two_hats, as_user):
    user, _, in_b = two_hats
    client = as_user(user)
    response = switch(client, in_b)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(detail_url(world.person_b)).status_code == 200
    assert client.get(detail_url(world.person_a)).status_code == 404
    assert client.session[SESSION_MEMBERSHIP_KEY] == in_b.pk


def test_it_searches_only_the_files_of_the_current_organisation(world, two_hats, as_user):
    user, _, in_b = two_hats
    client = as_user(user)
    switch(client, in_b)
    response = client.post(reverse("people:search"), {"q": "dupont"}, follow=True)
    assert response.context["page"].paginator.count == 0
    response = client.post(reverse("people:search"), {"q": "martin"}, follow=True)
    assert [p.pk for p in response.context["page"]] == [world.person_b.pk]


def test_it_cannot_switch_to_a_membership_of_someone_else(world, two_hats, as_user):
    user, _, _ = two_hats
    client = as_user(user)
    someone_elses = world.user("manager_b").memberships.get()
    response = switch(client, someone_elses)
    assert response.status_code == 302
    assert SESSION_MEMBERSHIP_KEY not in client.session
    assert client.get(detail_url(world.person_b)).status_code == 404
    assert client.get(detail_url(world.person_a)).status_code == 200


def test_it_cannot_switch_to_a_membership_that_was_deactivated(world, two_hats, as_user):
    user, _, in_b = two_hats
    in_b.is_active = False
    in_b.save(update_fields=["is_active"])
    client = as_user(user)
    switch(client, in_b)
    assert client.get(detail_url(world.person_b)).status_code == 404


def login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


@pytest.mark.parametrize(
    "typed", ["deux.casquettes@exemple.invalid", "Deux.Casquettes@Exemple.INVALID"]
)
def test_it_logs_in_with_the_email_through_the_login_form(world, two_hats, client, typed):
    user, _, _ = two_hats
    response = login(client, typed, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_it_refuses_a_wrong_password_with_a_french_message(world, two_hats, client):
    response = login(client, "deux.casquettes@exemple.invalid", "pas-le-bon-mot-de-passe")
    assert response.status_code == 200
    assert "mot de passe incorrect" in response.content.decode()
    assert SESSION_KEY not in client.session


def fail_times(client, count):
    for _ in range(count):
        login(client, "deux.casquettes@exemple.invalid", "pas-le-bon-mot-de-passe")


def test_it_still_lets_the_right_password_in_after_nine_failures(world, two_hats, client):
    fail_times(client, 9)
    login(client, "deux.casquettes@exemple.invalid", PASSWORD)
    assert SESSION_KEY in client.session


def test_it_locks_the_account_out_after_ten_failures(world, two_hats, client):
    fail_times(client, 10)
    response = login(client, "deux.casquettes@exemple.invalid", PASSWORD)
    assert SESSION_KEY not in client.session
    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302


def test_it_locks_only_that_account_from_that_address(world, two_hats, client):
    fail_times(client, 10)
    colleague = world.user("social_worker_a")
    login(client, colleague.email, PASSWORD)
    assert client.session[SESSION_KEY] == str(colleague.pk)


def test_production_settings_hash_passwords_with_argon2_first():
    assert relais.settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_production_settings_refuse_passwords_under_12_characters():
    validators = get_password_validators(relais.settings.AUTH_PASSWORD_VALIDATORS)
    minimum = [v for v in validators if type(v).__name__ == "MinimumLengthValidator"]
    assert [v.min_length for v in minimum] == [12]
    with pytest.raises(ValidationError):
        validate_password("Tq8#vLm2pX", password_validators=validators)  # 10 characters
    validate_password("Tq8#vLm2pX!z", password_validators=validators)  # 12 characters
    with pytest.raises(ValidationError):
        validate_password("telechargement", password_validators=validators)  # too common


SETTINGS_FILE = Path(relais.settings.__file__)


def read_settings(monkeypatch, **env) -> dict:
    """The settings module's values for this environment, without touching the loaded ones."""
    for name in (
        "RELAIS_SESSION_IDLE_MINUTES",
        "RELAIS_SESSION_MAX_HOURS",
        "RELAIS_SECURE_COOKIES",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_the_session_expires_after_30_idle_minutes_by_default(monkeypatch):
    values = read_settings(monkeypatch)
    assert values["SESSION_COOKIE_AGE"] == 30 * 60
    assert values["SESSION_SAVE_EVERY_REQUEST"] is True  # Activity renews the cookie.
    assert read_settings(monkeypatch, RELAIS_SESSION_IDLE_MINUTES="15")["SESSION_COOKIE_AGE"] == 900


def test_production_settings_mark_cookies_secure(monkeypatch):
    values = read_settings(
        monkeypatch,
        RELAIS_DEMO="0",
        RELAIS_SECRET_KEY="k" * 50,
        RELAIS_HASH_KEY="h",
        RELAIS_IBAN_KEY="i",
    )
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")


def test_production_requires_its_own_key_for_bank_details(monkeypatch):
    monkeypatch.delenv("RELAIS_IBAN_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="RELAIS_IBAN_KEY"):
        read_settings(monkeypatch, RELAIS_DEMO="0", RELAIS_SECRET_KEY="k" * 50, RELAIS_HASH_KEY="h")


def start_session(client, seconds_ago):
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_it_logs_out_a_session_older_than_its_absolute_lifetime(world, as_user):
    client = as_user(world.user("social_worker_a"))
    start_session(client, django_settings.SESSION_ABSOLUTE_LIFETIME + 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_it_keeps_an_active_session_within_its_absolute_lifetime(world, as_user):
    client = as_user(world.user("social_worker_a"))
    start_session(client, django_settings.SESSION_ABSOLUTE_LIFETIME - 60)
    assert client.get(reverse("home")).status_code == 200
