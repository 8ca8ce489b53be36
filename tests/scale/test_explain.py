"""Each main list order is served by the index chosen for it (PostgreSQL EXPLAIN): page 1 and a
deeper keyset page read the index in order instead of sorting the table. The tables are small, so
sequential scans, bitmap scans and sorts are switched off to let the plan show which index matches;
a list whose order no index matches still shows a Sort (or a different index name)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from claims import review_state
from claims import selectors as claim_selectors
from claims.linking.selectors import SUGGESTION_ORDER, pending_suggestions
from claims.models import Article, Claim
from factcheck.pagination import keyset_page
from reviewers import selectors
from reviewers.models import QueueItem, Verdict
from reviewers.selectors import rated_claims
from tests.factories import ArticleFactory, ClaimFactory, ClaimLinkFactory, QueueItemFactory, decided_verdict
from tests.scale.test_admin_arms import BASE, add_claims

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def rows(reviewer, editor):
    for i in range(12):
        article = ArticleFactory(body=f"Tax receipts rose by {i},000 euros. More.")
        claim = ClaimFactory(article=article, status="queued")
        QueueItemFactory(claim=claim, status=("queued", "assigned", "done")[i % 3], priority=100 * (i % 2))
        decided_verdict("submitted", claim=ClaimFactory(article=article, start=2, end=9), reviewer=reviewer)
        decided_verdict("approved", claim=ClaimFactory(article=article, start=3, end=9), editor=editor)
        ClaimLinkFactory(similarity=0.4 + (i % 4) / 100)  # ties: the id decides


#: Small tables: the planner would rightly read them whole or sort a bitmap's few rows. With these
#: off, a plan without a Sort exists only if an index delivers the rows in the list's order.
OFF = ("enable_seqscan", "enable_bitmapscan", "enable_sort", "enable_incremental_sort")


def plans(qs, ordering) -> list[str]:
    """The plans of the statements that fetch page 1 and page 2 (size 2) of ``qs`` in ``ordering``."""
    out = []
    page = keyset_page(qs, ordering, None, 2)
    assert page.has_next
    for token in (None, page.next_token):
        with CaptureQueriesContext(connection) as ctx:
            keyset_page(qs, ordering, token, 2)
        for q in ctx.captured_queries:
            with transaction.atomic(), connection.cursor() as cur:
                for setting in OFF:
                    cur.execute(f"SET LOCAL {setting} = off")
                cur.execute("EXPLAIN " + q["sql"])
                out.append("\n".join(r[0] for r in cur.fetchall()))
    return out


CASES: dict[str, tuple[Callable[[], object], tuple[str, ...], str]] = {
    "article list": (claim_selectors.article_list, claim_selectors.ARTICLE_ORDER, "article_list_order_idx"),
    "api articles": (lambda: Article.objects.defer("body"), ("-created_at", "-id"), "article_created_idx"),
    "api claims": (lambda: Claim.objects.all(), ("article_id", "start", "id"), "claim_article_pos_idx"),
    "queue (queued + assigned)": (lambda: selectors.queue_overview({}).items, selectors.QUEUE_ORDER,
                                  "queue_open_order_idx"),
    # a hot status alone: (status, order) or the partial index of the open statuses, filtered
    "queue ?status=queued": (lambda: selectors.queue_overview({"status": "queued"}).items, selectors.QUEUE_ORDER,
                             "queue_next_idx|queue_open_order_idx"),
    # a cold status: (status, order), or the whole order filtered (on tables this small they cost the same)
    "queue ?status=done": (lambda: selectors.queue_overview({"status": "done"}).items, selectors.QUEUE_ORDER,
                           "queue_next_idx|queue_order_idx"),
    # filters on the claim: the open-queue order is walked and each row's claim probed by its key,
    # never every matching claim joined and sorted (a common word matches 10% of 1M claims)
    "queue ?kind=": (lambda: selectors.queue_overview({"kind": "statistic"}).items, selectors.QUEUE_ORDER,
                     "queue_open_order_idx"),
    "queue ?q=": (lambda: selectors.queue_overview({"q": "tax"}).items, selectors.QUEUE_ORDER, "queue_open_order_idx"),
    "queue ?status=all": (lambda: selectors.queue_overview({"status": "all"}).items, selectors.QUEUE_ORDER,
                          "queue_order_idx"),
    "approvals, submitted": (lambda: selectors.waiting_verdicts("submitted"),
                             selectors.APPROVAL_ORDERS["submitted"], "verdict_submitted_idx"),
    "approvals, approved": (lambda: selectors.waiting_verdicts("approved"),
                            selectors.APPROVAL_ORDERS["approved"], "verdict_approved_idx"),
    "links": (pending_suggestions, SUGGESTION_ORDER, "claimlink_suggested_idx"),
    "api verdicts": (lambda: Verdict.objects.all(), ("-created_at", "-id"), "verdict_created_idx"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_list_order_uses_its_index(rows, name):
    make, ordering, names = CASES[name]
    for plan in plans(make(), ordering):
        index = next((n for n in names.split("|") if n in plan), names)
        assert index in plan, f"{name}: {names} not used\n{plan}"
        first = plan.splitlines()[0]
        assert "Sort" not in first and "Sort" not in plan.split(index)[0], f"{name}: sorts\n{plan}"


def test_bounded_status_counts_read_an_index(rows):
    """The queue's per-status counts stop at COUNT_LIMIT rows of an index on status."""
    qs = QueueItem.objects.filter(status="done")[: selectors.COUNT_LIMIT + 1]
    sql, params = qs.values("pk").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN SELECT count(*) FROM (" + sql + ") t", params)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "Limit" in plan and ("queue_next_idx" in plan or "queue_lease_idx" in plan), plan


