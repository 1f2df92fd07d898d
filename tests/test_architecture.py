"""The direction of dependencies and the gatekeeper, checked on the source itself."""

import ast
import re
from pathlib import Path

import pytest

import relais

SOURCE = Path(relais.__file__).resolve().parent

# Personal data is fetched in views only through visible_to() or a policy helper.
FORBIDDEN_IN_VIEWS = re.compile(
    r"\b(?:Person|Document|Household)\.objects\.(?:get|filter|all|exclude|in_bulk|raw)\("
    r"|get_object_or_404\(\s*(?:Person|Document|Household)\b"
)


def python_files(pattern: str) -> list[Path]:
    files = sorted(SOURCE.glob(pattern))
    assert files, f"no file matches {pattern}: the check would pass for nothing"
    return files


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, as dotted names."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def view_files() -> list[Path]:
    return [
        *python_files("**/views.py"),
        *SOURCE.glob("**/views/*.py"),
        *SOURCE.glob("**/api*.py"),
        *SOURCE.glob("**/api/*.py"),
    ]


def test_the_gatekeeper_pattern_catches_direct_fetches():
    assert FORBIDDEN_IN_VIEWS.search("person = Person.objects.get(uuid=uuid)")
    assert FORBIDDEN_IN_VIEWS.search("Document.objects.filter(person=p)")
    assert FORBIDDEN_IN_VIEWS.search("get_object_or_404(Person, uuid=uuid)")
    assert not FORBIDDEN_IN_VIEWS.search("Person.objects.visible_to(request.user)")


@pytest.mark.parametrize("path", view_files(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_views_fetch_persons_and_documents_only_through_the_gatekeeper(path):
    offending = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN_IN_VIEWS.search(line)
    ]
    assert offending == [], "use visible_to(user) or a policy helper:\n" + "\n".join(offending)


def model_files() -> list[Path]:
    return [*python_files("**/models.py"), *SOURCE.glob("**/models/*.py")]


WEB_LAYER = re.compile(r"(?:^|\.)(?:views|forms)(?:$|\.)")


@pytest.mark.parametrize("path", model_files(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_models_never_import_views_or_forms(path):
    web = sorted(module for module in imported_modules(path) if WEB_LAYER.search(module))
    assert web == []


@pytest.mark.parametrize(
    ("app", "forbidden"),
    [
        ("territory", "relais.people"),
        ("territory", "relais.accounts"),
        ("territory", "relais.audit"),
        ("core", "relais.people"),
        ("core", "relais.territory"),
        ("core", "relais.reception"),
        ("core", "relais.agenda"),
        ("accounts", "relais.people"),
        # The insertion offer reads the RSA pathway's facts through people.facts only.
        ("programmes", "relais.rsa"),
        ("programmes", "relais.agenda"),
        ("programmes", "relais.reception"),
        ("aid", "relais.rsa"),
        ("aid", "relais.programmes"),
        ("aid", "relais.agenda"),
    ],
)
def test_an_app_never_imports_an_app_above_it(app, forbidden):
    offending = {
        str(path.relative_to(SOURCE)): sorted(
            m for m in imported_modules(path) if m == forbidden or m.startswith(f"{forbidden}.")
        )
        for path in python_files(f"{app}/**/*.py")
    }
    assert {path: modules for path, modules in offending.items() if modules} == {}


def test_the_import_reader_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from relais.people import views\n")
    assert "relais.people.views" in imported_modules(sample)
