"""Blind second review in a browser: the first reviewer writes round 1 on the review page; the
second reviewer, pressing Next claim, gets the same claim with an empty form of their own and no
trace of round 1 (rating, rationale, who wrote it) on any page they reach from it; the ratings
differ, so an editor adjudicates with both side by side. Screenshots and axe on the new pages."""

from __future__ import annotations

import pytest

from reviewers.models import IndependentReview, QueueItem, Verdict
from tests.factories import QueueItemFactory
from tests.ui.conftest import assert_no_axe_violations, login, logout, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "The ministry's own table lists twelve"


def _write(page, rating: str, rationale: str) -> None:
    page.get_by_label("Rating", exact=True).select_option(rating)
    page.get_by_label("Rationale").fill(rationale)
    page.get_by_label("URL").fill("https://stats.example.org/table")
    page.get_by_role("button", name="Submit your review").click()
    page.wait_for_load_state()


def test_second_reviewer_is_blind_and_editor_adjudicates(live_server, page, offsite, reviewer, reviewer2, editor):
    item = QueueItemFactory(priority=900, rounds_required=2)
    claim = item.claim
    base = live_server.url

    login(page, base, reviewer.username)
    page.goto(f"{base}/review/next/")
    page.get_by_role("button", name="Next claim").first.click()
    page.wait_for_url(f"**/review/claims/{claim.pk}/")
    assert "round 1 of 2" in page.locator("#blind-note").inner_text()
    _write(page, "false", SECRET)
    assert "Your review is in" in page.locator(".messages").inner_text()
    assert IndependentReview.objects.get(claim=claim).status == "submitted"
    logout(page)

    login(page, base, reviewer2.username)
    page.goto(f"{base}/review/next/")
    page.get_by_role("button", name="Next claim").first.click()
    page.wait_for_url(f"**/review/claims/{claim.pk}/")
    assert "round 2 of 2" in page.locator("#blind-note").inner_text()
    assert page.locator("#rating").input_value() == ""  # not round 1's rating
    assert page.locator("#rationale").input_value() == ""
    assert_no_axe_violations(page, "blind round 2 form")
    shot(page, "blind-review-round-2")
    seen = [page.content()]
    for url in (f"/claims/{claim.pk}/", f"/articles/{claim.article_id}/", "/review/mine/",
                f"/claims/search/?q={claim.text.split()[1]}"):
        page.goto(base + url)
        seen.append(page.content())
    for html in seen:
        assert SECRET not in html
        assert reviewer.username not in html
    page.goto(f"{base}/review/claims/{claim.pk}/")
    _write(page, "true", "Round two reads it otherwise")
    logout(page)
    assert QueueItem.objects.get(pk=item.pk).needs_adjudication
    assert not Verdict.objects.filter(claim=claim).exists()

    login(page, base, editor.username)
    page.goto(f"{base}/review/approvals/")
    page.get_by_role("link", name="Adjudication").click()
    page.get_by_role("link", name=claim.text[:40]).click()
    assert SECRET in page.locator("#round-1").inner_text()
    assert "Round two reads it otherwise" in page.locator("#round-2").inner_text()
    assert_no_axe_violations(page, "adjudication page")
    shot(page, "blind-review-adjudication")
    page.get_by_role("link", name="review 2").click()
    assert page.locator("#rationale").input_value() == "Round two reads it otherwise"
    page.get_by_label("Rating", exact=True).select_option("half-true")
    page.get_by_role("button", name="Save the verdict").click()
    page.wait_for_selector("#blind-origin")
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.rating, verdict.reviewer_id, verdict.status) == ("half-true", editor.pk, "submitted")
    shot(page, "blind-review-adjudicated-verdict")
    assert offsite == []
