"""Shared vocabulary of the permission matrix (tests/test_permission_matrix.py).

Each app may add its rules in tests/<app>/permissions.py: a dict EXPECTED keyed by URL name
and, when its URLs take arguments, a function url_kwargs(world) -> dict.
"""

import importlib
from pathlib import Path

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


def merge_rules(package: str, folder) -> tuple[dict, list]:
    """An app's rules split into <folder>/perm_*.py: (merged EXPECTED, the modules)."""
    expected: dict = {}
    modules = [
        importlib.import_module(f"{package}.{path.stem}")
        for path in sorted(Path(folder).glob("perm_*.py"))
    ]
    for module in modules:
        overlap = set(expected) & set(module.EXPECTED)
        assert not overlap, f"rules defined twice: {overlap}"
        expected.update(module.EXPECTED)
    return expected, modules


def merged_url_kwargs(modules, world) -> dict:
    kwargs: dict = {}
    for module in modules:
        if hasattr(module, "url_kwargs"):
            kwargs.update(module.url_kwargs(world))
    return kwargs
