from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    """``Idempotency-Key`` for API writes clients retry. A bottom layer: depends on nothing of ours,
    so claims and reviewers can decorate their views with it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "idempotency"
