"""The reviewer's start page in a browser: after login it is where a reviewer lands; the lease
counts down in place; the returned verdict carries the editor's comment; no axe violations."""

from __future__ import annotations

import pytest

from reviewers import services
from tests.factories import QueueItemFactory, decided_verdict
from tests.ui.conftest import assert_no_axe_violations, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_start_page(live_server, page, offsite, reviewer, editor):
    QueueItemFactory(priority=900)
    QueueItemFactory(priority=100)
    decided_verdict("returned", reviewer=reviewer, editor=editor, editor_comment="Cite the 2023 register.")
    assignment = services.claim_next(reviewer)

    login(page, live_server.url, reviewer.username)
    assert page.url.endswith("/start/reviewer/")
    assert page.get_by_role("heading", name="My desk").is_visible()
    assert page.locator("#waiting-count").inner_text() == "1"
    timer = page.get_by_role("timer")
    first = timer.inner_text()
    assert first.endswith(" left") and "min" in first
    page.wait_for_function("t => document.querySelector('[role=timer]').textContent !== t", arg=first)
    assert "your time, Europe/Berlin" in page.locator("#lease").inner_text()  # the browser's zone, beside UTC
    assert "UTC" in page.locator("#lease").inner_text()
    assert "Cite the 2023 register." in page.locator(".returned-note").inner_text()
    assert_no_axe_violations(page, "reviewer start page")
    shot(page, "reviewer-start-page")
    page.get_by_role("link", name="Continue with this claim").click()
    page.wait_for_url(f"**/review/claims/{assignment.claim_id}/")
    assert offsite == []
