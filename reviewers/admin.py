from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.admin import CLAIM_UNSHOWN
from factcheck.admin_lists import FastChangelist, under
from factcheck.pagination import BoundedCountPaginator

from .models import (
    Assignment,
    EvidenceLink,
    IndependentReview,
    QueueItem,
    SecondReviewRule,
    Verdict,
    VerdictCorrection,
)


@admin.register(QueueItem)
class QueueItemAdmin(FastChangelist, SimpleHistoryAdmin):
    changelist_defer = under("claim", CLAIM_UNSHOWN)
    list_display = ("claim", "priority", "status", "origin", "assigned_to", "lease_expires_at", "enqueued_at")
    list_select_related = ("claim", "assigned_to")
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    list_filter = ("status", "origin")
    raw_id_fields = ("claim",)


@admin.register(Assignment)
class AssignmentAdmin(FastChangelist, SimpleHistoryAdmin):
    changelist_defer = ("reason", *under("claim", CLAIM_UNSHOWN))
    list_display = ("claim", "reviewer", "outcome", "started_at", "lease_expires_at", "ended_at")
    list_select_related = ("claim", "reviewer")
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    list_filter = ("outcome",)
    raw_id_fields = ("claim", "queue_item")


class EvidenceInline(admin.TabularInline):
    model = EvidenceLink
    extra = 0


@admin.register(Verdict)
class VerdictAdmin(FastChangelist, SimpleHistoryAdmin):
    changelist_defer = ("rationale", "editor_comment", *under("claim", CLAIM_UNSHOWN))
    list_display = ("claim", "rating", "status", "reviewer", "editor", "updated_at")
    list_select_related = ("claim", "reviewer", "editor")  # editor is nullable: select_related() skips it
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    list_filter = ("status", "rating")
    raw_id_fields = ("claim",)
    inlines = [EvidenceInline]
    readonly_fields = ("public_slug", "retracted_at")


@admin.register(VerdictCorrection)
class VerdictCorrectionAdmin(SimpleHistoryAdmin):
    list_display = ("verdict", "kind", "editor", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("verdict",)


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(FastChangelist, SimpleHistoryAdmin):
    changelist_defer = ("quote", "verdict__rationale", "verdict__editor_comment")
    list_display = ("url", "stance", "check_status", "http_status", "verdict")
    list_select_related = ("verdict",)
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    list_filter = ("stance", "check_status")


@admin.register(SecondReviewRule)
class SecondReviewRuleAdmin(SimpleHistoryAdmin):
    """Which claims need two independent reviews (the editors' page is /review/second-review/)."""

    list_display = ("__str__", "note", "active", "created_by", "created_at")
    list_select_related = ("source", "created_by")
    list_filter = ("active", "kind")
    raw_id_fields = ("claim",)
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(IndependentReview)
class IndependentReviewAdmin(SimpleHistoryAdmin):
    """The two blind reviews of a claim, as submitted: read-only here (agreement is computed from them)."""

    list_display = ("claim", "round", "reviewer", "rating", "status", "submitted_at")
    list_select_related = ("claim", "reviewer")
    paginator = BoundedCountPaginator
    show_full_result_count = False
    list_per_page = 50
    list_filter = ("status", "round")
    raw_id_fields = ("claim",)

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
