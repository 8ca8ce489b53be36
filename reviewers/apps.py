from django.apps import AppConfig


class ReviewersConfig(AppConfig):
    """The review queue, leases, verdicts and their pages. Depends on claims, never the reverse:
    claims announces its changes (claims.signals) and ``receivers`` does the review side's part."""

    name = "reviewers"
    verbose_name = "Review queue and verdicts"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
