"""The admin changelists of the big tables (claims, articles, queue items, verdicts, links,
assignments, evidence): no unbounded COUNT(*) per load, related rows joined (queries do not grow
with the rows shown), and the count they show is exact up to the paginator's limit, then "10,000+"
(filtered) or the planner's estimate ("about", the whole table, PostgreSQL). Runs on SQLite and
PostgreSQL."""

from __future__ import annotations

import itertools
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from factcheck.pagination import BoundedCountPaginator
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceLinkFactory,
    QueueItemFactory,
    decided_verdict,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "/admin/claims/claim/",
    "/admin/claims/article/",
    "/admin/claims/claimlink/",
    "/admin/reviewers/queueitem/",
    "/admin/reviewers/verdict/",
    "/admin/reviewers/assignment/",
    "/admin/reviewers/evidencelink/",
]


SEQ = itertools.count()


def add_rows(n: int, editor) -> None:
    for _ in range(n):
        i = next(SEQ)
        article = ArticleFactory(body=f"Tax receipts rose by {i},000 euros, the minister said.")
        claim = ClaimFactory(article=article, kind="causal")
        QueueItemFactory(claim=claim, assigned_to=editor if i % 2 else None)
        verdict = decided_verdict("approved", claim=ClaimFactory(article=article, start=4, end=20), editor=editor)
        EvidenceLinkFactory(verdict=verdict)
        ClaimLinkFactory()


def load(client, path: str) -> tuple[int, list[str], str]:
    client.get(path)  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(path)
    assert resp.status_code == 200, (path, resp.status_code)
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], resp.content.decode()


def test_changelists_count_bounded_and_flat(client, admin_user, editor):
    client.force_login(admin_user)
    add_rows(3, editor)
    few = {p: load(client, p)[0] for p in CHANGELISTS}
    add_rows(27, editor)
    many = {}
    for path in CHANGELISTS:
        n, sqls, _html = load(client, path)
        many[path] = n
        for sql in sqls:
            if re.search(r"\bCOUNT\(", sql, re.I):
                assert re.search(r"\bLIMIT\b", sql, re.I), f"{path}: unbounded count\n{sql}"
    grew = {p: (few[p], many[p]) for p in few if few[p] != many[p]}
    assert not grew, f"admin queries grew with rows (3 -> 30): {grew}"


def test_count_label_exact_then_bounded(client, admin_user, editor, monkeypatch):
    client.force_login(admin_user)
    add_rows(12, editor)
    _n, _sqls, html = load(client, "/admin/claims/claim/")
    assert "48 claims" in html  # under the limit: exact (12 x 4 claims)
    monkeypatch.setattr(BoundedCountPaginator, "limit", 10)
    monkeypatch.setattr("claims.admin.ClaimAdmin.list_per_page", 4)
    _n, _sqls, html = load(client, "/admin/claims/claim/?kind__exact=causal")
    assert "10+ claims" in html  # filtered, past the limit
    assert "p=3" in html and "p=4" not in html  # pages reach the limit only (10 rows, 4 a page)
    assert client.get("/admin/claims/claim/?kind__exact=causal&p=3").status_code == 200
    assert client.get("/admin/claims/claim/?kind__exact=causal&p=4").status_code == 302  # ?e=1, as for any bad page
    _n, _sqls, html = load(client, "/admin/claims/claim/?q=Tax")
    assert "10+ results" in html
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE claims_claim")
        _n, _sqls, html = load(client, "/admin/claims/claim/")
        assert re.search(r"about [\d,]+ claims", html), html[html.find('class="paginator"'):][:300]
        assert "p=3" in html and "p=4" not in html
    else:
        _n, _sqls, html = load(client, "/admin/claims/claim/")
        assert "10+ claims" in html


def test_a_filtered_list_counts_a_few_pages_past_the_one_asked_for(client, admin_user, editor, monkeypatch):
    """A filtered or searched changelist counts up to ``pages_ahead`` pages past the page asked for, not to
    ``limit``: the count grows as the user pages on; the whole table keeps its count and estimate."""
    client.force_login(admin_user)
    add_rows(12, editor)  # 48 claims, none with a missing span
    monkeypatch.setattr(BoundedCountPaginator, "pages_ahead", 2)
    monkeypatch.setattr("claims.admin.ClaimAdmin.list_per_page", 4)
    _n, sqls, html = load(client, "/admin/claims/claim/?span_missing__exact=0")
    assert "12+ claims" in html and "p=3" in html and "p=4" not in html
    assert any(re.search(r"\bCOUNT\(.*LIMIT 13\b", sql, re.I | re.S) for sql in sqls), sqls
    _n, _sqls, html = load(client, "/admin/claims/claim/?span_missing__exact=0&p=3")
    assert "20+ claims" in html and "p=5" in html and "p=6" not in html
    _n, _sqls, html = load(client, "/admin/claims/claim/?span_missing__exact=0&p=12")
    assert "48 claims" in html  # the end reached: exact
    _n, _sqls, html = load(client, "/admin/claims/claim/")
    assert "48 claims" in html  # the whole table: counted to the limit as before


