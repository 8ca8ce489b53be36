"""API shapes for the review queue, assignments, verdicts and evidence. Parsing and rendering only."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import review_state
from claims import serializers as claim_serializers
from claims.models import Claim
from claims.serializers import StrictSerializer, inline_choice_field
from factcheck.fast_lists import FastListSerializer, ModelFieldsOnce

from .models import Assignment, EvidenceLink, IndependentReview, QueueItem, SecondReviewRule, Verdict
from .visibility import shown_verdict

RATING_CHOICES = [(slug, label) for slug, label, _value in settings.VERDICT_SCALE]
CLAIM_KIND_CHOICES = Claim.Kind.choices
MAX_INT = 2**31 - 1


# Columns the API's list serializers below never read, left out of the lists' statements
# (``QuerySet.defer``): fewer columns to compile, send, decode and build models from. At 1M claims the
# queue and assignment lists read every claim's ``search_vector`` through ``select_related`` (the
# claims manager's own ``defer`` does not apply there). tests/scale/test_api_columns.py pins them.
CLAIM_UNREAD = ("search_vector", "corrected_fields", "not_a_claim_reason", "merged_into")
#: A claim's verdict as the claim shows it (``VerdictSummarySerializer`` and ``verdict_visible_to``
#: read id, status, rating and reviewer_id).
VERDICT_SUMMARY_UNREAD = ("rationale", "editor", "editor_comment", "version", "created_at", "updated_at",
                          "submitted_at", "approved_at", "published_at", "public_slug", "cms_url", "retracted_at")
#: A user shown by name (reviewer, editor, assignee).
USER_UNREAD = ("password", "last_login", "is_superuser", "first_name", "last_name", "email", "is_staff",
               "is_active", "date_joined")


def unread(prefix: str, columns: tuple[str, ...]) -> list[str]:
    """``columns`` of the relation at ``prefix`` (e.g. ``"claim__"``), for ``QuerySet.defer``."""
    return [prefix + c for c in columns]


def claim_unread(prefix: str = "") -> list[str]:
    """What the API's claim (``ClaimSerializer`` with its verdict summary) at ``prefix`` does not read."""
    return [*unread(prefix, CLAIM_UNREAD), *unread(f"{prefix}verdict__", VERDICT_SUMMARY_UNREAD)]


class VerdictSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    rating = serializers.CharField()


class ClaimSerializer(claim_serializers.ClaimSerializer):
    """The API's claim: its own fields and, where the caller may see it, its verdict."""

    verdict = serializers.SerializerMethodField(
        help_text="The claim's verdict, when the caller may see it (editors; its reviewer; anyone once approved)."
    )

    class Meta(claim_serializers.ClaimSerializer.Meta):
        fields = [
            "id", "article", "start", "end", "sentence_start", "sentence_end", "text", "sentence", "kind",
            "speaker", "quantities", "dates", "score", "reasons", "status", "fingerprint", "extractor_version",
            "span_missing", "group", "previously_checked", "verdict", "created_at", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictSummarySerializer(allow_null=True))
    def get_verdict(self, obj: Claim) -> dict | None:
        verdict = shown_verdict(obj, getattr(self.context.get("request"), "user", None))
        if verdict is None:
            return None
        return {"id": verdict.pk, "status": verdict.status, "rating": verdict.rating}


class EvidenceSerializer(ModelFieldsOnce, serializers.ModelSerializer):
    final_url = serializers.CharField(read_only=True, help_text="Where the URL led when checked, or empty.")

    class Meta:
        list_serializer_class = FastListSerializer  # lists: planned once per list
        model = EvidenceLink
        fields = [
            "id", "url", "title", "quote", "stance", "accessed_at", "check_status", "http_status", "final_url",
            "page_title", "check_error", "checked_at", "created_at",
        ]
        read_only_fields = fields


