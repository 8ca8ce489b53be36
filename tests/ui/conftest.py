"""Browser fixtures for the UI tests: headless Debian chromium through Playwright (never a browser
download), every request kept on loopback, axe-core served from the vendored file.

``page`` blocks (and records) any request to a host other than the live server's, so a page that
tries to load something from the internet fails its test instead of passing on a connected
machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import ARTIFACTS, CHROMIUM

SHOTS = ARTIFACTS / "screenshots"
AXE_JS = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
PASSWORD = "pw-for-tests-123"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


class Offsite(list):
    """URLs the page tried to load from another host (aborted)."""


@pytest.fixture
def offsite() -> Offsite:
    return Offsite()


@pytest.fixture
def page(monkeypatch, offsite: Offsite) -> Iterator:
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test body
    # stay plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, timezone_id="Europe/Berlin")

        def _route(route) -> None:
            url = route.request.url
            if url.startswith(("data:", "blob:")) or urlparse(url).hostname in LOOPBACK:
                route.continue_()
            else:
                offsite.append(url)
                route.abort("internetdisconnected")

        context.route("**/*", _route)
        pg = context.new_page()
        pg.set_default_timeout(10_000)
        try:
            yield pg
        finally:
            browser.close()


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def logout(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.x A/AA and best practices) on the page; the violations, summarised."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
               .map(v => ({id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"""
    )
    return found


def assert_no_axe_violations(page, name: str) -> None:
    found = axe_violations(page)
    assert found == [], f"axe-core violations on {name} ({page.url}): {found}"


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
