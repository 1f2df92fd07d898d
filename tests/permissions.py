"""Shared vocabulary of the permission matrix (tests/test_permission_matrix.py).

Each app may add its rules in tests/<app>/permissions.py: a dict EXPECTED keyed by URL name
and, when its URLs take arguments, a function url_kwargs(world) -> dict.
"""

PERSONAS = [
    "anonymous",
    "social_worker_a",
    "employment_agent_a",
    "reception_a",
    "manager_a",
    "social_worker_b",
    "manager_b",
    "operator",
    "steering",
    "employer",
]
# A 302 whose target is the login page, with the asked page as `next`.
TO_LOGIN = "302 to login"

_A_FILE_ROLES = ("social_worker_a", "employment_agent_a", "reception_a", "manager_a")
_A_DOCUMENT_ROLES = ("social_worker_a", "employment_agent_a", "manager_a")


def rule(default, *, anonymous=TO_LOGIN, **overrides) -> dict:
    """The expected status per persona: `default` for every logged-in persona but `overrides`."""
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas in a rule: {unknown}"
    return {"anonymous": anonymous, **dict.fromkeys(PERSONAS[1:], default), **overrides}


def only(personas, status, *, otherwise=404) -> dict:
    """`status` for these personas, `otherwise` (the gatekeeper's 404) for the others."""
    return rule(otherwise, **dict.fromkeys(personas, status))
