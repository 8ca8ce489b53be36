"""Writes for articles and claims: ingest, and storing what extraction finds.

Called alike by the web UI, the API, Celery tasks and management commands.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Article, Claim, Source, content_hash
from .signals import article_extracted, claims_ready_for_review

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    article: Article
    created: bool
    # False when the extraction message could not be sent (broker down): the article is stored
    # and the sweeper queues it once the broker is back.
    queued: bool = True
    # An existing article whose extraction had failed or was stuck, queued again by this ingest.
    requeued: bool = False
    # The same text was stored before: what this ingest gave that differs from the stored article
    # (its labels: "date", "source", ...). Not used: the stored article keeps its own.
    ignored: list[str] = field(default_factory=list)


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


#: Pasted text that is HTML: it opens with a tag or doctype and closes a block element somewhere.
_PASTED_HTML = re.compile(r"\s*<(?:!doctype\b|[a-z][a-z0-9]*[\s/>])", re.IGNORECASE)
_HTML_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|ul|ol|article|section|main|body|html|blockquote|td|tr|table)\s*>",
                             re.IGNORECASE)


def article_text(body: str | None, upload=None) -> str:
    """The article text from pasted/sent ``body`` or an uploaded file (web form and API alike).

    The upload is decoded strictly as UTF-8; HTML is reduced to its text with scripts dropped.
    Raises ValidationError by field ("file" or "body") with a message for the person.
    """
    from .extraction.textio import ExtractionInputError, decode_upload, html_to_text

    if upload is not None:
        if (body or "").strip():  # the pasted text would be dropped without a word
            raise ValidationError({"file": "Paste the text or upload a file, not both: remove one of them."})
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": "The file is larger than 10 MB."})
        try:
            body = decode_upload(upload.read())
        except ExtractionInputError as exc:
            raise ValidationError({"file": str(exc)})
        if (upload.name or "").lower().endswith((".html", ".htm")) or body.lstrip()[:1] == "<":
            body = html_to_text(body)
        if not body.strip():
            raise ValidationError({"file": "The file has no article text."})
    elif body and _PASTED_HTML.match(body) and _HTML_BLOCK_END.search(body):
        # HTML copied from a page's source: its tags would be article text (no claim is found in
        # "<p>The governor said ...</p>") and the default title would be "<p>..."; read it as an upload.
        body = html_to_text(body)
    body = body or ""
    if not body.strip():
        raise ValidationError({"body": "Paste the article text or upload a file."})
    if len(body) > settings.ARTICLE_MAX_CHARS:
        raise ValidationError({"body": f"The article is longer than {settings.ARTICLE_MAX_CHARS:,} characters."})
    return body


def default_title(body: str) -> str:
    return body.strip().splitlines()[0][:200]


#: The earliest publication date taken. Extraction counts "last year", "on Monday" from the date: a year
#: 0001 or 9999 article made it compute year 0 or 10000 (ValueError: a 500 on POST /api/articles/).
PUBLISHED_MIN = dt.date(1800, 1, 1)


def published_error(published: dt.date | None) -> str | None:
    """Why ``published`` is not a plausible publication date, or None: from 1800 to tomorrow (a desk ahead
    of the server's time zone); a date further ahead is a typo, and dates are resolved from it."""
    if published is None:
        return None
    latest = timezone.localdate() + dt.timedelta(days=1)
    if published < PUBLISHED_MIN:
        return f"A publication date before {PUBLISHED_MIN:%Y} is not plausible; check the year."
    if published > latest:
        return f"The publication date is in the future (after {latest:%Y-%m-%d}); check the year."
    return None


def validate_article_input(title: str, body: str, url: str = "", published: dt.date | None = None) -> None:
    """Raise ValidationError (by field) for input we will not store."""
    errors: dict[str, str] = {}
    if (why := published_error(published)) is not None:
        errors["published"] = why
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
    validate_article_input(title, body, url, published)
    digest = content_hash(body)
    existing = Article.objects.select_related("source").filter(content_hash=digest).first()
    if existing is not None:
        ignored = _differing(existing, title=title if title != default_title(body) else "", source=source, url=url,
                             author=author, published=published)
        if extract and is_stuck_or_failed(existing):
            # Sending the same text again is how people retry: queue the stuck/failed article again.
            queued = request_extraction(existing)
            existing.refresh_from_db()
            return IngestResult(existing, False, queued, requeued=True, ignored=ignored)
        return IngestResult(existing, False, ignored=ignored)
    outcome: dict[str, bool] = {}
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
                from factcheck.resilience import send_on_commit

                from .tasks import extract_article

                outcome = send_on_commit(extract_article, article.pk)
    except IntegrityError:
        # Lost a race with an identical concurrent ingest: the other one stored it.
        return IngestResult(Article.objects.get(content_hash=digest), False)
    # Outside any transaction the message has been sent (or not) by now; inside one, it goes at commit.
    return IngestResult(article, True, outcome.get("queued", True))


def _differing(article: Article, *, title: str, source: str, url: str, author: str,
               published: dt.date | None) -> list[str]:
    """What an ingest of an article's text again gave that differs from the stored article (only what
    it gave: an empty field, or the title taken from the text's first line, is no difference), as words
    for the person: "date", "source", ..."""
    given = {"title": (title or "").strip()[:500], "source": (source or "").strip()[:200], "URL": url or "",
             "author": (author or "").strip()[:300], "date": published}
    stored = {"title": article.title, "source": article.source.name if article.source else "", "URL": article.url,
              "author": article.author, "date": article.published}
    return [name for name, value in given.items() if value and value != stored[name]]


def is_stuck_or_failed(article: Article, now: dt.datetime | None = None) -> bool:
    """Extraction failed, or has been waiting/running for longer than STUCK_AFTER_SECONDS."""
    if article.status == Article.Status.FAILED:
        return True
    if article.status in (Article.Status.PENDING, Article.Status.EXTRACTING):
        cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.STUCK_AFTER_SECONDS)
        return article.updated_at < cutoff
    return False


