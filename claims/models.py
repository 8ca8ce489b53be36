"""Articles as ingested and the checkable claims extraction finds in them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from simple_history.models import HistoricalRecords

from factcheck.choices import ChoiceLabels


def content_hash(body: str) -> str:
    """Identity of an article body: the same text (modulo surrounding and repeated
    whitespace) is the same article, whatever title or URL it came with."""
    normalised = " ".join(body.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class Source(models.Model):
    """A news outlet."""

    name = models.CharField(max_length=200, unique=True)
    homepage = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for extraction"
        EXTRACTING = "extracting", "Extracting"
        EXTRACTED = "extracted", "Extracted"
        FAILED = "failed", "Extraction failed"

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500)
    body = models.TextField(help_text="Exactly as ingested; claim spans index into it.")
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(max_length=12, blank=True, help_text="Detected language code; 'und' if unknown.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    extraction_error = models.TextField(blank=True)
    extraction_attempts = models.PositiveSmallIntegerField(
        default=0, db_default=0,
        help_text="Extraction runs started since the last success or editor request (the sweeper retries)."
    )
    extractor_version = models.CharField(max_length=80, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["body"])

    class Meta:
        ordering = ["-published", "-created_at"]
        indexes = [
            # the article list's keyset order (claims.selectors.article_page); PostgreSQL's DESC
            # puts NULLs first, as the list does
            models.Index(fields=["-published", "-created_at", "-id"], name="article_list_order_idx"),
            # the API's keyset order (/api/articles/, factcheck.api.CreatedCursorPagination)
            models.Index(fields=["-created_at", "-id"], name="article_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)


class ClaimGroup(models.Model):
    """Claims in different articles that state the same thing; reviewed once for the group."""

    label = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.label or f"Group {self.pk}"


class ClaimQuerySet(models.QuerySet):
    pass


class ClaimManager(models.Manager.from_queryset(ClaimQuerySet)):  # type: ignore[misc]
    """Never loads ``search_vector`` (hundreds of bytes per row that only the database reads)."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer("search_vector")


class Claim(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        STATISTIC = "statistic", "Statistic"
        QUOTE = "quote", "Attributed statement or quote"
        EVENT = "event", "Event"
        PLAN = "plan", "Plan or prediction"
        CAUSAL = "causal", "Causal"
        COMPARISON = "comparison", "Comparison"

    class Status(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        QUEUED = "queued", "Queued"
        IN_REVIEW = "in_review", "In review"
        SUBMITTED = "submitted", "Verdict submitted"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        DISMISSED = "dismissed", "Dismissed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField(help_text="article.body[start:end] is the claim's span")
    end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    text = models.TextField(help_text="The claim as a reviewer reads it on its own.")
    sentence = models.TextField()
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    speaker = models.CharField(max_length=300, blank=True, db_index=True)
    quantities = models.JSONField(default=list, blank=True)
    dates = models.JSONField(default=list, blank=True)
    score = models.FloatField(default=0.0, db_index=True)
    reasons = models.JSONField(default=list, blank=True)
    # Written only by rare transitions (queueing, removal, corrections, the verdict's submit, return,
    # approve, publish), never by a lease: "in review" while a reviewer holds the claim is read from
    # its queue item. Read the state shown through claims.review_state, not this column alone.
    # Indexed (claim_status_idx) since a lease no longer writes it: the search page's and the admin's
    # status filters combine it with the text index (a common word and a rare status read the few
    # rows of both, not every match); the changes it costs are the rare transitions above.
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.EXTRACTED)
    fingerprint = models.CharField(max_length=64, db_index=True, help_text="Matches a claim across re-extraction.")
    extractor_version = models.CharField(max_length=80, blank=True)
    span_missing = models.BooleanField(
        default=False, help_text="The article was edited and this claim's span is no longer in it."
    )
    group = models.ForeignKey(ClaimGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    previously_checked = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="An earlier matching claim that already has a published verdict.",
    )
    # Human corrections (claims.corrections): the fields a reviewer or editor fixed ("text",
    # "speaker", "kind", "span", "not_a_claim", "merged"). Re-extraction never overwrites them.
    corrected_fields = models.JSONField(default=list, blank=True)
    not_a_claim_reason = models.TextField(blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text search (claims.selectors.search_claims): text (weight A), speaker (B) and sentence
    # (C), English stemming, thousands separators dropped from numbers. On PostgreSQL a trigger
    # (claims migration 0009) writes it on every insert and on updates of those columns, and the
    # GIN index claim_search_idx serves it; SQLite leaves it NULL and searches the columns.
    search_vector = SearchVectorField(null=True, editable=False)
    # History rows are read per claim (by id) and by date; the copies of the claim's own lookup
    # indexes would only slow down every status change (claim-next writes one row each time).
    history = HistoricalRecords(
        no_db_index=["article", "kind", "speaker", "score", "fingerprint", "group", "previously_checked", "created_at",
                     "merged_into"],
        excluded_fields=["search_vector"],
    )
    objects = ClaimManager()

    class Meta:
        ordering = ["article_id", "start"]
        indexes = [
            models.Index(fields=["article", "fingerprint"]),
            # the API's claim list order (and an article's claims in reading order)
            models.Index(fields=["article", "start", "id"], name="claim_article_pos_idx"),
            models.Index(fields=["status"], name="claim_status_idx"),  # see status
            # the claims admin's order within the few stored in_review claims (claims.review_state.state_arms)
            models.Index(fields=["article", "start", "-id"], condition=models.Q(status="in_review"),
                         name="claim_in_review_pos_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="claim_span_nonempty"),
        ]
        permissions = [("queue_claim", "Can queue, prioritise and dismiss claims")]

    def __str__(self) -> str:
        return self.text[:80]


class ClaimLink(ChoiceLabels, models.Model):
    """A candidate or confirmed match between two claims in different articles."""

    class Status(models.TextChoices):
        AUTO = "auto", "Linked automatically"
        SUGGESTED = "suggested", "Suggested to editors"
        CONFIRMED = "confirmed", "Confirmed by an editor"
        REJECTED = "rejected", "Rejected by an editor"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_from")
    other = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_to")
    similarity = models.FloatField()
    method = models.CharField(max_length=40, blank=True)
    # cosine of the two claims' sentence embeddings, when the embedding index had them (see linking)
    cosine = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [
            # editors' suggestion list: strongest first, only the suggested ones (a hot status)
            models.Index(fields=["-similarity", "id"], condition=models.Q(status="suggested"),
                         name="claimlink_suggested_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim", "other"], name="claimlink_unique_pair"),
            models.CheckConstraint(condition=models.Q(claim__lt=models.F("other")), name="claimlink_ordered_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.other_id} ({self.status}, {self.similarity:.2f})"

    @property
    def found_by(self) -> str:
        """Which index found the pair, for the links page (``method`` is set by claims.linking)."""
        if self.method.startswith("minilm"):
            return "meaning (sentence embeddings)"
        if self.method.endswith("+minilm"):
            return "words and meaning"
        return "words"


class ClaimSignature(models.Model):
    """One LSH band of a claim's MinHash signature (see claims.linking).

    Claims whose (band, bucket) agree are candidate matches: the index lives in the
    database so every web and worker process sees the same one.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="signatures")
    band = models.PositiveSmallIntegerField()
    bucket = models.BigIntegerField(help_text="63-bit hash of the band's MinHash values.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "band"], name="claimsignature_unique_band")]
        indexes = [models.Index(fields=["band", "bucket", "claim"], name="claimsig_band_bucket_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id} band {self.band}: {self.bucket}"
