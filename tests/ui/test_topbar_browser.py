"""The top bar at common laptop widths: an editor (or admin) has a dozen links. They broke inside
("Next / claim", "Add / article", the brand on two lines) at 1280 px; now each link stays on one
line, the list wraps between links and the log-out button stays at the right, in view."""

from __future__ import annotations

import pytest

from tests.ui.conftest import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINE = 30  # px: one line of the 16px/1.5 text is 24 px; two lines are 48


@pytest.mark.parametrize("width", [1024, 1280, 1440])
def test_editor_top_bar_links_stay_on_one_line(live_server, page, offsite, editor, width):
    page.set_viewport_size({"width": width, "height": 800})
    login(page, live_server.url, editor.username)
    page.goto(f"{live_server.url}/review/queue/")
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll('.topbar .brand, .topbar nav a'))
        .map(a => ({text: a.textContent.trim(), h: a.getBoundingClientRect().height}))""")
    assert len(boxes) >= 10
    assert [b["text"] for b in boxes if b["h"] > LINE] == []
    logout = page.get_by_role("button", name="Log out").bounding_box()
    assert logout["x"] + logout["width"] <= width and logout["y"] < 40
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"topbar-editor-{width}")
    assert offsite == []
