"""API shapes for sources, articles, claims and claim groups. Parsing and rendering only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factcheck.fast_lists import FastListSerializer, ModelFieldsOnce

from . import review_state
from .models import Article, Claim, ClaimGroup, Source
from .services import article_text, default_title


class StrictFieldsMixin:
    """Reject fields the serializer does not know instead of silently ignoring them."""

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "keys"):
            known = set(self.fields)  # type: ignore[attr-defined]
            unknown = sorted(str(k) for k in data.keys() if k not in known)
            if unknown:
                raise serializers.ValidationError({k: ["Unknown field."] for k in unknown})
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):
    pass


def inline_choice_field(choices: list, **kwargs: Any) -> serializers.ChoiceField:
    """A ChoiceField documented with an inline enum: several models have a ``status`` with different
    choices, and named enum components would collide in the OpenAPI schema."""
    values = [c[0] if isinstance(c, list | tuple) else c for c in choices]
    field_cls = extend_schema_field({"type": "string", "enum": values})(
        type("InlineChoiceField", (serializers.ChoiceField,), {})
    )
    return field_cls(choices=choices, **kwargs)


# --- sources -------------------------------------------------------------------------------


class SourceSerializer(ModelFieldsOnce, serializers.ModelSerializer):
    homepage = serializers.CharField(read_only=True, help_text="http(s) URL, or empty.")

    class Meta:
        list_serializer_class = FastListSerializer  # lists: planned once per list
        model = Source
        fields = ["id", "name", "homepage", "created_at"]


# --- articles ------------------------------------------------------------------------------


class ArticleSerializer(ModelFieldsOnce, serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", default=None, read_only=True, allow_null=True)
    source_id = serializers.IntegerField(read_only=True, allow_null=True)
    claim_count = serializers.IntegerField(read_only=True, required=False)
    status = inline_choice_field(Article.Status.choices, read_only=True)
    url = serializers.CharField(read_only=True, help_text="http(s) URL of the article, or empty.")
    job = serializers.SerializerMethodField(help_text="Poll this URL: `status` goes pending -> extracted or failed.")
    extraction_queued = serializers.SerializerMethodField(
        help_text="False when the task queue was unreachable: the article is stored and extraction starts "
                  "when the queue is back (the sweeper queues it)."
    )

    class Meta:
        list_serializer_class = FastListSerializer  # lists: planned once per list
        model = Article
        fields = [
            "id", "title", "url", "author", "published", "source", "source_id", "language", "status",
            "extraction_error", "extraction_attempts", "extractor_version", "extracted_at", "content_hash",
            "created_at", "updated_at", "claim_count", "job", "extraction_queued", "body",
        ]
        read_only_fields = fields
        extra_kwargs = {"body": {"required": False, "help_text": "The text; left out of lists."}}

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.context.get("omit_body"):
            fields.pop("body", None)
        return fields

    def get_extraction_queued(self, obj: Article) -> bool:
        return bool(self.context.get("extraction_queued", True))

    @extend_schema_field(OpenApiTypes.URI)
    def get_job(self, obj: Article) -> str:
        request = self.context.get("request")
        path = f"/api/articles/{obj.pk}/"
        return request.build_absolute_uri(path) if request is not None else path


class ArticleCreateSerializer(StrictSerializer):
    """JSON with ``body``, or multipart/form-data with a UTF-8 ``file`` (.txt or .html)."""

    title = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                  help_text="Defaults to the first line of the text.")
    body = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    file = serializers.FileField(required=False, help_text="UTF-8 text or HTML, at most 10 MB.")
    source = serializers.CharField(max_length=200, required=False, allow_blank=True)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    author = serializers.CharField(max_length=300, required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        upload = data.pop("file", None)
        if upload is not None and data.get("body"):
            raise serializers.ValidationError({"file": ["Send either `body` or `file`, not both."]})
        try:
            data["body"] = article_text(data.get("body"), upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict)
        if not (data.get("title") or "").strip():
            data["title"] = default_title(data["body"])
        return data


# --- claims --------------------------------------------------------------------------------


_OFFSET = {"type": "integer", "description": "Offset in the article body."}
QUANTITY_SCHEMA = {
    "type": "array", "description": "The numbers extraction found in the claim's sentence.",
    "items": {"type": "object", "required": ["text"], "additionalProperties": True, "properties": {
        "text": {"type": "string", "description": "As written: 'over 470,000'."},
        "start": _OFFSET, "end": _OFFSET,
        "value": {"description": "The number (a share as a fraction: 0.5; a year as the year); a vote is "
                                 "[for, against]; a range's is its low end (see low, high)."},
        "low": {"type": "number"}, "high": {"type": "number"},
        "qualifier": {"type": "string", "description": "exact, lower_bound, upper_bound, approximate or range."},
        "kind": {"type": "string",
                 "description": "count, percent, share, money, vote, year, age, duration, measure, rate, "
                                "multiple ('1.5 times more likely'), ..."},
        "counts": {"type": "string", "description": "What is counted: 'people'."},
        "unit": {"type": "string"}, "currency": {"type": "string", "description": "ISO 4217: 'EUR'."},
        "corrected": {"type": "boolean", "description": "A person set the value (the claim page)."},
    }},
}
DATES_SCHEMA = {
    "type": "array", "description": "The dates extraction found, resolved against the article's publication "
                                    "date (value null when they could not be: an undated article's 'last year').",
    "items": {"type": "object", "required": ["text"], "additionalProperties": True, "properties": {
        "text": {"type": "string", "description": "As written: 'a day after'."},
        "start": _OFFSET, "end": _OFFSET,
        "value": {"type": "string", "nullable": True,
                  "description": "YYYY, YYYY-MM or YYYY-MM-DD; a period as YYYY-Q1 (quarter), YYYY-H1 (half), "
                                 "YYYY-SP/SU/FA/WI (season), YYYY-W05 (ISO week), 199X (decade); a weekend as "
                                 "its Saturday."},
        "granularity": {"type": "string",
                        "description": "day, week, weekend, month, quarter, half, season, year or decade."},
        "relation": {"type": "string", "description": "on, since, before, after, until, ..."},
        "anchor": {"type": "string", "description": "The date it was counted from, when relative."},
        "corrected": {"type": "boolean", "description": "A person set the value (the claim page)."},
    }},
}


@extend_schema_field(QUANTITY_SCHEMA)
class QuantitiesField(serializers.JSONField):
    """The stored JSON as it is; typed for the OpenAPI schema (it was an untyped value)."""


@extend_schema_field(DATES_SCHEMA)
class DatesField(serializers.JSONField):
    """The stored JSON as it is; typed for the OpenAPI schema."""


class ClaimSerializer(ModelFieldsOnce, serializers.ModelSerializer):
    """A claim's own fields. The API's claim (with its verdict) is reviewers.serializers.ClaimSerializer."""

    quantities = QuantitiesField(read_only=True)
    dates = DatesField(read_only=True)
    status = serializers.SerializerMethodField(
        help_text="The review state (claims.review_state): in_review while a reviewer holds the claim.")

    class Meta:
        list_serializer_class = FastListSerializer  # lists: planned once per list
        model = Claim
        fields = [
            "id", "article", "start", "end", "sentence_start", "sentence_end", "text", "sentence", "kind",
            "speaker", "quantities", "dates", "score", "reasons", "status", "fingerprint", "extractor_version",
            "span_missing", "group", "previously_checked", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": Claim.Status.values})
    def get_status(self, obj: Claim) -> str:
        return review_state.state_of(obj)


class ClaimGroupSerializer(ModelFieldsOnce, serializers.ModelSerializer):
    claims = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        list_serializer_class = FastListSerializer  # lists: planned once per list
        model = ClaimGroup
        fields = ["id", "label", "created_at", "claims"]
        read_only_fields = fields
