"""Parse and render only; the rules live in integrations.webhooks and integrations.lookup."""

from __future__ import annotations

from rest_framework import serializers

from .models import EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EventType.choices), allow_empty=False)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "events", "is_active", "previous_secret_expires_at", "created_at",
                  "updated_at"]
        read_only_fields = ["id", "previous_secret_expires_at", "created_at", "updated_at"]


class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    """The secret is shown on creation and rotation (and to the owner on ``GET .../secret/``)."""

    secret = serializers.CharField(read_only=True)

    class Meta(WebhookEndpointSerializer.Meta):
        fields = WebhookEndpointSerializer.Meta.fields + ["secret"]


class RotateSecretSerializer(serializers.Serializer):
    grace_hours = serializers.FloatField(required=False, min_value=0, max_value=24 * 30,
                                         help_text="How long the old secret keeps signing too (default 24).")


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "manual", "started_at", "duration_ms", "status_code", "error", "response_excerpt"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event_type = serializers.CharField(source="event.type", read_only=True)
    payload = serializers.JSONField(source="event.payload", read_only=True)
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = ["id", "endpoint", "msg_id", "event_type", "payload", "status", "attempts", "next_attempt_at",
                  "last_status_code", "last_error", "delivered_at", "created_at", "attempt_log"]
        read_only_fields = fields


class LookupRequestSerializer(serializers.Serializer):
    statement = serializers.CharField(max_length=2000, trim_whitespace=True)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10)


class LookupMatchSerializer(serializers.Serializer):
    claim_id = serializers.IntegerField(source="claim.pk")
    claim = serializers.CharField(source="claim.text")
    speaker = serializers.CharField(source="claim.speaker")
    article_title = serializers.CharField(source="claim.article.title")
    article_url = serializers.CharField(source="claim.article.url")
    verdict_id = serializers.IntegerField(source="verdict.pk")
    rating = serializers.CharField(source="verdict.rating")
    rating_label = serializers.CharField(source="verdict.get_rating_display")
    published_at = serializers.DateTimeField(source="verdict.published_at")
    retracted_at = serializers.DateTimeField(
        source="verdict.retracted_at", allow_null=True,
        help_text="Set when the desk retracted this verdict: its page stays public with the retraction note, "
                  "and the rating is no longer the desk's finding.")
    similarity = serializers.FloatField()
    cosine = serializers.FloatField(allow_null=True)
    lexical = serializers.FloatField()
    matched_claim_id = serializers.IntegerField()
    via = serializers.ListField(child=serializers.CharField())
    url = serializers.SerializerMethodField(help_text="The public page of the verdict if there is one, else its "
                                                      "API URL.")

    def get_url(self, m) -> str:
        from .receivers import api_url, public_verdict_url

        return public_verdict_url(m.verdict) or api_url("api-verdict-detail", m.verdict.pk)


class LookupResponseSerializer(serializers.Serializer):
    semantic = serializers.BooleanField(help_text="False when only the lexical index was used (no embedding model).")
    threshold = serializers.FloatField()
    matches = LookupMatchSerializer(many=True)
