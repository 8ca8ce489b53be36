"""An editor publishes a verdict and corrects it; a reader, logged out, reads the public page with
its ClaimReview JSON-LD, the correction note and date, and finds it in the index and the feed."""

from __future__ import annotations

import json

import pytest

from publishing.models import Organisation
from reviewers.models import Verdict
from tests.factories import ArticleFactory, ClaimFactory, EvidenceLinkFactory, decided_verdict
from tests.ui.conftest import assert_no_axe_violations, login, logout, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_publish_correct_and_read_the_public_page_logged_out(live_server, page, offsite, settings, editor,
                                                              reviewer):
    base = live_server.url
    settings.PUBLIC_BASE_URL = base
    Organisation.objects.create(name="Desk Verify", url="https://verify.example.net")
    article = ArticleFactory(title="Bus fleet grows", url="https://news.example.org/buses",
                             body="The mayor said 40 new buses were bought in 2024. Others disagree.")
    claim = ClaimFactory(article=article, speaker="Jane Doe, mayor", status="approved")
    verdict = decided_verdict("approved", claim=claim, reviewer=reviewer, rating="mostly-false",
                              rationale="The fleet register lists 28 buses.")
    EvidenceLinkFactory(verdict=verdict, title="Fleet register", quote="28 buses delivered in 2024")

    login(page, base, editor.username)
    page.goto(f"{base}/review/verdicts/{verdict.pk}/")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED and verdict.public_slug
    public = f"{base}/checks/{verdict.public_slug}/"
    assert page.locator("#public-url").get_attribute("href") == public

    page.get_by_label("Note for readers (required)").fill("The register was updated: 31 buses, not 28.")
    page.get_by_label("New rating (corrections only; leave as is to keep it)").select_option("half-true")
    page.get_by_role("button", name="Publish correction").click()
    page.wait_for_load_state()
    assert "Correction published" in page.get_by_role("status").inner_text()
    assert page.locator(".corrections li").count() == 1
    shot(page, "editor-verdict-corrected")
    logout(page)

    # a reader, not logged in
    page.goto(public)
    assert page.url == public
    assert page.get_by_role("heading", level=1).inner_text() == f"“{claim.text}”"
    assert page.locator("#public-rating").inner_text() == "Half true"
    assert "31 buses, not 28" in page.locator("#corrections").inner_text()
    assert "28 buses delivered in 2024" in page.locator(".evidence").inner_text()
    data = json.loads(page.locator("#claimreview-jsonld").text_content())
    assert data["url"] == public and data["author"]["name"] == "Desk Verify"
    assert data["reviewRating"]["alternateName"] == "Half true"
    assert data["correction"][0]["text"].endswith("31 buses, not 28.")
    assert data["itemReviewed"]["appearance"]["url"] == "https://news.example.org/buses"
    assert_no_axe_violations(page, "public verdict page")
    shot(page, "public-verdict-page")

    page.goto(f"{base}/checks/")
    page.get_by_role("link", name=claim.text).click()
    page.wait_for_url(public)
    page.goto(f"{base}/checks/")
    assert_no_axe_violations(page, "public index")
    shot(page, "public-index")
    feed = page.request.get(f"{base}/checks/feed.atom")
    assert feed.ok and "[Corrected] Half true" in feed.text()
    assert offsite == []
