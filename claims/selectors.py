"""Reads for articles and claims."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet

from .models import Article, Claim

#: The article list's order; index article_list_order_idx matches it (NULL dates first).
ARTICLE_ORDER = ("-published", "-created_at", "-id")


def article_list() -> QuerySet[Article]:
    """Articles for the list, without their bodies; page with factcheck.pagination and add the
    counts with ``with_claim_counts`` for the rows shown."""
    return Article.objects.select_related("source").defer("body").order_by(*ARTICLE_ORDER)


def with_claim_counts(articles: Sequence[Article]) -> list[Article]:
    """Set ``claim_count`` and ``queued_count`` on ``articles`` with one grouped query over their
    claims only (index claim_article_pos_idx), instead of joining every claim before the limit."""
    articles = list(articles)
    ids = [a.pk for a in articles]
    counts = {row["article_id"]: row for row in (
        Claim.objects.filter(article_id__in=ids).order_by().values("article_id")
        .annotate(n=Count("id"), queued=Count("id", filter=Q(status=Claim.Status.QUEUED)))
    )} if ids else {}
    for a in articles:
        row = counts.get(a.pk, {})
        a.claim_count = row.get("n", 0)
        a.queued_count = row.get("queued", 0)
    return articles


def article_claims(article: Article) -> QuerySet[Claim]:
    return article.claims.select_related("verdict").order_by("start")
