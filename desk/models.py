"""The dashboard's summary table: one row per figure, refreshed by the beat task
``desk.tasks.refresh_dashboard``, so a page view reads a handful of small rows instead of
aggregating a million claims."""

from __future__ import annotations

from django.db import models


class DashboardFigure(models.Model):
    key = models.CharField(max_length=40, primary_key=True)
    title = models.CharField(max_length=200)
    data = models.JSONField(help_text="columns, rows, chart (and extra) as computed by the figure's selector")
    computed_at = models.DateTimeField()
    compute_ms = models.PositiveIntegerField(default=0, help_text="How long the selector took.")

    class Meta:
        default_permissions = ()
        permissions = [("view_dashboard", "Can see the desk dashboard and its figures")]

    def __str__(self) -> str:
        return f"{self.key} ({self.computed_at:%Y-%m-%d %H:%M})"
