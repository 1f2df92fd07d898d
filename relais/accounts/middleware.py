"""The current membership and the session's absolute lifetime."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

from relais.accounts.models import Membership

SESSION_MEMBERSHIP_KEY = "relais_membership_id"
SESSION_STARTED_KEY = "relais_session_started"


def user_memberships(request) -> list[Membership]:
    user = request.user
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation__departement", "site")
        .order_by("organisation__name", "role")
    )


def current_membership(request, memberships: list[Membership]) -> Membership | None:
    """The membership the user acts under: the one chosen in the switcher, else the first.

    Permissions come from this one membership, never from the union of all of them.
    """
    chosen = request.session.get(SESSION_MEMBERSHIP_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


class CurrentMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = user_memberships(request)
        request.membership = current_membership(request, request.memberships)
        if request.user.is_authenticated:
            # The user object carries it so policy functions need only the user.
            request.user.membership = request.membership
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """Log out a session older than SESSION_ABSOLUTE_LIFETIME, however active it has been."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED_KEY, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