def can_request_extraction(user) -> bool:
    """Editors (and admins) may have an article extracted again."""
    return bool(user and user.has_perm("claims.change_article"))


def request_extraction(article: Article) -> bool:
    """Queue extraction of ``article`` again (the editors' "re-extract", a repeated ingest of a stuck or
    failed article). Claims are matched by fingerprint, so reviews stay attached. Returns whether the
    message was sent; if not (broker down) the article is left ``pending`` for the sweeper."""
    from factcheck.resilience import send_on_commit

    from .tasks import extract_article

    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PENDING, extraction_error="", extraction_attempts=0, updated_at=timezone.now()
        )
        outcome = send_on_commit(extract_article, article.pk)
    return outcome.get("queued", True)


def _has_review_activity(claim: Claim) -> bool:
    return (bool(claim.corrected_fields) or claim.status != Claim.Status.EXTRACTED or hasattr(claim, "queue_item")
            or claim.assignments.exists())


def run_extraction(article_id: int) -> ExtractionStats:
    """(Re-)extract an article's claims. Idempotent.

    Claims are matched to earlier ones by fingerprint (nearest span first) and updated in
    place, so ids, queue items and verdicts stay attached. A claim no longer found is
    deleted only if nobody has touched it; otherwise it is kept and flagged
    ``span_missing`` when its sentence is gone from the body, for editors to look at.
    """
    article = Article.objects.select_related("source").get(pk=article_id)
    found, language = _extract(article)
    stats = ExtractionStats(article_id=article_id)
    with transaction.atomic():
        # One extraction per article at a time: the article row is the lock. A second run of the
        # same article (a redelivered message, a sweep racing a slow worker) waits here, then sees
        # the claims the first one stored and matches them by fingerprint instead of adding copies.
        if not Article.objects.select_for_update().filter(pk=article_id).exists():
            return stats  # deleted meanwhile
        existing = list(Claim.objects.select_for_update().filter(article_id=article_id))
        to_create, to_update, leftovers = _match_claims(article_id, existing, found)
        _retire_leftovers(article, leftovers, stats)
        now = timezone.now()
        _store_claims(to_create, to_update, now, stats)
        _finish_extraction(article_id, language, now, stats)
    return stats


def _extract(article: Article) -> tuple[list, str]:
    """Mark the article as extracting (one more attempt) and run the extractor on it: the claims it
    finds and the body's language. A failure is recorded on the article and raised."""
    from .extraction import detect_language, extract_claims

    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.EXTRACTING, extraction_error="", extraction_attempts=F("extraction_attempts") + 1,
        updated_at=timezone.now(),
    )
    try:
        found = extract_claims(
            article.body, published=article.published, outlet=article.source.name if article.source else None,
            title=article.title,
        )
        language = detect_language(article.body)
    except Exception as exc:
        log.exception("extraction failed for article %s", article.pk)
        mark_extraction_failed(article.pk, str(exc))
        raise
    return found, language


