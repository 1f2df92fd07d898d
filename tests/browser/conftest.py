"""Browser tests: Playwright driving Debian's Chromium, axe-core on every page visited.

Where /usr/bin/chromium is missing they are skipped with one line; with CI=true they must run.
"""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("RELAIS_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Flags that keep Chromium off the (closed) network and quiet in a container.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            f"CI=true mais Chromium est absent ({CHROMIUM}) : installez le paquet chromium."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium absent ({CHROMIUM}) : tests navigateur ignorés (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A Playwright page that checks axe and the CSP on every page it lands on."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.csp_violations = []
        page.on(
            "console",
            lambda message: (
                self.csp_violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.check()

    def check(self):
        self.page.wait_for_load_state("load")
        results = self.page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            })"""
        )
        violations = [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in results["violations"]
        ]
        assert violations == [], (
            f"axe sur {self.page.url} :\n{json.dumps(violations, indent=2, ensure_ascii=False)}"
        )
        assert self.csp_violations == [], f"CSP sur {self.page.url} : {self.csp_violations}"
        assert self.page.locator("h1").count() == 1, f"Un seul h1 attendu sur {self.page.url}"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    # Injected by the DevTools protocol, so the page's CSP need not allow it.
    context.add_init_script(path=str(AXE))
    context.set_default_timeout(10_000)
    yield Page(context.new_page(), live_server.url)
    context.close()