def test_admin_claim_search_uses_the_claim_search(client, admin_user):
    """The claims changelist searches through claims.selectors.search_claims (the stored vector on
    PostgreSQL), not LIKE over every claim; it still finds words in the text or the speaker."""
    ArticleFactory(body=f"Zebra crossings doubled in {next(SEQ)} towns.")
    hit = ClaimFactory(article=ArticleFactory(body=f"Zebra crossings doubled in {next(SEQ)} cities."))
    miss = ClaimFactory(article=ArticleFactory(body=f"Bus lanes halved in {next(SEQ)} towns."))
    spoken = ClaimFactory(article=ArticleFactory(body=f"Rents fell {next(SEQ)} percent."), speaker="Ingrid Zebrowski")
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/admin/claims/claim/", {"q": "zebra"}).content.decode()
    sqls = [q["sql"] for q in ctx.captured_queries]  # before the next request resets the log
    assert f"/admin/claims/claim/{hit.pk}/change/" in html
    assert f"/admin/claims/claim/{miss.pk}/change/" not in html
    html = client.get("/admin/claims/claim/", {"q": "Zebrowski"}).content.decode()
    assert f"/admin/claims/claim/{spoken.pk}/change/" in html and f"/admin/claims/claim/{hit.pk}/change/" not in html
    if connection.vendor == "postgresql":
        assert not [q for q in sqls if "LIKE" in q.upper() and "claims_claim" in q], sqls
        assert any("@@" in q for q in sqls), sqls


def test_admin_article_search_reads_the_trigram_indexes(client, admin_user):
    """The articles changelist's search (title, url, author: a substring, as icontains) finds each
    field's substrings; on PostgreSQL its statements read the trigram indexes (claims 0011) instead
    of every article (0.4 s per search at 100k articles)."""
    n = next(SEQ)
    titled = ArticleFactory(title=f"Quokka census {n} revised", body=f"Counts rose {n}.")
    located = ArticleFactory(url=f"https://papers.example.net/wombatry/{n}", body=f"Other {n}.")
    written = ArticleFactory(author="Ilse Quokkastra", body=f"More {n}.")
    other = ArticleFactory(title=f"Bus lanes {n}", body=f"Nothing {n}.")
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/admin/claims/article/", {"q": "quokka"}).content.decode()
    sqls = [q["sql"] for q in ctx.captured_queries if "claims_article" in q["sql"] and "LIKE" in q["sql"].upper()]
    for article, shown in ((titled, True), (written, True), (located, False), (other, False)):
        assert (f"/admin/claims/article/{article.pk}/change/" in html) == shown, article
    html = client.get("/admin/claims/article/", {"q": "WOMBATRY"}).content.decode()
    assert f"/admin/claims/article/{located.pk}/change/" in html
    assert sqls
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cur:
            # a table this small is read whole, or in the list order's index, and filtered; with
            # both off, the search is answered from indexes only if indexes match its LIKEs (no
            # ANALYZE here: its row estimate outlives the test's rollback and moves other plans)
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("SET LOCAL enable_indexscan = off")
            for sql in sqls:
                cur.execute("EXPLAIN " + sql)
                plan = "\n".join(r[0] for r in cur.fetchall())
                for column in ("title", "url", "author"):
                    assert f"article_{column}_trgm_idx" in plan, plan


