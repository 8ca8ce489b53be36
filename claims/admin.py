from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from factcheck.pagination import BoundedCountPaginator

from .models import Article, Claim, ClaimGroup, ClaimLink, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "homepage", "created_at")
    search_fields = ("name",)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
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
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ("short_text", "article", "kind", "speaker", "score", "status", "span_missing")
    list_select_related = ("article",)
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    list_filter = ("status", "kind", "span_missing")
    search_fields = ("text", "speaker")
    raw_id_fields = ("article", "group", "previously_checked")
    readonly_fields = ("start", "end", "sentence_start", "sentence_end", "fingerprint", "extractor_version")

    @admin.display(description="claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text[:90]


@admin.register(ClaimGroup)
class ClaimGroupAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_at")


@admin.register(ClaimLink)
class ClaimLinkAdmin(SimpleHistoryAdmin):
    list_display = ("claim", "other", "similarity", "method", "status", "decided_by")
    list_select_related = ("claim", "other", "decided_by")
    show_full_result_count = False
    paginator = BoundedCountPaginator
    list_per_page = 50
    # no "method" filter: a free-text column, so the filter is a DISTINCT over every link per load
    list_filter = ("status",)
    raw_id_fields = ("claim", "other")
