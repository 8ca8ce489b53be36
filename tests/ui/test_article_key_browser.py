"""The article page in a browser: claims of every status drawn with distinct colours AND distinct
underlines (what the browser computes, not what the CSS file says), the key lists them all with
their sign, and axe-core finds no violation."""

from __future__ import annotations

import pytest

from claims.display import status_styles
from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory
from tests.ui.conftest import assert_no_axe_violations, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_article_status_key(live_server, page, offsite, editor):
    statuses = list(Claim.Status.values)
    body = "\n\n".join(f"Officials said {n + 2},{n}00 homes were built in district {n}." for n in range(len(statuses)))
    article = ArticleFactory(title="Housing figures", body=body)
    claims = []
    for n, status in enumerate(statuses):
        start = body.index(f"Officials said {n + 2},")
        end = body.index(".", start) + 1
        claims.append(ClaimFactory(article=article, start=start, end=end, sentence_start=start, sentence_end=end,
                                   text=body[start:end], status=status))
    login(page, live_server.url, editor.username)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    looks = []
    for claim in claims:
        mark = page.locator(f'#article-body mark[data-claims="{claim.pk}"]')
        looks.append(mark.evaluate("""m => { const s = getComputedStyle(m);
            return [s.backgroundColor,
                    [s.textDecorationLine, s.textDecorationStyle, s.textDecorationThickness].join(' ')]; }"""))
    assert len({bg for bg, _line in looks}) == len(statuses), looks
    assert len({line for _bg, line in looks}) == len(statuses), looks
    key = page.locator("#status-key")
    for style in status_styles():
        assert f"{style.icon}1 {style.label}" in key.locator(f'li[data-status="{style.value}"]').inner_text()
    published = claims[statuses.index("published")]
    ref = page.get_by_role("link", name=f"Claim {statuses.index('published') + 1}: Published")
    assert ref.inner_text() == f"★{statuses.index('published') + 1}"
    assert page.locator(f'li[data-claim-id="{published.pk}"] .claim-status').inner_text() == "Published"
    assert_no_axe_violations(page, "article with every status")
    shot(page, "article-status-key")
    assert offsite == []