def test_row_checkboxes_are_the_markup_django_renders(editor):
    """factcheck.admin_lists.PlainActionCheckbox writes each row's checkbox as HTML instead of
    rendering a widget per row: the same bytes as Django's widget, on every big changelist."""
    from django.contrib import admin
    from django.contrib.admin.sites import site
    from django.utils import timezone

    from factcheck.admin_lists import PlainActionCheckbox
    from reviewers.models import Assignment, QueueItem

    add_rows(1, editor)
    item = QueueItem.objects.first()
    Assignment.objects.create(queue_item=item, claim=item.claim, reviewer=editor, lease_expires_at=timezone.now())
    checked = 0
    for model, model_admin in site._registry.items():
        if not isinstance(model_admin, PlainActionCheckbox):
            continue
        obj = model._default_manager.first()
        assert obj is not None, model
        ours = model_admin.action_checkbox(obj)
        assert ours == admin.ModelAdmin.action_checkbox(model_admin, obj), model
        assert f'value="{obj.pk}"' in ours
        checked += 1
    assert checked == len(CHANGELISTS)


CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


@pytest.mark.parametrize("tz", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_fast_rows_are_the_rows_django_writes(client, admin_user, editor, monkeypatch, settings, tz):
    """factcheck.admin_lists.FastChangelist writes each changelist row as one string instead of
    Django's items_for_result: every FastChangelist page, with the column types it uses (the
    checkbox, the linked first column, foreign keys set and empty, choices, booleans, datetimes set
    and empty, numbers, admin methods, odd text), filtered (the preserved filters in each link) and
    sorted, is byte for byte the page Django's own row templates write."""
    from django.contrib.admin.sites import site

    from claims.models import Article
    from factcheck.admin_lists import FastChangelist

    settings.TIME_ZONE = tz
    add_rows(3, editor)
    odd = ArticleFactory(title='  <b>"Tom & Jerry"</b> \u00e9t\u00e9 ', author="", published=None,
                         body=f"Odd <tag> & {next(SEQ)} rows.")
    ClaimFactory(article=odd, speaker="O'Brien <script>", kind="causal", text="x & y < z " * 20)
    assert Article.objects.filter(published=None).exists()
    client.force_login(admin_user)
    admins = [(m, a) for m, a in site._registry.items() if isinstance(a, FastChangelist)]
    assert len(admins) == len(CHANGELISTS)
    pages = 0
    for model, model_admin in admins:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        filtered = [f.parameter_name if hasattr(f, "parameter_name") else f"{f}__exact"
                    for f in model_admin.list_filter if not isinstance(f, str) or "__" not in f]
        queries = ["", "?o=-2.3", "?o=4"]
        if filtered:
            first = filtered[0]
            value = {"status": "queued"}.get(first, "queued")
            queries.append(f"?{first}={value}&o=2")
        for query in queries:
            ours = client.get(base + query)
            with monkeypatch.context() as m:
                m.setattr(type(model_admin), "change_list_template", None)
                theirs = client.get(base + query)
            assert ours.status_code == theirs.status_code == 200, (base, query)
            a, b = (CSRF.sub(r"\1\2", r.content.decode()) for r in (ours, theirs))
            assert 'id="result_list"' in a or "0 " in a, (base, query)
            assert a == b, (base, query)
            pages += 1
    assert pages >= 4 * len(CHANGELISTS) - 2


def test_claims_count_leaves_out_the_review_state(client, admin_user, editor):
    """The claims changelist computes each shown claim's review state (a join of its queue item)
    for the rows of the page only (ClaimAdmin.changelist_rows_queryset, factcheck.pagination.count_as):
    the bounded count reads the claims alone, and the "in review" filter still counts the held
    claims (stored queued, queue item assigned) beside the stored in_review ones."""
    from claims.models import Claim
    from reviewers.models import QueueItem

    add_rows(4, editor)
    items = list(QueueItem.objects.order_by("pk")[:3])
    Claim.objects.filter(pk__in=[i.claim_id for i in items]).update(status="queued")
    QueueItem.objects.filter(pk__in=[i.pk for i in items[:2]]).update(status="assigned")  # held
    Claim.objects.filter(pk=items[2].claim_id).update(status="in_review")  # stored
    held = Claim.objects.filter(status="queued", queue_item__status="assigned").count()
    stored = Claim.objects.filter(status="in_review").count()
    assert held and stored
    client.force_login(admin_user)
    _n, sqls, html = load(client, "/admin/claims/claim/?status=in_review")
    counts = [q for q in sqls if re.search(r"\bCOUNT\(", q, re.I) and "claims_claim" in q]
    assert counts and not [q for q in counts if " JOIN " in q.upper()], counts  # no join of the queue items
    assert f"{held + stored} claims" in html or f"{held + stored} claim" in html
    assert html.count('class="action-select"') == held + stored
    assert "In review" in html