def test_article_queued_counts_do_not_join_the_queue(rows):
    """The article list's queued counts (queued and not held: claims.review_state) test each
    claim against the few leased queue items (a hashed NOT EXISTS), never join the whole queue."""
    ids = list(Article.objects.values_list("pk", flat=True)[:5])
    with CaptureQueriesContext(connection) as ctx:
        claim_selectors.with_claim_counts(list(Article.objects.filter(pk__in=ids)))
    sql = next(q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper())
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("EXPLAIN " + sql)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "SubPlan" in plan and "Join" not in plan, plan


def test_claim_status_filters_read_the_status_index(rows):
    """Claim.status has an index (claim_status_idx) now that only rare transitions write it: a
    status filter reads it instead of every claim, alone or next to the text index."""
    sql, params = Claim.objects.filter(status="submitted").values("pk").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "claim_status_idx" in plan, plan


def _plan(qs, *off: str) -> str:
    sql, params = qs.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cur:
        for setting in off:
            cur.execute(f"SET LOCAL {setting} = off")
        cur.execute("EXPLAIN " + sql, params)
        return "\n".join(r[0] for r in cur.fetchall())


def test_in_review_filter_reads_the_status_and_key_indexes(rows):
    """Review state "in review" (stored in_review, or queued and held: claims.review_state) as a
    filter is a BitmapOr of claim_status_idx and the primary key of the few leased queue items'
    claims, alone and with a text search (whose matches it narrows, or which it rechecks); never a
    join of the queue, whose OR no index serves (0.46 s with a common word at 1M claims, 54 ms now)."""
    assert QueueItem.objects.filter(status="assigned").exists()
    # as on a desk: many claims wait in the queue (stored "queued"), few are held or in review
    article = Article.objects.first()
    Claim.objects.bulk_create([ClaimFactory.build(article=article, status="queued", text=f"Tax rose {i} times.")
                               for i in range(3000)])
    with connection.cursor() as cur:
        cur.execute("ANALYZE claims_claim")
    alone = review_state.filter_state(Claim.objects.all(), "in_review").values("pk")
    searched = claim_selectors.search_claims("tax", status="in_review").values("pk")
    for qs in (alone, searched):
        plan = _plan(qs, "enable_seqscan")
        assert "Join" not in plan and "Nested Loop" not in plan, plan
        # the stored in_review claims: claim_status_idx or the partial claim_in_review_pos_idx (claims 0014)
        assert re.search("claim_status_idx|claim_in_review_pos_idx", plan), plan
        assert "claims_claim_pkey" in plan and "BitmapOr" in plan, plan
    queued = review_state.filter_state(Claim.objects.all(), "queued").values("pk")
    plan = _plan(queued, "enable_seqscan")
    assert "Join" not in plan and "claim_status_idx" in plan, plan


