"""Webhook subscriptions and their delivery log; the embedding index of checked claims."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EventType(models.TextChoices):
    ARTICLE_EXTRACTED = "article.extracted", "An article's claims were extracted"
    CLAIM_QUEUED = "claim.queued", "A claim was queued for review"
    VERDICT_PUBLISHED = "verdict.published", "A verdict was published"
    VERDICT_CORRECTED = "verdict.corrected", "A published verdict was corrected"


class WebhookEndpoint(models.Model):
    """A URL an API consumer subscribed to some events. Signed with ``secret`` (Standard Webhooks);
    after a rotation the previous secret signs too until ``previous_secret_expires_at``."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=300, blank=True)
    events = models.JSONField(default=list, help_text="Event types delivered to this URL.")
    is_active = models.BooleanField(default=True)
    secret = models.CharField(max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        permissions = [("manage_webhooks", "Can subscribe URLs to webhook events")]

    def __str__(self) -> str:
        return self.url


class WebhookEvent(models.Model):
    """One thing that happened, with the payload every subscriber receives."""

    type = models.CharField(max_length=40, choices=EventType.choices)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"


class WebhookDelivery(models.Model):
    """One event to one endpoint. ``msg_id`` is the ``webhook-id`` header: the same on every retry
    and redelivery, so consumers can drop duplicates."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SUCCEEDED = "succeeded", "Delivered (2xx)"
        FAILED = "failed", "Gave up after the last retry"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    msg_id = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0, help_text="Attempts so far, all rounds.")
    round_attempts = models.PositiveIntegerField(default=0, help_text="Attempts since the last (re)delivery.")
    manual = models.BooleanField(default=False, help_text="The next attempt was asked for by hand.")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="webhookdelivery_once_per_endpoint"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhookdelivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.msg_id} -> {self.endpoint_id} ({self.status})"


class WebhookAttempt(models.Model):
    """The log: one row per HTTP attempt, with what the receiver answered."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    manual = models.BooleanField(default=False, help_text="Started by a redelivery request.")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery_id", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="webhookattempt_unique_number")]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.status_code or self.error}"


class ClaimEmbedding(models.Model):
    """A claim's sentence embedding (L2-normalised, stored as float16 bytes), kept for every claim:
    written when the claim is linked (claims.linking asks integrations for semantic candidates) or by
    ``manage.py index_lookup --all``. ``text_hash`` tells when the claim's text changed since."""

    claim = models.OneToOneField("claims.Claim", on_delete=models.CASCADE, related_name="embedding",
                                 primary_key=True)
    model = models.CharField(max_length=60)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"embedding of claim {self.claim_id}"


class ClaimEmbeddingBand(models.Model):
    """One band of a claim's random-hyperplane signature (the sign bits of the embedding projected on
    fixed random hyperplanes). Claims whose (band, bucket) agree are candidates, verified by cosine.

    Every claim has its bands (the cross-article linking reads them all, through
    ``claimemb_band_bucket_idx``); ``published`` says whether the claim has a published verdict, and
    the lookup reads only those rows through the partial index ``claimemb_pub_band_idx`` (index-only,
    its size that of the published part alone)."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="embedding_bands")
    band = models.PositiveSmallIntegerField()
    bucket = models.IntegerField()
    published = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "band"], name="claimembeddingband_unique")]
        indexes = [models.Index(fields=["band", "bucket", "claim"], name="claimemb_band_bucket_idx"),
                   models.Index(fields=["band", "bucket", "claim"], condition=models.Q(published=True),
                                name="claimemb_pub_band_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id} band {self.band}: {self.bucket}"
