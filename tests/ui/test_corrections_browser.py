"""A reviewer corrects a claim's speaker and splits a claim in two, on the claim page."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory
from tests.ui.conftest import assert_no_axe_violations, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BODY = "Officials said 40 new buses were bought in 2024, and the council spent 3 million euros on repairs."


def test_reviewer_corrects_speaker_and_splits_a_claim(live_server, page, offsite, reviewer):
    claim = ClaimFactory(article=ArticleFactory(body=BODY), end=len(BODY), speaker="Officials")
    login(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    assert_no_axe_violations(page, "claim page with correction forms")

    page.get_by_label("Speaker").fill("Transport Ministry officials")
    page.get_by_role("button", name="Save correction").click()
    page.wait_for_load_state()
    assert "Claim corrected." in page.get_by_role("status").inner_text()
    assert "Transport Ministry officials" in page.locator(".claim-quote + .meta").inner_text()
    assert "corrected speaker" in page.locator("#claim-history-heading + table").inner_text()

    page.get_by_label("The second claim begins with").fill("the council spent")
    page.get_by_role("button", name="Split").click()
    page.wait_for_load_state()
    assert "Claim split in two" in page.get_by_role("status").inner_text()
    shot(page, "claim-corrected-and-split")
    first, second = Claim.objects.filter(article=claim.article).order_by("start")
    assert first.text == "Officials said 40 new buses were bought in 2024, and"
    assert second.text == "the council spent 3 million euros on repairs."
    assert first.speaker == second.speaker == "Transport Ministry officials"
    assert page.locator(".claim-quote").inner_text() == first.text
    assert offsite == []
