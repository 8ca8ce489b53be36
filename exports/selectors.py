"""Reads for exports. Only decided verdicts (approved or published) are ever exported: drafts,
submitted and returned verdicts cannot reach any export because every export starts from
``exportable_verdicts``."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, QuerySet, Value, When
from django.db.models.functions import Coalesce

from claims.models import Source
from publishing.selectors import public_url_expression
from reviewers.models import Verdict

EXPORTABLE_STATUSES = (Verdict.Status.APPROVED, Verdict.Status.PUBLISHED)
CLAIMREVIEW_STATUSES = EXPORTABLE_STATUSES


@dataclass(frozen=True)
class ExportFilters:
    """What to export. ``date_from``/``date_to`` apply to the decision date: when the verdict was
    published, or approved if it is not published yet."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    rating: str | None = None
    article: int | None = None
    source: int | None = None
    reviewer: int | None = None
    status: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExportFilters:
        values = dict(data or {})
        for key in ("date_from", "date_to"):
            if values.get(key):
                values[key] = dt.date.fromisoformat(values[key])
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


#: The export page's count of matching verdicts stops here ("10,000+"); the download has them all.
COUNT_LIMIT = 10_000


def exportable_verdicts(filters: ExportFilters | None = None) -> QuerySet[Verdict]:
    f = filters or ExportFilters()
    qs = Verdict.objects.filter(status__in=EXPORTABLE_STATUSES)
    if f.status:
        qs = qs.filter(status=f.status if f.status in EXPORTABLE_STATUSES else "__none__")
    if f.rating:
        qs = qs.filter(rating=f.rating)
    if f.article:
        qs = qs.filter(claim__article_id=f.article)
    if f.source:
        qs = qs.filter(claim__article__source_id=f.source)
    if f.reviewer:
        qs = qs.filter(reviewer_id=f.reviewer)
    if f.date_from or f.date_to:
        qs = qs.annotate(decided_at=Coalesce("published_at", "approved_at"))
        if f.date_from:
            qs = qs.filter(decided_at__date__gte=f.date_from)
        if f.date_to:
            qs = qs.filter(decided_at__date__lte=f.date_to)
    return qs


def _rating_label() -> Case:
    return Case(*[When(rating=slug, then=Value(label)) for slug, label, _ in settings.VERDICT_SCALE],
                default=Value(None), output_field=CharField())


def _rating_value() -> Case:
    return Case(*[When(rating=slug, then=Value(v)) for slug, _, v in settings.VERDICT_SCALE if v is not None],
                default=Value(None), output_field=IntegerField())


#: (header, expression or a function making it) for every export column, in order. The public URL's
#: expression reverses the URL conf, so it is made when a query is, not when this module is imported.
_COLUMNS: list[tuple[str, Any]] = [
    ("verdict_id", F("id")),
    ("claim_id", F("claim_id")),
    ("article_id", F("claim__article_id")),
    ("article_title", F("claim__article__title")),
    ("article_url", F("claim__article__url")),
    ("article_published", F("claim__article__published")),
    ("source", F("claim__article__source__name")),
    ("speaker", F("claim__speaker")),
    ("claim_kind", F("claim__kind")),
    ("claim_text", F("claim__text")),
    ("rating", F("rating")),
    ("rating_label", _rating_label),
    ("rating_value", _rating_value),
    ("status", F("status")),
    ("reviewer", F("reviewer__username")),
    ("editor", F("editor__username")),
    ("rationale", F("rationale")),
    ("approved_at", F("approved_at")),
    ("published_at", F("published_at")),
    # where readers find the check, and whether it was retracted: a retracted check was exported as a
    # live rating with nothing to tell it apart
    ("public_url", public_url_expression),
    ("retracted_at", F("retracted_at")),
]


def export_columns() -> list[tuple[str, Any]]:
    """(header, expression) for every export column, in order. One row per verdict."""
    return [(name, make() if callable(make) else make) for name, make in _COLUMNS]


EXPORT_HEADERS = [name for name, _ in _COLUMNS]


def export_rows(filters: ExportFilters | None = None) -> QuerySet:
    """A ``values_list`` queryset whose SQL selects exactly the export columns, in order (every column
    is an annotation, so the SELECT list order is the annotation order: safe to hand to COPY)."""
    columns = export_columns()
    aliases = {f"x_{name}": expr for name, expr in columns}
    return exportable_verdicts(filters).annotate(**aliases).values_list(*aliases).order_by("id")


def claimreview_verdicts(filters: ExportFilters | None = None) -> QuerySet[Verdict]:
    return (
        exportable_verdicts(filters)
        .filter(status__in=CLAIMREVIEW_STATUSES)
        .select_related("claim", "claim__article", "claim__article__source")
        .order_by("id")
    )


def claimreview_verdict(verdict_id: int) -> Verdict | None:
    return claimreview_verdicts().prefetch_related("corrections").filter(pk=verdict_id).first()


def report_verdicts(filters: ExportFilters | None = None) -> QuerySet[Verdict]:
    return (
        exportable_verdicts(filters)
        .select_related("claim", "claim__article", "claim__article__source", "reviewer", "editor")
        .prefetch_related("evidence", "corrections")
        .order_by("-claim__article__published", "claim__article_id", "claim__start", "id")
    )


def evidence_by_verdict(verdict_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    from reviewers.models import EvidenceLink

    out: dict[int, list[dict[str, Any]]] = {vid: [] for vid in verdict_ids}
    rows = EvidenceLink.objects.filter(verdict_id__in=verdict_ids).order_by("id").values(
        "verdict_id", "url", "title", "quote", "stance", "accessed_at", "check_status"
    )
    for row in rows:
        vid = row.pop("verdict_id")
        if row["accessed_at"] is not None:
            row["accessed_at"] = row["accessed_at"].isoformat()
        out[vid].append(row)
    return out


def job_for_user(job_id: int, user: Any) -> Any:
    from .models import ExportJob

    qs = ExportJob.objects.all()
    if not user.is_superuser:
        qs = qs.filter(requested_by=user)
    return qs.filter(pk=job_id).first()


def jobs_for_user(user: Any) -> QuerySet:
    from .models import ExportJob

    qs = ExportJob.objects.select_related("requested_by")
    if not user.is_superuser:
        qs = qs.filter(requested_by=user)
    return qs.order_by("-created_at", "-id")


def reviewers_with_exports() -> QuerySet:
    from django.contrib.auth import get_user_model

    # EXISTS per user (an index probe each) rather than joining every exportable verdict and
    # de-duplicating the users afterwards
    exported = Verdict.objects.filter(reviewer_id=OuterRef("pk"), status__in=EXPORTABLE_STATUSES)
    return get_user_model().objects.filter(Exists(exported)).order_by("username")


def filter_words(filters: ExportFilters) -> list[str]:
    """The filters other than the article and dates (which the report's heading names already) in words,
    for a printed report's heading: "rating False", "source Press TV", ... A report of the False verdicts
    read as the whole summary."""
    words = []
    if filters.rating:
        labels = {slug: label for slug, label, _value in settings.VERDICT_SCALE}
        words.append(f"rating {labels.get(filters.rating, filters.rating)}")
    if filters.status:
        words.append(f"{Verdict.Status(filters.status).label.lower()} only")
    if filters.source:
        name = Source.objects.filter(pk=filters.source).values_list("name", flat=True).first()
        words.append(f"source {name or f'#{filters.source} (none)'}")
    if filters.reviewer:
        user = get_user_model().objects.filter(pk=filters.reviewer).only("username").first()
        words.append(f"reviewer {user.get_username() if user else f'#{filters.reviewer} (none)'}")
    return words
