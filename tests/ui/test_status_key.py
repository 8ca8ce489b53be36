"""The article page's key: every claim status (published included) has its own sign, line and
colour class, so no status is told apart by colour alone; each claim's number carries its sign and
its status in words."""

from __future__ import annotations

import re

import pytest

from claims.display import status_icon, status_styles
from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory


def test_every_status_has_its_own_sign_and_line():
    styles = status_styles()
    assert [s.value for s in styles] == list(Claim.Status.values)
    assert len({s.icon for s in styles}) == len(styles)
    assert len({s.line for s in styles}) == len(styles)
    assert all(s.icon.strip() and s.meaning for s in styles)
    assert status_icon(Claim.Status.PUBLISHED) == "★"


def test_css_gives_every_status_a_distinct_colour_and_line():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    backgrounds, lines = set(), set()
    for value in Claim.Status.values:
        rule = re.search(rf"mark\.status-{value} \{{([^}}]*)\}}", css)
        assert rule, value
        backgrounds.add(re.search(r"background:(#[0-9a-f]{6})", rule.group(1)).group(1))
        style = re.search(r"text-decoration-(?:style|line):([\w-]+)", rule.group(1)).group(1)
        thickness = re.search(r"text-decoration-thickness:([\d.]+px)", rule.group(1))
        lines.add((style, thickness.group(1) if thickness else "2px"))
    assert len(backgrounds) == len(lines) == len(Claim.Status.values)


@pytest.mark.django_db
def test_article_page_key_and_markers(client, reviewer):
    body = " ".join(f"Sentence number {n} says 1{n} people came." for n in range(len(Claim.Status.values)))
    article = ArticleFactory(body=body)
    for n, status in enumerate(Claim.Status.values):
        start = body.index(f"Sentence number {n}")
        end = body.index(".", start) + 1
        ClaimFactory(article=article, start=start, end=end, sentence_start=start, sentence_end=end,
                     text=body[start:end], status=status)
    client.force_login(reviewer)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    key = re.search(r'<ul class="key-list" id="status-key">(.*?)</ul>', html, re.S).group(1)
    for style in status_styles():
        item = re.search(rf'<li data-status="{style.value}">(.*?)</li>', key, re.S).group(1)
        assert f'class="claim-span status-{style.value}"' in item
        assert f'<span aria-hidden="true">{style.icon}</span>' in item and f"<strong>{style.label}</strong>" in item
    assert "<strong>Published</strong>" in key
    body_html = html.split('id="article-body">', 1)[1].split("</div>", 1)[0]
    refs = re.findall(r'aria-label="Claim (\d): ([^"]+)"><span aria-hidden="true">(.)</span>', body_html)
    assert [(label, icon) for _n, label, icon in refs] == [(s.label, s.icon) for s in status_styles()]
