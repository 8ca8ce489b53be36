"""The claims changelist's "In review" filter (stored in_review OR held: claims.review_state) takes the
first rows of each half (ClaimAdmin.changelist_arms, factcheck.pagination.first_of_arms): the pages
are the rows, in the order, that the plain OR gives, with other filters, a search, another sort and
"show all"; the queries stay flat. SQLite (no LIMIT inside a compound statement) keeps the plain
OR. The plan on PostgreSQL: tests/scale/test_explain.py (test_admin_in_review_page_reads_the_partial_index_in_order,
last there: its ANALYZE of many rows would change the plans of the tests after it)."""

from __future__ import annotations

import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import review_state
from claims.admin import ClaimAdmin
from claims.models import Claim
from factcheck.pagination import first_of_arms
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory

pytestmark = pytest.mark.django_db

SEQ = itertools.count()
BASE = "/admin/claims/claim/?status=in_review"


def add_claims(n: int) -> None:
    """``n`` articles, each with two stored in_review claims (sharing a start: the id decides), a held
    one, a queued one (not held) and an extracted one; kinds, texts and scores alternate. One queue
    item an article: the EXPLAIN tests' plans of the queue's tiny table move with its size on disk."""
    for _ in range(n):
        i = next(SEQ)
        article = ArticleFactory(body=f"Tax receipts rose by {i},000 euros, the minister said. Prices fell.")
        kind = ("statistic", "causal")[i % 2]
        ClaimFactory(article=article, status="in_review", start=3, kind=kind, score=0.5 + i % 3 / 10,
                     text=("Tax rose.", "Prices fell.")[i % 2])
        ClaimFactory(article=article, status="in_review", start=3, kind="causal", score=0.9)
        held = QueueItemFactory(claim=ClaimFactory(article=article, status="queued", start=i % 4, kind=kind,
                                                   text=("Prices rose.", "Tax fell.")[i % 2]))
        held.status = "assigned"
        held.save(update_fields=["status"])
        ClaimFactory(article=article, status="queued", start=1)  # in the queue, not held
        ClaimFactory(article=article, status="extracted", start=2)


def shown(client, path: str) -> tuple[list[int], int]:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(path)
    assert resp.status_code == 200, (path, resp.status_code)
    return [int(pk) for pk in re.findall(r'value="(\d+)" class="action-select"', resp.content.decode())], \
        len(ctx.captured_queries)


def pages(client, path: str) -> list[list[int]]:
    """Every page of the list (up to a bad page number, which the admin redirects)."""
    out = []
    for p in range(1, 9):
        if client.get(f"{path}&p={p}").status_code != 200:
            break
        out.append(shown(client, f"{path}&p={p}")[0])
    return out


def plain_pages(monkeypatch, client, path: str) -> list[list[int]]:
    """The pages as the plain OR gives them (no arms)."""
    with monkeypatch.context() as m:
        m.setattr(ClaimAdmin, "changelist_arms", lambda self, request: None)
        return pages(client, path)


@pytest.mark.parametrize("query", ["", "&kind__exact=causal", "&q=tax", "&o=5", "&o=-5.2", "&o=2", "&all="])
def test_in_review_pages_are_the_plain_filters_pages(client, admin_user, monkeypatch, query):
    client.force_login(admin_user)
    add_claims(5)  # 10 stored in review, 5 held
    monkeypatch.setattr(ClaimAdmin, "list_per_page", 3)
    path = BASE + query
    expected = plain_pages(monkeypatch, client, path)
    assert sum(map(len, expected)) >= 3 and expected[0], expected
    every = {pk for page in expected for pk in page}
    in_review = set(review_state.filter_state(Claim.objects.all(), "in_review").values_list("pk", flat=True))
    assert every <= in_review and (query or every == in_review)
    assert pages(client, path) == expected


def test_in_review_queries_do_not_grow(client, admin_user):
    client.force_login(admin_user)
    add_claims(2)
    shown(client, BASE)
    _, few = shown(client, BASE)
    add_claims(15)  # 17 articles: 51 claims in review
    pks, many = shown(client, BASE)
    assert len(pks) == 50 and few == many


def test_first_of_arms_keeps_the_order_of_the_or(admin_user):
    add_claims(5)
    arms = review_state.state_arms("in_review")
    base = Claim.objects.order_by("article_id", "start", "-id")
    qs = review_state.filter_state(base, "in_review")
    for n in (1, 3, 15, 40):
        assert list(first_of_arms(base, base, arms, n)[:n]) == list(qs[:n])
    assert review_state.state_arms("queued") is None
