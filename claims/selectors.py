"""Reads for articles and claims."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Article, Claim


def article_list() -> QuerySet[Article]:
    return (
        Article.objects.select_related("source")
        .defer("body")
        .annotate(
            claim_count=Count("claims", distinct=True),
            queued_count=Count("claims", filter=Q(claims__status=Claim.Status.QUEUED), distinct=True),
        )
        .order_by("-published", "-created_at")
    )


def article_claims(article: Article) -> QuerySet[Claim]:
    return article.claims.select_related("verdict").order_by("start")