def test_search_in_review_tests_the_words_on_the_few_rows(rows):
    """A search within "in review" (claims.selectors.FEW_STATES) fetches the state's few claims by
    claim_status_idx and the leased claims' keys, tests the words on each (factcheck.db.per_row) and
    reads the matching ids first (factcheck.db.in_few), never reading the text index, whose postings
    for a common word were 200,000 at 1M claims (17-29 ms, 2.5-6 ms this way); without the state the
    words still read claim_search_idx."""
    article = Article.objects.first()
    Claim.objects.bulk_create([ClaimFactory.build(article=article, status="queued", text=f"Tax rose {i} times.")
                               for i in range(3000)])
    Claim.objects.bulk_create([ClaimFactory.build(article=article, status="in_review", text=t)
                               for t in ("Tax fell.", "Prices fell.")])
    with connection.cursor() as cur:
        cur.execute("ANALYZE claims_claim")
    searched = claim_selectors.search_claims("tax", status="in_review").order_by().values("pk")
    plan = _plan(searched, "enable_seqscan")
    assert "claim_search_idx" not in plan and "claim_status_idx" in plan and "claims_claim_pkey" in plan, plan
    assert "Join" not in plan, plan
    # the matching ids first (an InitPlan), then the rows by key, also in the API's keyset order:
    # never a walk of that order's index testing every claim
    ordered = claim_selectors.search_claims("tax", status="in_review").order_by("article_id", "start", "id")
    plan = _plan(ordered.values("pk")[:2], "enable_seqscan")
    # two InitPlans: the leased claims, then the matching ids (the words tested inside it)
    assert plan.count("InitPlan") == 2 and "Index Cond: (id = ANY ($1))" in plan, plan
    assert "claim_article_pos_idx" not in plan and "claim_search_idx" not in plan, plan
    rare = claim_selectors.search_claims("prices").order_by().values("pk")
    assert "claim_search_idx" in _plan(rare, "enable_seqscan"), _plan(rare, "enable_seqscan")
    expected = (set(claim_selectors.search_claims("tax").values_list("pk", flat=True))
                & set(review_state.filter_state(Claim.objects.all(), "in_review").values_list("pk", flat=True)))
    assert expected and set(searched.values_list("pk", flat=True)) == expected


def test_rating_filter_hashes_the_verdicts_once(rows, reviewer):
    """``?rating=`` (reviewers.selectors.rated_claims): the rating's visible verdicts are read once
    from verdict_rating_idx into a hash that the claims list tests while walking its own order
    (claim_article_pos_idx), never a semi-join probing a verdict per walked claim."""
    rating = Verdict.objects.values_list("rating", flat=True).first()
    assert rating
    qs = rated_claims(Claim.objects.order_by("article_id", "start", "id"), rating, reviewer).values("pk")[:2]
    plan = _plan(qs, "enable_seqscan", "enable_sort", "enable_bitmapscan")
    assert "hashed SubPlan" in plan and "Semi Join" not in plan and "Join" not in plan, plan
    assert "claim_article_pos_idx" in plan and "verdict_rating_idx" in plan, plan
    assert set(qs.values_list("pk", flat=True)) <= set(
        Verdict.objects.filter(rating=rating).values_list("claim_id", flat=True))


