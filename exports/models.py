"""Background export jobs: very large exports are written to a file by a Celery worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExportJob(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"
        JSONL = "jsonl", "JSON Lines"
        CLAIMREVIEW = "claimreview", "ClaimReview JSON-LD feed"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    format = models.CharField(max_length=12, choices=Format.choices)
    filters = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="export_jobs"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveBigIntegerField(default=0, help_text="Rows written so far.")
    total = models.PositiveBigIntegerField(null=True, blank=True, help_text="Rows to write (counted at start).")
    file = models.CharField(max_length=500, blank=True, help_text="Path relative to MEDIA_ROOT.")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written every few seconds by the worker running the job (from its own connection, see
    # exports.services): a running job whose heartbeat stopped was lost with its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, db_default=0, help_text="Runs started (the sweeper re-runs lost jobs)."
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.format}, {self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.progress * 100 / self.total))

    @property
    def filename(self) -> str:
        ext = {"csv": "csv", "json": "json", "jsonl": "jsonl", "claimreview": "jsonld"}[self.format]
        return f"verdicts-export-{self.pk}.{ext}"
