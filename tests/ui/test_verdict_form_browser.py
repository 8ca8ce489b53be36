"""The verdict form's errors in a browser: every problem at once in a summary whose links put the
cursor in their field, each field marked aria-invalid with its message, focus on the first; then
"Saved as draft, not submitted" when the rating alone was valid; axe-core on the error state."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reviewers import services
from reviewers.models import Verdict
from tests.factories import QueueItemFactory
from tests.ui.conftest import assert_no_axe_violations, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _focused(page, field_id: str) -> None:
    """The page's inline script focuses after the element a test waits for is parsed, so poll
    (Playwright's expect retries until its timeout) rather than read activeElement once."""
    expect(page.locator(f"#{field_id}")).to_be_focused(timeout=5000)


def test_verdict_form_errors(live_server, page, offsite, reviewer):
    item = QueueItemFactory(priority=900)
    services.claim_next(reviewer)
    claim = item.claim
    login(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")

    page.get_by_label("URL").fill("not a url")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_selector("#error-summary")
    summary = page.locator("#error-summary")
    assert summary.get_by_role("heading").inner_text() == "3 problems to fix"
    links = summary.get_by_role("link")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "#rating", "#rationale", "#evidence-0-url"]
    for field in ("rating", "rationale", "evidence-0-url"):
        assert page.locator(f"#{field}").get_attribute("aria-invalid") == "true", field
        described = page.locator(f"#{field}").get_attribute("aria-describedby") or ""
        messages = [page.locator(f"#{i}").inner_text() for i in described.split() if i.endswith("err")]
        assert messages and all(m.strip() for m in messages), field  # its own message, announced with it
    _focused(page, "rating")  # focus on the first field with a problem
    assert_no_axe_violations(page, "verdict form with errors")
    shot(page, "verdict-form-errors")
    links.nth(2).click()
    _focused(page, "evidence-0-url")
    assert not Verdict.objects.filter(claim=claim).exists()

    # a valid rating alone: the draft is kept, and the page says it was not submitted
    page.get_by_label("Rating", exact=True).select_option("false")
    page.get_by_label("URL").fill("")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_selector(".msg-warning")
    assert "Saved as draft, not submitted" in page.locator(".messages").inner_text()
    assert page.locator("#error-summary").get_by_role("heading").inner_text() == "2 problems to fix"
    _focused(page, "rationale")
    assert page.locator("#rating").input_value() == "false"
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.status, verdict.rating) == (Verdict.Status.DRAFT, "false")
    shot(page, "verdict-form-saved-as-draft")
    assert offsite == []
