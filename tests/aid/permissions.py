"""The rules of tests/aid/perm_*.py (one module per side), merged for the permission matrix."""

from pathlib import Path

from tests.permissions import merge_rules, merged_url_kwargs

EXPECTED, _MODULES = merge_rules("tests.aid", Path(__file__).parent)


def url_kwargs(world) -> dict:
    return merged_url_kwargs(_MODULES, world)