def test_search_within_a_small_state_reads_the_partial_text_index(rows):
    """Words within a small review state (submitted, approved, published, dismissed) read the
    partial GIN index of those states (claims 0013), not every posting of the word in the whole
    table; the open states (queued, extracted) and no state still read claim_search_idx. On tables
    this small the planner would read claim_status_idx alone and test each row, so that index is
    dropped for the plan (in a transaction rolled back) and the choice is between the text indexes."""

    def plan(state: str | None) -> str:
        sql, params = claim_selectors.search_claims("tax receipts", status=state).values("pk").query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute("SAVEPOINT plan")
            try:
                cur.execute("DROP INDEX claim_status_idx")
                cur.execute("SET LOCAL enable_seqscan = off")
                cur.execute("EXPLAIN " + sql, params)
                return "\n".join(r[0] for r in cur.fetchall())
            finally:
                cur.execute("ROLLBACK TO SAVEPOINT plan")

    for state in ("submitted", "approved", "published", "dismissed"):
        text = plan(state)
        assert "claim_search_few_idx" in text, (state, text)
        assert "claim_search_idx" not in text.replace("claim_search_few_idx", ""), (state, text)
    for state in ("queued", None):
        text = plan(state)
        assert "claim_search_few_idx" not in text and "claim_search_idx" in text, (state, text)


def test_combined_status_counts_each_read_an_index(rows):
    """The queue's counts in one statement (factcheck.pagination.counts_upto): each status's count
    is still a LIMITed read of an index on status, and the stale leases one of the lease index."""
    with CaptureQueriesContext(connection) as ctx:
        selectors.queue_overview({})
    (sql,) = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN " + sql)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert plan.count("Limit") >= len(QueueItem.Status.values), plan
    assert "Seq Scan" not in plan and ("queue_next_idx" in plan or "queue_lease_idx" in plan), plan


def test_search_candidates_are_one_array_parameter(rows):
    """The search ranks its candidates as ``id = ANY(<one array>)`` (factcheck.db.in_ids), not a
    statement with a placeholder per candidate (psycopg parsed that 1,000-placeholder statement on
    every request), with the same results as ``id IN (...)``."""
    from factcheck.db import in_ids

    ids = list(Claim.objects.values_list("pk", flat=True))
    assert set(Claim.objects.filter(in_ids("pk", ids[:5])).values_list("pk", flat=True)) == set(ids[:5])
    assert not Claim.objects.filter(in_ids("pk", [])).exists()
    sql, params = Claim.objects.filter(in_ids("pk", ids)).values("pk").query.sql_with_params()
    assert "= ANY(" in sql and len(params) == 1, (sql, params)
    with CaptureQueriesContext(connection) as ctx:
        found = claim_selectors.ranked_search("tax")
    assert found.claims and all("= ANY(" in q["sql"] for q in ctx.captured_queries[1:]), ctx.captured_queries


def test_admin_in_review_page_reads_the_partial_index_in_order(client, admin_user):
    """The page's statement, on a desk's proportions (many queued, a few hundred in review, a few held):
    the stored half an ordered scan of claim_in_review_pos_idx stopping after the page (no Sort under
    its LIMIT), never the claims' order walked with the OR as a filter (fails without the arms or the index)."""
    client.force_login(admin_user)
    add_claims(3)
    article = ArticleFactory()
    Claim.objects.bulk_create([ClaimFactory.build(article=article, status=("queued", "extracted")[i % 2], start=i,
                                                  end=i + 1, fingerprint=f"bulk{i}") for i in range(20000)])
    Claim.objects.bulk_create([ClaimFactory.build(article=ArticleFactory(), status="in_review", fingerprint=f"ir{i}")
                               for i in range(400)])
    with connection.cursor() as cur:
        cur.execute("ANALYZE claims_claim, claims_article")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(BASE).status_code == 200
    [listing] = [q["sql"] for q in ctx.captured_queries if "ORDER BY" in q["sql"] and "claims_claim" in q["sql"]
                 and "COUNT(" not in q["sql"]]
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("EXPLAIN " + listing)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "claim_in_review_pos_idx" in plan, plan
    stored = plan.split("claim_in_review_pos_idx")[0].rsplit("Limit", 1)[1]
    assert "Sort" not in stored, plan  # the index gives the order: the scan stops after the page
    scan = ""
    for line in plan.splitlines():  # the OR is tested on rows read by key only, never on an order's walk
        if " on claims_claim" in line:
            scan = line
        elif "Filter:" in line and "'in_review'" in line:
            assert "claims_claim_pkey" in scan, plan
