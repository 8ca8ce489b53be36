"""The sweeper: finds work stuck past ``STUCK_AFTER_SECONDS`` and queues it again (or fails it).

Messages can be lost (Redis restarted without persistence, a publish during an outage) and workers
can die mid-task; the database still says what is unfinished, so one periodic sweep recovers it:

- articles ``pending``/``extracting`` unchanged for longer than the timeout, and ``failed`` ones
  with attempts left (``EXTRACTION_MAX_ATTEMPTS``): extraction queued again;
- export jobs ``queued`` too long, or ``running`` with a heartbeat older than the timeout: queued
  again (partial files removed) while attempts are left, else ``failed`` with the reason;
- evidence links never checked: check queued again;
- extracted claims never indexed for linking: linking queued again.

Every task is idempotent and extraction runs once per article at a time, so a sweep that races a
slow-but-alive worker costs a repeat, never a duplicate. Run by beat every minute
(``factcheck.sweep``) and by ``manage.py requeue_stuck``; safe to run from several places at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .resilience import send_task

log = logging.getLogger(__name__)

LINK_SWEEP_WINDOW = dt.timedelta(days=2)
LINK_BATCH = 500


@dataclass
class SweepReport:
    articles_requeued: list[int] = field(default_factory=list)
    articles_failed: list[int] = field(default_factory=list)
    exports_requeued: list[int] = field(default_factory=list)
    exports_failed: list[int] = field(default_factory=list)
    evidence_requeued: list[int] = field(default_factory=list)
    claims_relinked: int = 0
    partial_files_removed: int = 0
    not_sent: int = 0

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items()}

    def lines(self) -> list[str]:
        def ids(values: list[int]) -> str:
            return ", ".join(str(v) for v in values[:50]) + (" ..." if len(values) > 50 else "")

        out = []
        for label, values in (
            ("articles re-queued", self.articles_requeued),
            ("articles failed", self.articles_failed),
            ("export jobs re-queued", self.exports_requeued),
            ("export jobs failed", self.exports_failed),
            ("evidence checks re-queued", self.evidence_requeued),
        ):
            out.append(f"{label}: {len(values)}" + (f" ({ids(values)})" if values else ""))
        out.append(f"claims re-queued for linking: {self.claims_relinked}")
        out.append(f"partial export files removed: {self.partial_files_removed}")
        if self.not_sent:
            out.append(f"NOT queued (broker unreachable, next sweep retries): {self.not_sent}")
        return out


def stuck_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.STUCK_AFTER_SECONDS)


def stuck_articles(now: dt.datetime | None = None):
    """Articles waiting for or in extraction longer than the timeout (a selector; used by /health/)."""
    from claims.models import Article

    cutoff = (now or timezone.now()) - stuck_after()
    return Article.objects.filter(
        status__in=[Article.Status.PENDING, Article.Status.EXTRACTING], updated_at__lt=cutoff
    )


def stuck_export_jobs(now: dt.datetime | None = None):
    from exports.models import ExportJob

    cutoff = (now or timezone.now()) - stuck_after()
    return ExportJob.objects.filter(
        Q(status=ExportJob.Status.QUEUED, created_at__lt=cutoff)
        & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=cutoff))
        | Q(status=ExportJob.Status.RUNNING)
        & (Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
    )


def work_counts() -> dict[str, int]:
    """How much work is stuck or failed, for /health/ and monitoring."""
    from claims.models import Article
    from exports.models import ExportJob

    return {
        "articles_stuck": stuck_articles().count(),
        "articles_failed": Article.objects.filter(status=Article.Status.FAILED).count(),
        "exports_stuck": stuck_export_jobs().count(),
        "exports_failed": ExportJob.objects.filter(status=ExportJob.Status.FAILED).count(),
    }


def sweep(now: dt.datetime | None = None) -> SweepReport:
    """One pass over everything that can get stuck."""
    now = now or timezone.now()
    report = SweepReport()
    _sweep_articles(now, report)
    _sweep_exports(now, report)
    _sweep_evidence(now, report)
    _sweep_linking(now, report)
    if any((report.articles_requeued, report.articles_failed, report.exports_requeued, report.exports_failed,
            report.evidence_requeued, report.claims_relinked)):
        log.warning("sweeper: %s", "; ".join(report.lines()))
    return report


def _sweep_articles(now: dt.datetime, report: SweepReport) -> None:
    from claims.models import Article
    from claims.tasks import extract_article

    max_attempts = settings.EXTRACTION_MAX_ATTEMPTS
    stuck = list(stuck_articles(now).order_by("pk").values_list("pk", "status", "extraction_attempts", "updated_at"))
    cutoff = now - stuck_after()
    retry_failed = list(
        Article.objects.filter(status=Article.Status.FAILED, extraction_attempts__lt=max_attempts,
                               updated_at__lt=cutoff)
        .order_by("pk").values_list("pk", "status", "extraction_attempts", "updated_at")
    )
    for pk, status, attempts, updated_at in stuck + retry_failed:
        if attempts >= max_attempts and status != Article.Status.FAILED:
            # Started this often and never finished (each run killed its worker?): stop and say so.
            changed = Article.objects.filter(pk=pk, status=status, updated_at=updated_at).update(
                status=Article.Status.FAILED, updated_at=now,
                extraction_error=f"Extraction did not finish after {attempts} attempts (worker lost or timed out); "
                                 "an editor can re-extract it.",
            )
            if changed:
                report.articles_failed.append(pk)
            continue
        # Touch the row first (conditionally: a worker may be finishing it right now), so that a
        # concurrent sweep does not queue it twice and the next sweep waits a full timeout again.
        changed = Article.objects.filter(pk=pk, status=status, updated_at=updated_at).update(
            status=Article.Status.PENDING, updated_at=now
        )
        if not changed:
            continue
        report.articles_requeued.append(pk)
        if not send_task(extract_article, pk):
            report.not_sent += 1


def _sweep_exports(now: dt.datetime, report: SweepReport) -> None:
    from exports.models import ExportJob
    from exports.services import remove_partial_files
    from exports.tasks import run_export

    max_attempts = settings.EXPORT_MAX_ATTEMPTS
    for job in stuck_export_jobs(now).order_by("pk"):
        with transaction.atomic():
            locked = (ExportJob.objects.select_for_update(skip_locked=True)
                      .filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at).first())
            if locked is None:
                continue  # changed meanwhile (a worker picked it up) or another sweep has it
            report.partial_files_removed += remove_partial_files(locked)
            if locked.status == ExportJob.Status.RUNNING and locked.attempts >= max_attempts:
                locked.status = ExportJob.Status.FAILED
                locked.error = (f"The worker running this export stopped (no heartbeat since "
                                f"{locked.heartbeat_at or locked.started_at:%Y-%m-%d %H:%M:%S} UTC) "
                                f"{locked.attempts} times; retry it.")
                locked.finished_at = now
                locked.save(update_fields=["status", "error", "finished_at"])
                report.exports_failed.append(locked.pk)
                continue
            locked.status = ExportJob.Status.QUEUED
            locked.progress = 0
            locked.heartbeat_at = now  # the next sweep waits a full timeout before touching it again
            locked.save(update_fields=["status", "progress", "heartbeat_at"])
        report.exports_requeued.append(job.pk)
        if not send_task(run_export, job.pk):
            report.not_sent += 1


def _sweep_evidence(now: dt.datetime, report: SweepReport) -> None:
    from reviewers.models import EvidenceLink
    from reviewers.tasks import check_evidence_link

    cutoff = now - stuck_after()
    ids = list(
        EvidenceLink.objects.filter(check_status=EvidenceLink.CheckStatus.PENDING, checked_at__isnull=True,
                                    created_at__lt=cutoff, created_at__gte=now - LINK_SWEEP_WINDOW)
        .order_by("id").values_list("pk", flat=True)[:LINK_BATCH]
    )
    for pk in ids:
        report.evidence_requeued.append(pk)
        if not send_task(check_evidence_link, pk):
            report.not_sent += 1


def _sweep_linking(now: dt.datetime, report: SweepReport) -> None:
    from claims.models import Article, Claim
    from claims.tasks import link_claims

    cutoff = now - stuck_after()
    ids = list(
        Claim.objects.filter(article__status=Article.Status.EXTRACTED, created_at__lt=cutoff,
                             created_at__gte=now - LINK_SWEEP_WINDOW, signatures__isnull=True)
        .order_by("id").values_list("pk", flat=True)[:LINK_BATCH]
    )
    if ids:
        report.claims_relinked = len(ids)
        if not send_task(link_claims, ids):
            report.not_sent += 1