class EvidenceInputSerializer(StrictSerializer):
    url = serializers.URLField(max_length=2000)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    quote = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    stance = serializers.ChoiceField(choices=EvidenceLink.Stance.choices, required=False,
                                     default=EvidenceLink.Stance.CONTEXT)
    accessed_at = serializers.DateField(required=False, allow_null=True, default=None)


class VerdictSerializer(ModelFieldsOnce, serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    reviewer_id = serializers.IntegerField(read_only=True)
    editor = serializers.CharField(source="editor.username", read_only=True, allow_null=True, default=None)
    rating = serializers.ChoiceField(choices=RATING_CHOICES, read_only=True, allow_blank=True,
                                     help_text="Empty while a draft is unrated.")
    rating_label = serializers.CharField(source="get_rating_display", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    status = inline_choice_field(Verdict.Status.choices, read_only=True)
    public_url = serializers.URLField(read_only=True, allow_null=True,
                                      help_text="The public fact-check page once published; null before.")
    cms_url = serializers.CharField(read_only=True,
                                    help_text="The fact-check article in the newsroom's CMS; empty if none.")
    retracted_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        list_serializer_class = FastListSerializer  # lists: planned once per list
        model = Verdict
        fields = [
            "id", "claim", "reviewer", "reviewer_id", "rating", "rating_label", "rationale", "status", "editor",
            "editor_comment", "version", "created_at", "updated_at", "submitted_at", "approved_at", "published_at",
            "public_url", "cms_url", "retracted_at", "evidence",
        ]
        read_only_fields = fields


class VerdictWriteSerializer(StrictSerializer):
    """Create (no ``version``) or update (``version`` = the version you read: 409 if it moved on)."""

    claim = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False,
                                     help_text="Required when creating.")
    rating = serializers.ChoiceField(choices=RATING_CHOICES, required=False, allow_blank=True)
    rationale = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    evidence = EvidenceInputSerializer(many=True, required=False, max_length=100)
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False, allow_null=True)


class VersionSerializer(StrictSerializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT,
                                       help_text="The version you read (optimistic lock).")


class ApproveSerializer(VersionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)


class ReturnSerializer(VersionSerializer):
    comment = serializers.CharField(max_length=20000, help_text="What the reviewer should change.")


class PublishSerializer(StrictSerializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False, allow_null=True)
    cms_url = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000,
                                    help_text="The fact-check article in the newsroom's CMS (optional): "
                                              "the ClaimReview url instead of the public page.")


class CmsUrlSerializer(StrictSerializer):
    cms_url = serializers.CharField(allow_blank=True, max_length=2000,
                                    help_text="The fact-check article in the newsroom's CMS; empty clears it.")


class CorrectSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=["correction", "retraction"], default="correction")
    note = serializers.CharField(max_length=5000, help_text="What changed and why; shown to readers with the date.")
    rating = serializers.ChoiceField(choices=RATING_CHOICES, required=False, allow_blank=True,
                                     help_text="A new rating (corrections only).")
    rationale = serializers.CharField(required=False, max_length=100_000,
                                      help_text="A new rationale (corrections only).")
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False, allow_null=True)


