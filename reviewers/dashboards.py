"""Reads for the start pages: what a reviewer or an editor should look at first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from claims.models import Article, ClaimLink

from .models import Assignment, QueueItem, Verdict

NEW_ARTICLES_WINDOW = dt.timedelta(days=1)


@dataclass
class ReviewerStart:
    lease: Assignment | None
    lease_seconds_left: int
    waiting_count: int
    waiting: list[QueueItem]
    drafts: list[Verdict]
    returned: list[Verdict]
    time_zone: str = field(default_factory=lambda: settings.TIME_ZONE)


def reviewer_start(user: Any, now: dt.datetime | None = None) -> ReviewerStart:
    now = now or timezone.now()
    lease = (Assignment.objects.select_related("claim", "claim__article")
             .filter(reviewer=user, outcome=Assignment.Outcome.ACTIVE).first())
    skipped = Assignment.objects.filter(reviewer=user, outcome=Assignment.Outcome.SKIPPED).values("queue_item_id")
    # what claim-next could hand this reviewer: not what they skipped, nor a blind round 2 of their own round 1
    waiting_qs = (QueueItem.objects.filter(status=QueueItem.Status.QUEUED).exclude(pk__in=skipped)
                  .exclude(first_reviewer=user))
    mine = Verdict.objects.select_related("claim", "claim__article").filter(reviewer=user)
    return ReviewerStart(
        lease=lease,
        lease_seconds_left=max(0, int((lease.lease_expires_at - now).total_seconds())) if lease else 0,
        waiting_count=waiting_qs.count(),
        waiting=list(waiting_qs.select_related("claim", "claim__article").order_by("-priority", "enqueued_at")[:5]),
        drafts=list(mine.filter(status=Verdict.Status.DRAFT).order_by("-updated_at")[:20]),
        returned=list(mine.filter(status=Verdict.Status.RETURNED).select_related("editor").order_by("-updated_at")[:20]),
    )


@dataclass
class EditorStart:
    awaiting_approval: list[Verdict]
    awaiting_publication: list[Verdict]
    stale_leases: list[QueueItem]
    failed_articles: list[Article]
    stuck_articles: list[Article]
    new_articles: list[Article]
    suggested_links: int
    to_adjudicate: list[QueueItem] = field(default_factory=list)  # blind reviews that differ


def editor_start(now: dt.datetime | None = None, user: Any = None) -> EditorStart:
    """``user``: the editor looking (a stale lease of a blind claim does not name its holder to them:
    ``selectors.shown_assignee``)."""
    from .selectors import adjudication_queue, shown_assignee

    now = now or timezone.now()
    # the same line the sweeper draws (STUCK_AFTER_SECONDS): past it, an unfinished extraction is stuck
    stuck_after = dt.timedelta(seconds=settings.STUCK_AFTER_SECONDS)
    verdicts = Verdict.objects.select_related("claim", "claim__article", "reviewer")
    articles = Article.objects.defer("body").select_related("source")
    stale_leases = list(QueueItem.objects.select_related("claim", "assigned_to")
                        .filter(status=QueueItem.Status.ASSIGNED, lease_expires_at__lt=now)
                        .order_by("lease_expires_at")[:20])
    for item in stale_leases:
        item.shown_assignee = shown_assignee(user, item)
    return EditorStart(
        awaiting_approval=list(verdicts.filter(status=Verdict.Status.SUBMITTED).order_by("submitted_at", "id")[:20]),
        awaiting_publication=list(verdicts.filter(status=Verdict.Status.APPROVED).order_by("approved_at", "id")[:20]),
        # A lease past its end that the sweeper has not collected yet (beat down?), oldest first.
        stale_leases=stale_leases,
        failed_articles=list(articles.filter(status=Article.Status.FAILED).order_by("-created_at")[:20]),
        stuck_articles=list(articles.filter(status__in=[Article.Status.PENDING, Article.Status.EXTRACTING],
                                            updated_at__lt=now - stuck_after).order_by("updated_at")[:20]),
        new_articles=list(articles.filter(created_at__gte=now - NEW_ARTICLES_WINDOW).order_by("-created_at")[:10]),
        suggested_links=ClaimLink.objects.filter(status=ClaimLink.Status.SUGGESTED).count(),
        to_adjudicate=list(adjudication_queue()[:20]),
    )

