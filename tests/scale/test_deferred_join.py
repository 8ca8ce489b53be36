"""The claims API's deferred join (factcheck.pagination.keyset_page's ``rows_for``,
reviewers.claim_api.ClaimViewSet.keyset_rows): the page's keys are picked from the claims alone and
the verdict and queue item are joined for those rows only. The pages (rows, order, links) are the
same as without it, on SQLite and PostgreSQL; on PostgreSQL the LIMIT sits under the joins."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims import selectors as claim_selectors
from factcheck.pagination import keyset_page
from reviewers.claim_api import ClaimViewSet
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory, decided_verdict

pytestmark = pytest.mark.django_db

ORDER = ClaimViewSet.keyset_ordering
URLS = ("/api/claims/", "/api/claims/?status=submitted&q=tax", "/api/claims/?status=approved&q=tax",
        "/api/claims/?status=queued", "/api/claims/?q=tax", "/api/claims/?status=submitted&q=prices")


@pytest.fixture
def desk(reviewer, editor):
    for i in range(4):
        article = ArticleFactory(body=f"Tax receipts rose by {i},000 euros. Prices fell. More text here.")
        for j in range(3):
            claim = ClaimFactory(article=article, status="queued", start=10 * j, end=10 * j + 5,
                                 text=("Tax rose.", "Prices fell.", "Tax and prices.")[j])
            QueueItemFactory(claim=claim, status=("queued", "assigned")[j % 2])
        for j, status in enumerate(("submitted", "approved", "submitted")):
            claim = ClaimFactory(article=article, status=status, start=50 + j, end=60,
                                 text=("Tax fell.", "Tax cut.", "Prices rose.")[j])
            if status == "submitted":
                decided_verdict("submitted", claim=claim, reviewer=reviewer)
            else:
                decided_verdict("approved", claim=claim, editor=editor)


def _walk(qs, rows_for):
    """Every page (size 2) of ``qs``, forwards then back from the last: pks and tokens."""
    out, token = [], None
    while True:
        page = keyset_page(qs, ORDER, token, 2, rows_for=rows_for)
        out.append(([c.pk for c in page.object_list], page.next_token, page.previous_token))
        if not page.next_token:
            break
        token = page.next_token
    back = keyset_page(qs, ORDER, page.previous_token, 2, rows_for=rows_for) if page.previous_token else None
    return out, back and [c.pk for c in back.object_list]


def test_pages_are_the_same_with_and_without_the_deferred_join(desk):
    view = ClaimViewSet()
    for status, words in ((None, ""), ("submitted", "tax"), ("approved", "tax"), ("queued", ""), (None, "tax")):
        qs = claim_selectors.search_claims(words, qs=view.get_queryset(), status=status)
        plain, deferred = _walk(qs, None), _walk(qs, view.keyset_rows)
        assert plain == deferred, (status, words)
        assert sum(len(p[0]) for p in plain[0]) == qs.count() > 0, (status, words)


def test_api_responses_are_the_same_with_and_without_the_deferred_join(desk, client, editor, monkeypatch):
    client.force_login(editor)
    for url in URLS:
        with CaptureQueriesContext(connection) as deferred_ctx:
            deferred = client.get(url)
        with monkeypatch.context() as m:
            m.delattr(ClaimViewSet, "keyset_rows")
            with CaptureQueriesContext(connection) as plain_ctx:
                plain = client.get(url)
        assert deferred.status_code == plain.status_code == 200, url
        assert deferred.json() == plain.json(), url
        assert len(deferred_ctx.captured_queries) == len(plain_ctx.captured_queries), url
    assert client.get("/api/claims/?status=submitted&q=tax").json()["results"]


@pytest.mark.postgres
def test_the_page_is_limited_before_the_verdict_and_queue_item_are_joined(desk):
    """At 1M claims ``?status=submitted&q=tax`` read 1,975 matches from the partial text index and
    joined a verdict and a queue item to each before the top-N sort (or walked the article index
    filtering 23,722 claims); now the LIMIT is under the joins, which run for the page only."""
    view = ClaimViewSet()
    qs = claim_selectors.search_claims("tax", qs=view.get_queryset(), status="submitted")
    for rows_for, limited in ((view.keyset_rows, True), (None, False)):
        with CaptureQueriesContext(connection) as ctx:
            keyset_page(qs, ORDER, None, 2, rows_for=rows_for)
        (query,) = ctx.captured_queries
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("EXPLAIN " + query["sql"])
            lines = [r[0] for r in cur.fetchall()]
        at = next(i for i, line in enumerate(lines) if "Limit" in line)
        indent = len(lines[at]) - len(lines[at].lstrip(" ->"))
        below = []
        for line in lines[at + 1:]:
            if len(line) - len(line.lstrip(" ->")) <= indent and "->" in line:
                break
            below.append(line)
        joined_below = any("reviewers_verdict" in x or "reviewers_queueitem" in x for x in below)
        assert joined_below is not limited, "\n".join(lines)
        assert any("reviewers_verdict" in x for x in lines), "\n".join(lines)
