"""Reads: which endpoints and deliveries a user may see (their own)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import WebhookDelivery, WebhookEndpoint


def visible_endpoints(user: Any) -> QuerySet[WebhookEndpoint]:
    """A consumer's own subscriptions; superusers see all. Anyone else's endpoint does not exist (404)."""
    qs = WebhookEndpoint.objects.order_by("id")
    return qs if getattr(user, "is_superuser", False) else qs.filter(owner_id=user.pk)


def visible_deliveries(user: Any) -> QuerySet[WebhookDelivery]:
    qs = WebhookDelivery.objects.select_related("event").prefetch_related("attempt_log").order_by("-created_at", "-id")
    return qs if getattr(user, "is_superuser", False) else qs.filter(endpoint__owner_id=user.pk)
