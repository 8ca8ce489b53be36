"""Production polish in a real browser: the API docs render with the network off, the error pages
are styled, and the shared page frame (messages, favicon) passes axe-core."""

from __future__ import annotations

import pytest

from tests.ui.conftest import assert_no_axe_violations, axe_violations, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_with_the_network_blocked(live_server, page, offsite):
    page.goto(f"{live_server.url}/api/docs/")
    # Swagger UI built the operation list from /api/schema/: the bundle ran, from our own host.
    page.wait_for_selector(".swagger-ui .opblock-summary-path >> text=/api/articles/")
    assert page.locator(".swagger-ui .opblock").count() > 20
    assert offsite == []
    shot(page, "api-docs-offline")


def test_redoc_renders_with_the_network_blocked(live_server, page, offsite):
    page.goto(f"{live_server.url}/api/redoc/")
    page.wait_for_selector("text=Factcheck Workbench API")
    page.wait_for_selector("[role=menuitem] >> text=/articles/i")
    assert offsite == []


def test_styled_404_and_403_pages_pass_axe(live_server, page, offsite, reviewer):
    resp = page.goto(f"{live_server.url}/no-such-page/")
    assert resp.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert page.locator("link[rel=icon]").get_attribute("href").endswith("favicon.svg")
    assert_no_axe_violations(page, "404 page")
    shot(page, "error-404")

    login(page, live_server.url, reviewer.username)
    resp = page.goto(f"{live_server.url}/articles/new/")  # editors only
    assert resp.status == 403
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    assert_no_axe_violations(page, "403 page")
    assert offsite == []


def test_status_messages_are_a_live_region_without_axe_violations(live_server, page, reviewer):
    from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory

    claim = ClaimFactory(article=ArticleFactory(), status="queued")
    QueueItemFactory(claim=claim)
    login(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}/review/next/")
    page.get_by_role("button", name="Next claim").click()
    page.wait_for_url(f"**/review/claims/{claim.pk}/")
    page.get_by_role("button", name="Release back to the queue").click()
    page.wait_for_load_state()
    status = page.get_by_role("status")
    assert status.count() == 1 and status.inner_text().strip()
    assert page.locator("[role=status] > ul > li").count() >= 1
    assert [v for v in axe_violations(page) if v["id"] in {"aria-allowed-role", "listitem", "list", "region"}] == []
    assert_no_axe_violations(page, "page with a status message")