class QueueItemSerializer(ModelFieldsOnce, serializers.ModelSerializer):
    claim = ClaimSerializer(read_only=True)
    assigned_to = serializers.SerializerMethodField(
        help_text="Who holds the lease; null when nobody does or while a blind second review hides it.")
    status = inline_choice_field(QueueItem.Status.choices, read_only=True)
    rounds_required = serializers.IntegerField(read_only=True, help_text="2: the claim gets two blind reviews.")
    review_round = serializers.IntegerField(read_only=True, help_text="The round the next lease is for.")

    class Meta:
        list_serializer_class = FastListSerializer  # lists: planned once per list
        model = QueueItem
        fields = ["id", "claim", "priority", "status", "origin", "enqueued_at", "assigned_to", "lease_expires_at",
                  "updated_at", "rounds_required", "review_round", "needs_adjudication"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assigned_to(self, obj: QueueItem) -> str | None:
        from .visibility import shown_assignee

        request = self.context.get("request")
        who = shown_assignee(getattr(request, "user", None), obj)
        return who.username if who is not None else None


class EnqueueSerializer(StrictSerializer):
    claim = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    priority = serializers.IntegerField(required=False, allow_null=True, min_value=-MAX_INT, max_value=MAX_INT)


class PrioritySerializer(StrictSerializer):
    priority = serializers.IntegerField(min_value=-MAX_INT, max_value=MAX_INT)


class ReassignSerializer(StrictSerializer):
    to_user = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id of the reviewer.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class BulkQueueSerializer(StrictSerializer):
    action = serializers.ChoiceField(choices=["priority", "reassign", "remove"],
                                     help_text="What to do with every row in ``ids``.")
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
                                allow_empty=False, max_length=200, help_text="Queue item ids (at most 200).")
    priority = serializers.IntegerField(required=False, allow_null=True, min_value=-MAX_INT, max_value=MAX_INT,
                                        help_text="The new priority (action ``priority``).")
    to_user = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1,
                                       help_text="Id of the reviewer (action ``reassign``).")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    dry_run = serializers.BooleanField(required=False, default=False,
                                       help_text="Report what would happen and change nothing.")


class BulkRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item_id")
    changed = serializers.BooleanField(help_text="False: the row was left as it was (``note`` says why).")
    note = serializers.CharField()


class BulkResultSerializer(serializers.Serializer):
    action = serializers.CharField()
    dry_run = serializers.BooleanField()
    rows = BulkRowSerializer(many=True)


class SkipSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=5000, help_text="Why you are skipping this claim.")


class AssignmentSerializer(ModelFieldsOnce, serializers.ModelSerializer):
    claim = ClaimSerializer(read_only=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    queue_item = serializers.IntegerField(source="queue_item_id", read_only=True)
    blind_round = serializers.SerializerMethodField(
        help_text="1 or 2 while this lease is a round of a blind second review: write your review with "
                  "POST /api/independent-reviews/ (not /api/verdicts/). Null otherwise.")

    class Meta:
        list_serializer_class = FastListSerializer  # lists: planned once per list
        model = Assignment
        fields = ["id", "queue_item", "claim", "reviewer", "started_at", "lease_expires_at", "ended_at", "outcome",
                  "reason", "blind_round"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_blind_round(self, obj: Assignment) -> int | None:
        from .visibility import blind_round_of

        return blind_round_of(obj)


_DATETIME = serializers.DateTimeField(read_only=True)


def _dt(value: Any) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


def assignment_payload(assignment: Assignment, context: dict[str, Any]) -> dict[str, Any]:
    """``AssignmentSerializer(assignment, context=context).data``, built directly.

    For the hot claim-next response: building a ModelSerializer (and its nested ClaimSerializer)
    introspects the models and deep-copies ~30 fields on every call, ~2 ms of CPU per request.
    Same keys, order and formats (tests/api/test_claim_next_payload.py compares the two); the
    OpenAPI schema stays ``AssignmentSerializer``. ``assignment.claim`` (with its verdict, or
    known to have none) and ``assignment.reviewer`` should be loaded.
    """
    from .visibility import blind_round_of

    c = assignment.claim
    claim = {
        "id": c.pk, "article": c.article_id, "start": c.start, "end": c.end,
        "sentence_start": c.sentence_start, "sentence_end": c.sentence_end, "text": c.text,
        "sentence": c.sentence, "kind": c.kind, "speaker": c.speaker, "quantities": c.quantities,
        "dates": c.dates, "score": float(c.score), "reasons": c.reasons,
        "status": review_state.state_of(c, leased=assignment.outcome == Assignment.Outcome.ACTIVE),
        "fingerprint": c.fingerprint, "extractor_version": c.extractor_version, "span_missing": c.span_missing,
        "group": c.group_id, "previously_checked": c.previously_checked_id,
        "verdict": ClaimSerializer.get_verdict(SimpleNamespace(context=context), c),  # type: ignore[arg-type]
        "created_at": _dt(c.created_at), "updated_at": _dt(c.updated_at),
    }
    return {
        "id": assignment.pk, "queue_item": assignment.queue_item_id, "claim": claim,
        "reviewer": assignment.reviewer.username, "started_at": _dt(assignment.started_at),
        "lease_expires_at": _dt(assignment.lease_expires_at), "ended_at": _dt(assignment.ended_at),
        "outcome": assignment.outcome, "reason": assignment.reason, "blind_round": blind_round_of(assignment),
    }


def evidence_dicts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"url": e["url"], "title": e.get("title", ""), "quote": e.get("quote", ""),
         "stance": e.get("stance", EvidenceLink.Stance.CONTEXT), "accessed_at": e.get("accessed_at")}
        for e in items
    ]


