"""At a phone's width (390 px) a table wider than the screen scrolls sideways in its own box; the
page does not (it did: the queue 527 px wide, the article list 591, a claim page with history 640,
so the top bar, headings and forms slid sideways with the table). The tables keep their table
semantics (one without a link, such as a claim's history, takes the keyboard focus so that it can be
scrolled without a mouse: axe's scrollable-region-focusable), and the queue's bulk-action bar,
sticky at the top on a wide screen, is not on a phone (it was half the screen high and covered the
rows being chosen)."""

from __future__ import annotations

import pytest

from reviewers.models import QueueItem
from tests.factories import ArticleFactory, ClaimFactory
from tests.ui.conftest import assert_no_axe_violations, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
LONG = "The minister said unemployment fell to 4.1 percent in the year to March, the lowest since 2008"


@pytest.fixture
def desk_rows(editor):
    article = ArticleFactory(title="A long headline about unemployment figures that the minister gave on Monday")
    claims = [ClaimFactory(article=article, text=f"{LONG} ({i}).", start=200 * i, end=200 * i + 100,
                           speaker="The minister of labour and social affairs") for i in range(3)]
    for i, claim in enumerate(claims):
        QueueItem.objects.create(claim=claim, priority=i)
    return claims


def test_wide_tables_scroll_in_their_box_not_the_page(live_server, page, offsite, editor, desk_rows):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    login(page, live_server.url, editor.username)
    for path in ("/review/queue/", "/articles/", f"/claims/{desk_rows[0].pk}/"):
        page.goto(f"{live_server.url}{path}")
        tables = page.evaluate("""() => Array.from(document.querySelectorAll('table.list')).map(t => ({
            inner: t.scrollWidth, outer: t.getBoundingClientRect().right}))""")
        assert tables, path
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, path
        assert all(t["outer"] <= WIDTH for t in tables), (path, tables)
        assert page.get_by_role("table").count() == len(tables), path  # still tables to assistive tech
        assert page.get_by_role("columnheader").count() > 0, path
        # a table that scrolls in its own box takes the keyboard focus when it holds no link (the history)
        assert_no_axe_violations(page, f"{path} at {WIDTH} px")
        shot(page, f"phone-{path.strip('/').replace('/', '-')}")
    page.goto(f"{live_server.url}/review/queue/")
    assert page.evaluate("getComputedStyle(document.querySelector('.bulk-bar')).position") == "static"
    page.set_viewport_size({"width": 1280, "height": 844})
    assert page.evaluate("getComputedStyle(document.querySelector('.bulk-bar')).position") == "sticky"
    assert page.evaluate("getComputedStyle(document.querySelector('table.list')).display") == "table"
    assert offsite == []
