"""The reviewer-to-editor round trip in headless Debian chromium (Playwright, no browser
download): Next claim, a verdict with two evidence links (the second row added in place),
submit; the editor approves; the article page shows the claim as approved."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.models import Claim
from reviewers.models import Verdict
from tests.conftest import ARTIFACTS, CHROMIUM
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory
from tests.ui.conftest import login, logout

SHOTS = ARTIFACTS / "screenshots"
PASSWORD = "pw-for-tests-123"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


class _Evidence(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        body = f"<html><title>Evidence {self.path}</title></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def evidence_site(settings) -> Iterator[str]:
    settings.EVIDENCE_CHECK_ALLOW_PRIVATE = True
    settings.EVIDENCE_CHECK_TIMEOUT = 2
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Evidence)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test body
    # are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(10_000)
        try:
            yield page
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.slow
def test_reviewer_submits_editor_approves_article_shows_it(live_server, browser_page, reviewer, editor,
                                                             evidence_site):
    page = browser_page
    base = live_server.url
    article = ArticleFactory(
        title="Council budget",
        body="The mayor said 40 new buses were bought in 2024. Critics <b>disagree</b> & want an audit.",
    )
    claim = ClaimFactory(article=article, end=article.body.index(".") + 1, status=Claim.Status.QUEUED)
    QueueItemFactory(claim=claim, priority=900)

    # reviewer: Next claim -> verdict with two evidence links -> submit
    login(page, base, reviewer.username)
    page.goto(f"{base}/review/next/")
    page.get_by_role("button", name="Next claim").click()
    page.wait_for_url(f"**/review/claims/{claim.pk}/")
    assert page.locator(".claim-quote").first.inner_text().startswith("The mayor said 40")
    page.get_by_label("Rating").select_option("mostly-false")
    page.get_by_label("Rationale").fill("The fleet register lists 28 buses bought in 2024.")
    page.fill("#evidence-0-url", f"{evidence_site}/register")
    page.fill("#evidence-0-title", "Fleet register")
    page.fill("#evidence-0-quote", "28 buses delivered")
    page.select_option("#evidence-0-stance", "refutes")
    work_url = page.url
    page.get_by_role("button", name="Add evidence link").click()
    page.wait_for_selector("#evidence-1-url")  # added in place by htmx
    assert page.url == work_url
    assert page.locator(".evidence-row").count() == 2
    page.fill("#evidence-1-url", f"{evidence_site}/minutes")
    page.fill("#evidence-1-title", "Council minutes")
    page.select_option("#evidence-1-stance", "context")
    page.screenshot(path=str(SHOTS / "1-reviewer-verdict-form.png"), full_page=True)
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url("**/review/next/")
    assert "Verdict submitted" in page.inner_text(".messages")
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.status == Verdict.Status.SUBMITTED
    assert sorted(verdict.evidence.values_list("title", "check_status")) == [
        ("Council minutes", "ok"), ("Fleet register", "ok")]
    logout(page)

    # editor: approvals -> verdict -> approve
    login(page, base, editor.username)
    page.goto(f"{base}/review/approvals/")
    page.screenshot(path=str(SHOTS / "2-editor-approvals.png"), full_page=True)
    page.get_by_role("link", name=claim.text[:30]).click()
    page.wait_for_url(f"**/review/verdicts/{verdict.pk}/")
    page.screenshot(path=str(SHOTS / "3-editor-verdict.png"), full_page=True)
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert Verdict.objects.get(pk=verdict.pk).status == Verdict.Status.APPROVED

    # the article page shows the claim as approved, highlighted in place
    page.goto(f"{base}/articles/{article.pk}/")
    item = page.locator(f'li[data-claim-id="{claim.pk}"] .claim-status')
    assert item.inner_text() == "Approved"
    mark = page.locator(f'#article-body mark[data-claims="{claim.pk}"]')
    assert "status-approved" in mark.get_attribute("class")
    assert mark.inner_text() == claim.text
    assert page.locator("#article-body b").count() == 0  # the body's HTML is shown as text
    page.screenshot(path=str(SHOTS / "4-article-approved.png"), full_page=True)
