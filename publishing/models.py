"""The newsroom publishing the checks: one row, edited in the admin."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    """Who publishes the fact checks: ClaimReview ``author`` and the public pages' masthead.

    A single row (pk 1). Until an admin saves it, ``ORG_NAME``/``ORG_URL`` from the environment
    stand in (``publishing.selectors.organisation``).
    """

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500, help_text="The newsroom's home page.")
    logo_url = models.URLField(max_length=1000, blank=True, help_text="Address of the logo image (optional).")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisation settings"
        verbose_name_plural = "organisation settings"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
