"""The rules of tests/rsa/perm_*.py (one module per part), merged for the permission matrix."""

from pathlib import Path

from tests.permissions import merge_rules, merged_url_kwargs

EXPECTED, _MODULES = merge_rules("tests.rsa", Path(__file__).parent)


def url_kwargs(world) -> dict:
    return merged_url_kwargs(_MODULES, world)