# --- blind second review ---------------------------------------------------------------------


class SecondReviewRuleSerializer(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True, allow_null=True, default=None)
    created_by = serializers.CharField(source="created_by.username", read_only=True, allow_null=True, default=None)
    kind = serializers.CharField(read_only=True, help_text="A claim kind, or empty for any.")
    matches = serializers.CharField(source="describe", read_only=True)

    class Meta:
        model = SecondReviewRule
        fields = ["id", "source", "source_name", "kind", "min_score", "claim", "note", "active", "matches",
                  "created_by", "created_at"]
        read_only_fields = fields


class SecondReviewRuleWriteSerializer(StrictSerializer):
    """At least one of source, kind, min_score, claim; a rule matches when all it sets match."""

    source = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    kind = inline_choice_field(CLAIM_KIND_CHOICES, required=False, allow_blank=True, default="")
    min_score = serializers.FloatField(min_value=0.0, max_value=1.0, required=False, allow_null=True)
    claim = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True,
                                     help_text="By hand: this one claim (applies at once if it waits for review).")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SecondReviewRuleUpdateSerializer(StrictSerializer):
    active = serializers.BooleanField()


class IndependentReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    reviewer_id = serializers.IntegerField(read_only=True)
    rating = serializers.ChoiceField(choices=RATING_CHOICES, read_only=True, allow_blank=True)
    rating_label = serializers.CharField(source="get_rating_display", read_only=True)
    status = inline_choice_field(IndependentReview.Status.choices, read_only=True)
    evidence = EvidenceInputSerializer(many=True, read_only=True)

    class Meta:
        model = IndependentReview
        fields = ["id", "claim", "round", "reviewer", "reviewer_id", "rating", "rating_label", "rationale",
                  "evidence", "status", "version", "created_at", "submitted_at"]
        read_only_fields = fields


class IndependentReviewWriteSerializer(StrictSerializer):
    """Your review of the blind claim you hold (round 1 or 2); send ``version`` when updating."""

    claim = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    rating = serializers.ChoiceField(choices=RATING_CHOICES, required=False, allow_blank=True, default="")
    rationale = serializers.CharField(required=False, allow_blank=True, max_length=100_000, default="")
    evidence = EvidenceInputSerializer(many=True, required=False, max_length=100)
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT, required=False, allow_null=True)


class AdjudicationSerializer(serializers.Serializer):
    claim = serializers.IntegerField(source="claim_id")
    text = serializers.CharField(source="claim.text")
    article = serializers.IntegerField(source="claim.article_id")
    waiting_since = serializers.DateTimeField(source="updated_at")
    reviews = IndependentReviewSerializer(many=True, help_text="The two independent reviews, round 1 first.")


class AdjudicateSerializer(StrictSerializer):
    rating = serializers.ChoiceField(choices=RATING_CHOICES)
    rationale = serializers.CharField(max_length=100_000)
    evidence = EvidenceInputSerializer(many=True, max_length=100)
