from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """Webhooks to API consumers and the "has this been checked?" lookup.

    The top of the app layering: it listens to the signals claims and reviewers send and reads
    their models; nothing below imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
