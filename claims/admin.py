from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from factcheck.admin_lists import FastChangelist, under
from factcheck.pagination import BoundedCountPaginator

from . import review_state
from .models import Article, Claim, ClaimGroup, ClaimLink, Source
from .selectors import search_claims

#: A claim's columns no changelist shows (long text and JSON): left out of the changelists' rows.
CLAIM_UNSHOWN = ("sentence", "quantities", "dates", "reasons", "corrected_fields", "not_a_claim_reason")


class ReviewStateFilter(admin.SimpleListFilter):
    """The review state as every page shows it (claims.review_state), not the stored column alone:
    "Queued" leaves out the claims a reviewer holds, "In review" includes them."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):  # type: ignore[no-untyped-def]
        return Claim.Status.choices

    def queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        return review_state.filter_state(queryset, self.value()) if self.value() in Claim.Status.values else queryset


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "homepage", "created_at")
    search_fields = ("name",)


@admin.register(Article)
class ArticleAdmin(FastChangelist, SimpleHistoryAdmin):
    changelist_defer = ("body", "extraction_error")
    list_display = ("title", "source", "published", "status", "language", "created_at")
    list_select_related = ("source",)
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    # no "language" filter and no date hierarchy: each is a DISTINCT over the whole table per load
    list_filter = ("status", "source")
    search_fields = ("title", "url", "author")
    readonly_fields = ("content_hash", "extractor_version", "extracted_at", "created_by", "created_at")


@admin.register(Claim)
class ClaimAdmin(FastChangelist, SimpleHistoryAdmin):
    changelist_defer = (*CLAIM_UNSHOWN, "article__body", "article__extraction_error")
    list_display = ("short_text", "article", "kind", "speaker", "score", "shown_status", "span_missing")
    list_select_related = ("article",)
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    list_filter = (ReviewStateFilter, "kind", "span_missing")
    search_fields = ("text", "speaker")
    raw_id_fields = ("article", "group", "previously_checked")
    readonly_fields = ("start", "end", "sentence_start", "sentence_end", "fingerprint", "extractor_version")

    def changelist_arms(self, request: HttpRequest) -> tuple[str, tuple[Q, ...]] | None:
        """"In review" is stored in_review OR held: the page takes the first rows of each
        (claim_in_review_pos_idx, then the few held claims by key) instead of walking the claims'
        order testing the OR (~14,000 claims for page 1 at 1M: 10 ms -> 1 ms of SQL)."""
        param = ReviewStateFilter.parameter_name
        arms = review_state.state_arms(request.GET.get(param, ""))
        return (param, arms) if arms is not None else None

    def changelist_rows_queryset(self, qs: QuerySet[Claim]) -> QuerySet[Claim]:
        """The review state (shown_status) computed for the shown rows only, not in the count."""
        return review_state.with_review_state(super().changelist_rows_queryset(qs))

    @admin.display(description="claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text[:90]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Claim],
                           search_term: str) -> tuple[QuerySet[Claim], bool]:
        """The claim search (claims.selectors.search_claims: words in text, speaker or sentence,
        the stored vector and its GIN index on PostgreSQL) instead of the admin's ``icontains`` on
        each search field, which reads every claim: a rare word took 1.8 s at 1M claims."""
        if not search_term.strip():
            return queryset, False
        return search_claims(search_term, qs=queryset), False

    @admin.display(description="status", ordering="status")
    def shown_status(self, obj: Claim) -> str:
        return review_state.label(review_state.state_of(obj))


@admin.register(ClaimGroup)
class ClaimGroupAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_at")


@admin.register(ClaimLink)
class ClaimLinkAdmin(FastChangelist, SimpleHistoryAdmin):
    changelist_defer = (*under("claim", CLAIM_UNSHOWN),
                        *under("other", CLAIM_UNSHOWN))
    list_display = ("claim", "other", "similarity", "method", "status", "decided_by")
    list_select_related = ("claim", "other", "decided_by")
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    # no "method" filter: a free-text column, so the filter is a DISTINCT over every link per load
    list_filter = ("status",)
    raw_id_fields = ("claim", "other")
