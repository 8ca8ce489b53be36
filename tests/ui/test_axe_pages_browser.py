"""axe-core (vendored npm package, injected from a local file) on the main pages, as an editor and
as a reviewer: no violations, nothing loaded from another host."""

from __future__ import annotations

import pytest

from claims.models import Article, Claim
from desk.services import refresh_dashboard
from tests.factories import ArticleFactory, ClaimFactory, EvidenceLinkFactory, QueueItemFactory, decided_verdict
from tests.ui.conftest import assert_no_axe_violations, login, logout, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_main_pages_have_no_axe_violations(live_server, page, offsite, reviewer, editor):
    base = live_server.url
    article = ArticleFactory(title="Transit budget", url="https://news.example.org/transit")
    published = decided_verdict("published", reviewer=reviewer, editor=editor, public_slug="earlier-check-1")
    queued = ClaimFactory(  # with what extraction found, so the findings block is checked too
        article=article, status=Claim.Status.QUEUED, previously_checked=published.claim,
        quantities=[{"text": "over 470,000", "qualifier": "lower_bound", "value": 470000, "kind": "count",
                     "counts": "people"}],
        dates=[{"text": "a day after", "value": "2016-03-14", "granularity": "day", "anchor": "2016-03-15"}],
        reasons=["statistic", "direct quote"])
    QueueItemFactory(claim=queued, priority=800)
    submitted = decided_verdict("submitted", reviewer=reviewer)
    EvidenceLinkFactory(verdict=submitted)
    ArticleFactory(title="Upload that failed", status=Article.Status.FAILED)  # the desk's re-extract button
    refresh_dashboard()  # the dashboard's figures, as the beat task stores them

    login(page, base, editor.username)
    editor_pages = {
        "desk": "/start/editor/", "articles": "/articles/",
        "article": f"/articles/{article.pk}/", "claim": f"/claims/{queued.pk}/",
        "queue": "/review/queue/", "approvals": "/review/approvals/",
        "verdict": f"/review/verdicts/{submitted.pk}/", "search": "/claims/search/?q=people",
        "add-article": "/articles/new/", "links": "/links/", "exports": "/exports/",
        "dashboard": "/desk/dashboard/",
    }
    for name, url in editor_pages.items():
        resp = page.goto(base + url)
        assert resp.status == 200, url
        if name == "article":  # each claim's findings, folded in <details>: opened, so axe reads them
            page.evaluate("document.querySelectorAll('details.findings').forEach(d => { d.open = true; })")
            assert "over 470,000 people: lower bound" in page.locator(f"#findings-{queued.pk}").inner_text()
        if name == "claim":
            assert "a day after → 2016-03-14" in page.locator(".finding-dates").inner_text()
            assert "False" in page.locator(".finding-previous").inner_text()  # the earlier check's rating
        assert_no_axe_violations(page, f"editor {name}")
        if name in ("article", "claim"):
            shot(page, f"editor-{name}-findings")
        if name == "desk":
            assert page.get_by_role("button", name="Re-extract “Upload that failed”").is_visible()
            shot(page, "editor-start-page")
    page.goto(base + "/review/queue/")  # the bulk action's confirmation page (then cancelled)
    page.locator("input.row-select").first.check()
    page.get_by_role("button", name="Remove from the queue…").click()
    page.wait_for_url("**/review/queue/bulk/")
    assert_no_axe_violations(page, "editor queue bulk confirmation")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url("**/review/queue/")
    logout(page)
    assert_no_axe_violations(page, "login")

    login(page, base, reviewer.username)
    for name, url in {"next": "/review/next/", "mine": "/review/mine/"}.items():
        page.goto(base + url)
        assert_no_axe_violations(page, f"reviewer {name}")
    page.goto(base + "/review/next/")
    page.get_by_role("button", name="Next claim").click()
    page.wait_for_url(f"**/review/claims/{queued.pk}/")
    assert_no_axe_violations(page, "reviewer claim work")
    shot(page, "reviewer-claim-work")
    assert offsite == []
