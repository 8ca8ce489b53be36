from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    """The project package as an app: its ready() makes our Celery app the current one."""

    name = "factcheck"

    def ready(self) -> None:
        # Before any @shared_task is called, so tasks bind to this app (broker from settings),
        # never to Celery's default app.
        from . import celery  # noqa: F401
