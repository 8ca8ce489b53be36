"""Parsing export filters (query strings and job requests) and rendering export jobs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.serializers import StrictSerializer, inline_choice_field

from .models import ExportJob
from .selectors import EXPORTABLE_STATUSES, ExportFilters

MAX_ID = 2**63 - 1


class ExportFilterSerializer(StrictSerializer):
    date_from = serializers.DateField(required=False, allow_null=True,
                                      help_text="Decided (published, else approved) on or after, YYYY-MM-DD.")
    date_to = serializers.DateField(required=False, allow_null=True, help_text="Decided on or before, YYYY-MM-DD.")
    rating = serializers.ChoiceField(choices=[(a, b) for a, b, _ in settings.VERDICT_SCALE], required=False,
                                     allow_blank=True)
    article = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    source = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    reviewer = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID,
                                        help_text="User id of the reviewer.")
    status = inline_choice_field([(s, s) for s in EXPORTABLE_STATUSES], required=False, allow_blank=True,
                                 help_text="Only approved and published verdicts are exported.")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise serializers.ValidationError({"date_to": ["Must not be before date_from."]})
        return data

    def to_filters(self) -> ExportFilters:
        d = self.validated_data
        return ExportFilters(**{k: (v or None) for k, v in d.items()})


class QueryFilterSerializer(ExportFilterSerializer):
    """Filters from a query string: unknown parameters are ignored (``page``, ``format``, ...)."""

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "keys"):
            data = {k: data.get(k) for k in data.keys() if k in self.fields and data.get(k) not in (None, "")}
        return serializers.Serializer.to_internal_value(self, data)


class ExportEvidenceSerializer(serializers.Serializer):
    url = serializers.CharField()
    title = serializers.CharField()
    quote = serializers.CharField()
    stance = serializers.CharField()
    accessed_at = serializers.DateField(allow_null=True)
    check_status = serializers.CharField()


class ExportRowSerializer(serializers.Serializer):
    """One exported verdict (documentation of the JSON / JSON Lines rows; CSV has the same columns
    without ``evidence``)."""

    verdict_id = serializers.IntegerField()
    claim_id = serializers.IntegerField()
    article_id = serializers.IntegerField()
    article_title = serializers.CharField()
    article_url = serializers.CharField()
    article_published = serializers.DateField(allow_null=True)
    source = serializers.CharField(allow_null=True)
    speaker = serializers.CharField()
    claim_kind = serializers.CharField()
    claim_text = serializers.CharField()
    rating = serializers.CharField()
    rating_label = serializers.CharField(allow_null=True)
    rating_value = serializers.IntegerField(allow_null=True, help_text="5 (true) .. 1 (false); null off the scale.")
    status = serializers.CharField()
    reviewer = serializers.CharField()
    editor = serializers.CharField(allow_null=True)
    rationale = serializers.CharField()
    approved_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    public_url = serializers.URLField(allow_null=True, help_text="The public fact-check page; null until published.")
    retracted_at = serializers.DateTimeField(allow_null=True,
                                             help_text="Set when the published check was retracted.")
    evidence = ExportEvidenceSerializer(many=True)


class ExportJobCreateSerializer(StrictSerializer):
    format = serializers.ChoiceField(choices=ExportJob.Format.choices)
    filters = ExportFilterSerializer(required=False)


class ExportJobSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username", read_only=True, allow_null=True,
                                         default=None)
    percent = serializers.IntegerField(read_only=True)
    download = serializers.SerializerMethodField()
    status = inline_choice_field(ExportJob.Status.choices, read_only=True)

    class Meta:
        model = ExportJob
        fields = ["id", "format", "filters", "status", "progress", "total", "percent", "error", "requested_by",
                  "created_at", "started_at", "finished_at", "heartbeat_at", "attempts", "download"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True, help_text="Set once the job is done."))
    def get_download(self, obj: ExportJob) -> str | None:
        if obj.status != ExportJob.Status.DONE:
            return None
        path = f"/api/export-jobs/{obj.pk}/download/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
