"""What the owning apps announce (their Django signals), turned into webhook events and index work.

claims and reviewers send their signals inside the transaction of the change; the receivers
here record the event in that same transaction (it exists if and only if the change committed)
and queue the sending for after the commit. Payloads carry ids and the public facts of the
object, with the API URL (and the public page, when there is one) to read the rest.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.urls import reverse

from .models import EventType


def _abs(path: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def api_url(name: str, pk: int) -> str:
    return _abs(reverse(name, args=[pk]))


def public_verdict_url(verdict: Any) -> str | None:
    """The verdict's public page (``Verdict.public_url`` where the publishing app provides it), else None."""
    return getattr(verdict, "public_url", None) or None


def verdict_data(verdict_id: int) -> dict | None:
    from django.conf import settings as s

    from reviewers.models import Verdict

    verdict = Verdict.objects.select_related("claim", "claim__article").filter(pk=verdict_id).first()
    if verdict is None:
        return None
    labels = {slug: label for slug, label, _ in s.VERDICT_SCALE}
    claim = verdict.claim
    return {
        "verdict": {
            "id": verdict.pk, "rating": verdict.rating, "rating_label": labels.get(verdict.rating, verdict.rating),
            "published_at": verdict.published_at, "retracted_at": verdict.retracted_at, "version": verdict.version,
            "api_url": api_url("api-verdict-detail", verdict.pk), "public_url": public_verdict_url(verdict),
        },
        "claim": {"id": claim.pk, "text": claim.text, "speaker": claim.speaker, "kind": claim.kind,
                  "api_url": api_url("api-claim-detail", claim.pk)},
        "article": {"id": claim.article_id, "title": claim.article.title, "url": claim.article.url},
    }


def on_article_extracted(sender: Any, article_id: int, claim_ids: list[int] | None = None, **kw: Any) -> None:
    from claims.models import Article

    from .webhooks import emit, subscribers

    if not subscribers(EventType.ARTICLE_EXTRACTED):
        return
    article = Article.objects.filter(pk=article_id).only("id", "title", "url", "published").first()
    if article is None:
        return
    emit(EventType.ARTICLE_EXTRACTED, {
        "article": {"id": article.pk, "title": article.title, "url": article.url, "published": article.published,
                    "api_url": api_url("api-article-detail", article.pk)},
        "claim_ids": sorted(claim_ids or []),
    })


def on_claim_queued(sender: Any, claim_ids: list[int], **kw: Any) -> None:
    """One event per claim (nothing is read when nobody subscribed)."""
    from claims.models import Claim

    from .webhooks import emit_many, subscribers

    endpoints = subscribers(EventType.CLAIM_QUEUED)
    if not endpoints:
        return
    claims = Claim.objects.filter(pk__in=list(claim_ids)).only("id", "text", "article_id", "score", "kind")
    emit_many(EventType.CLAIM_QUEUED, [{"claim": {
        "id": c.pk, "text": c.text, "article_id": c.article_id, "kind": c.kind, "score": c.score,
        "api_url": api_url("api-claim-detail", c.pk)}} for c in claims.order_by("pk")], endpoints)


def on_verdict_published(sender: Any, verdict_id: int, **kw: Any) -> None:
    from django.db import transaction

    from .tasks import index_claim_embedding
    from .webhooks import emit

    data = verdict_data(verdict_id)
    if data is None:
        return
    emit(EventType.VERDICT_PUBLISHED, data)
    # The lookup's index; robust: a failure is logged, never an error of the committed publication.
    transaction.on_commit(functools.partial(index_claim_embedding.delay, data["claim"]["id"]), robust=True)


def on_verdict_corrected(sender: Any, verdict_id: int, correction: dict | None = None, **kw: Any) -> None:
    from django.db import transaction

    from .tasks import index_claim_embedding
    from .webhooks import emit

    data = verdict_data(verdict_id)
    if data is None:
        return
    if correction:
        data["correction"] = correction
    emit(EventType.VERDICT_CORRECTED, data)
    transaction.on_commit(functools.partial(index_claim_embedding.delay, data["claim"]["id"]), robust=True)


def on_semantic_candidates(sender: Any, claims: list[tuple[int, str]], **kw: Any) -> dict:
    """The linking's semantic neighbours of new claims among all claims, from the embedding index;
    the new claims' own vectors are written to it on the way (the linking runs in Celery's
    ``claims.tasks.link_claims`` after extraction: ids in, idempotent, retried)."""
    from .lookup import semantic_neighbours

    return semantic_neighbours(claims)


def connect() -> None:
    """Called from IntegrationsConfig.ready()."""
    from claims import signals as claim_signals
    from reviewers import signals as review_signals

    claim_signals.article_extracted.connect(on_article_extracted, dispatch_uid="integrations.article_extracted")
    claim_signals.semantic_candidates.connect(on_semantic_candidates, dispatch_uid="integrations.semantic_candidates")
    review_signals.claim_queued.connect(on_claim_queued, dispatch_uid="integrations.claim_queued")
    review_signals.verdict_published.connect(on_verdict_published, dispatch_uid="integrations.verdict_published")
    review_signals.verdict_corrected.connect(on_verdict_corrected, dispatch_uid="integrations.verdict_corrected")