#: The claim fields an extraction writes (``_claim_values``); a re-extraction updates them in place.
EXTRACTED_FIELDS = ("start", "end", "sentence_start", "sentence_end", "text", "sentence", "kind", "speaker",
                    "quantities", "dates", "score", "reasons", "fingerprint", "extractor_version", "span_missing")


def _claim_values(ec, extractor_version: str) -> dict:
    """The EXTRACTED_FIELDS of a claim the extractor found."""
    return dict(
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
        extractor_version=extractor_version,
        span_missing=False,
    )


def _match_claims(article_id: int, existing: list[Claim], found: list) -> tuple[list[Claim], list[Claim], list[Claim]]:
    """Match what the extractor found to the stored claims by fingerprint, nearest span first: a
    match is updated in place but for the fields a person corrected (``protected_fields``) and, when
    its verdict is past a draft, the words, span, speaker and kind it was judged on (``is_judged``);
    the rest are new. Returns (to create, to update, stored claims no longer found)."""
    from .corrections import JUDGED_FIELDS, is_judged, protected_fields
    from .extraction import EXTRACTOR_VERSION

    by_fp: dict[str, list[Claim]] = defaultdict(list)
    for claim in existing:
        by_fp[claim.fingerprint].append(claim)
    to_create: list[Claim] = []
    to_update: list[Claim] = []
    for ec in found:
        values = _claim_values(ec, EXTRACTOR_VERSION)
        candidates = by_fp.get(ec.fingerprint)
        if candidates:
            candidates.sort(key=lambda c: abs(c.start - ec.start))
            claim = candidates.pop(0)
            keep = protected_fields(claim)  # a human correction is never overwritten
            if is_judged(claim):  # nor what a submitted, approved or published verdict judged
                keep |= JUDGED_FIELDS
            for key, value in values.items():
                if key not in keep:
                    setattr(claim, key, value)
            to_update.append(claim)
        else:
            to_create.append(Claim(article_id=article_id, **values))
    leftovers = [c for cs in by_fp.values() for c in cs]
    return to_create, to_update, leftovers


def _retire_leftovers(article: Article, leftovers: list[Claim], stats: ExtractionStats) -> None:
    """Stored claims the extractor no longer finds: deleted if nobody has touched them; otherwise
    kept, and flagged ``span_missing`` when their sentence is gone from the body."""
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


def _store_claims(to_create: list[Claim], to_update: list[Claim], now: dt.datetime, stats: ExtractionStats) -> None:
    """Write the matched and the new claims in batches; count them and keep their ids in ``stats``."""
    for claim in to_update:
        claim.updated_at = now
    if to_update:
        Claim.objects.bulk_update(to_update, [*EXTRACTED_FIELDS, "updated_at"], batch_size=500)
    created = Claim.objects.bulk_create(to_create, batch_size=500)
    stats.created, stats.updated = len(created), len(to_update)
    stats.claim_ids = [c.pk for c in to_update] + [c.pk for c in created]


def _finish_extraction(article_id: int, language: str, now: dt.datetime, stats: ExtractionStats) -> None:
    """Mark the article extracted, announce its claims (claims.signals: the review side queues the top
    ones and says how many, ``stats.queued``) and link them to other articles' claims after commit."""
    from .extraction import EXTRACTOR_VERSION

    Article.objects.filter(pk=article_id).update(
        status=Article.Status.EXTRACTED,
        language=language,
        extractor_version=EXTRACTOR_VERSION,
        extracted_at=now,
        extraction_error="",
        extraction_attempts=0,
        updated_at=now,
    )
    # Inside the transaction: a receiver's writes (e.g. a webhook event) commit with the claims.
    article_extracted.send(sender=Article, article_id=article_id, claim_ids=list(stats.claim_ids))
    # The review side queues the top claims (reviewers.receivers); each receiver says how many.
    stats.queued = sum(n for _r, n in claims_ready_for_review.send(sender=Article, claim_ids=list(stats.claim_ids))
                       if isinstance(n, int))
    if stats.claim_ids:
        from factcheck.resilience import send_on_commit

        from .tasks import link_claims

        send_on_commit(link_claims, stats.claim_ids)  # not sent: the sweeper links them later


def mark_extraction_failed(article_id: int, reason: str) -> None:
    """Record why extraction failed; the sweeper tries again while attempts are left."""
    Article.objects.filter(pk=article_id).exclude(status=Article.Status.EXTRACTED).update(
        status=Article.Status.FAILED, extraction_error=reason[:2000], updated_at=timezone.now()
    )
