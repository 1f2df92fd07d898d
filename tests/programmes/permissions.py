"""The insertion offer's permission rules, one module per side (tests/programmes/perm_*.py)."""

import importlib
from pathlib import Path

EXPECTED: dict = {}
_MODULES = [
    importlib.import_module(f"tests.programmes.{path.stem}")
    for path in sorted(Path(__file__).parent.glob("perm_*.py"))
]
for _module in _MODULES:
    _overlap = set(EXPECTED) & set(_module.EXPECTED)
    assert not _overlap, f"rules defined twice: {_overlap}"
    EXPECTED.update(_module.EXPECTED)


def url_kwargs(world) -> dict:
    kwargs: dict = {}
    for module in _MODULES:
        if hasattr(module, "url_kwargs"):
            kwargs.update(module.url_kwargs(world))
    return kwargs
