"""Writes for articles and claims: ingest, and storing what extraction finds.

Called alike by the web UI, the API, Celery tasks and management commands.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Article, Claim, Source, content_hash

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    article: Article
    created: bool


@dataclass
class ExtractionStats:
    article_id: int
    created: int = 0
    updated: int = 0
    removed: int = 0
    flagged: int = 0
    queued: int = 0
    claim_ids: list[int] = field(default_factory=list)


_url_validator = URLValidator(schemes=["http", "https"])


def get_or_create_source(name: str, homepage: str = "") -> Source | None:
    name = (name or "").strip()
    if not name:
        return None
    source, _ = Source.objects.get_or_create(name=name[:200], defaults={"homepage": homepage})
    return source


MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def article_text(body: str | None, upload=None) -> str:
    """The article text from pasted/sent ``body`` or an uploaded file (web form and API alike).

    The upload is decoded strictly as UTF-8; HTML is reduced to its text with scripts dropped.
    Raises ValidationError by field ("file" or "body") with a message for the person.
    """
    from .extraction.textio import ExtractionInputError, decode_upload, html_to_text

    if upload is not None:
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": "The file is larger than 10 MB."})
        try:
            body = decode_upload(upload.read())
        except ExtractionInputError as exc:
            raise ValidationError({"file": str(exc)})
        if (upload.name or "").lower().endswith((".html", ".htm")) or body.lstrip()[:1] == "<":
            body = html_to_text(body)
    body = body or ""
    if not body.strip():
        raise ValidationError({"body": "Paste the article text or upload a file."})
    if len(body) > settings.ARTICLE_MAX_CHARS:
        raise ValidationError({"body": f"The article is longer than {settings.ARTICLE_MAX_CHARS:,} characters."})
    return body


def default_title(body: str) -> str:
    return body.strip().splitlines()[0][:200]


def validate_article_input(title: str, body: str, url: str = "") -> None:
    """Raise ValidationError (by field) for input we will not store."""
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = "A title is required."
    elif len(title) > 500:
        errors["title"] = "The title is longer than 500 characters."
    if body is None or not body.strip():
        errors["body"] = "The article text is empty."
    elif len(body) > settings.ARTICLE_MAX_CHARS:
        errors["body"] = f"The article is longer than {settings.ARTICLE_MAX_CHARS:,} characters."
    elif "\x00" in body:
        errors["body"] = "The article text contains NUL bytes; is this a binary file?"
    if url:
        try:
            _url_validator(url)
        except ValidationError:
            errors["url"] = "Enter a valid http or https URL."
    if errors:
        raise ValidationError(errors)


def ingest_article(
    *,
    title: str,
    body: str,
    source: str = "",
    url: str = "",
    author: str = "",
    published: dt.date | None = None,
    user=None,
    extract: bool = True,
) -> IngestResult:
    """Store an article once (by content hash) and queue its extraction.

    Returns the existing article, unchanged, when the same text was ingested before.
    """
    validate_article_input(title, body, url)
    digest = content_hash(body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return IngestResult(existing, False)
    try:
        with transaction.atomic():
            article = Article(
                title=title.strip()[:500],
                body=body,
                source=get_or_create_source(source),
                url=url,
                author=(author or "").strip()[:300],
                published=published,
                created_by=user if getattr(user, "is_authenticated", False) else None,
            )
            article.save()
            if extract:
                from .tasks import extract_article

                extract_article.delay_on_commit(article.pk)
    except IntegrityError:
        # Lost a race with an identical concurrent ingest: the other one stored it.
        return IngestResult(Article.objects.get(content_hash=digest), False)
    return IngestResult(article, True)


def _has_review_activity(claim: Claim) -> bool:
    return claim.status != Claim.Status.EXTRACTED or hasattr(claim, "queue_item") or claim.assignments.exists()


def run_extraction(article_id: int) -> ExtractionStats:
    """(Re-)extract an article's claims. Idempotent.

    Claims are matched to earlier ones by fingerprint (nearest span first) and updated in
    place, so ids, queue items and verdicts stay attached. A claim no longer found is
    deleted only if nobody has touched it; otherwise it is kept and flagged
    ``span_missing`` when its sentence is gone from the body, for editors to look at.
    """
    from .extraction import EXTRACTOR_VERSION, detect_language, extract_claims

    article = Article.objects.select_related("source").get(pk=article_id)
    Article.objects.filter(pk=article_id).update(status=Article.Status.EXTRACTING, extraction_error="")
    try:
        found = extract_claims(
            article.body, published=article.published, outlet=article.source.name if article.source else None,
            title=article.title,
        )
        language = detect_language(article.body)
    except Exception as exc:
        log.exception("extraction failed for article %s", article_id)
        Article.objects.filter(pk=article_id).update(status=Article.Status.FAILED, extraction_error=str(exc)[:2000])
        raise

    stats = ExtractionStats(article_id=article_id)
    with transaction.atomic():
        existing = list(Claim.objects.select_for_update().filter(article_id=article_id))
        by_fp: dict[str, list[Claim]] = defaultdict(list)
        for claim in existing:
            by_fp[claim.fingerprint].append(claim)
        to_create: list[Claim] = []
        to_update: list[Claim] = []
        for ec in found:
            values = dict(
                start=ec.start,
                end=ec.end,
                sentence_start=ec.sentence_start,
                sentence_end=ec.sentence_end,
                text=ec.text,
                sentence=ec.sentence,
                kind=ec.kind,
                speaker=(ec.speaker or "")[:300],
                quantities=ec.quantities,
                dates=ec.dates,
                score=float(ec.score),
                reasons=ec.reasons,
                fingerprint=ec.fingerprint,
                extractor_version=EXTRACTOR_VERSION,
                span_missing=False,
            )
            candidates = by_fp.get(ec.fingerprint)
            if candidates:
                candidates.sort(key=lambda c: abs(c.start - ec.start))
                claim = candidates.pop(0)
                for key, value in values.items():
                    setattr(claim, key, value)
                to_update.append(claim)
            else:
                to_create.append(Claim(article_id=article_id, **values))
        leftovers = [c for cs in by_fp.values() for c in cs]
        for claim in leftovers:
            if _has_review_activity(claim):
                if article.body[claim.start : claim.end] != claim.sentence[
                    claim.start - claim.sentence_start : claim.end - claim.sentence_start
                ] and not claim.span_missing:
                    claim.span_missing = True
                    claim.save(update_fields=["span_missing", "updated_at"])
                    stats.flagged += 1
            else:
                claim.delete()
                stats.removed += 1
        now = timezone.now()
        for claim in to_update:
            claim.updated_at = now
        if to_update:
            Claim.objects.bulk_update(to_update, list(values.keys()) + ["updated_at"], batch_size=500)
        created = Claim.objects.bulk_create(to_create, batch_size=500)
        stats.created, stats.updated = len(created), len(to_update)
        stats.claim_ids = [c.pk for c in to_update] + [c.pk for c in created]
        Article.objects.filter(pk=article_id).update(
            status=Article.Status.EXTRACTED,
            language=language,
            extractor_version=EXTRACTOR_VERSION,
            extracted_at=now,
        )
        from reviewers.services import enqueue_top_claims

        stats.queued = enqueue_top_claims(stats.claim_ids)
        if stats.claim_ids:
            from .tasks import link_claims

            link_claims.delay_on_commit(stats.claim_ids)
    return stats
