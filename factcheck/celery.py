"""Celery application. Eager (in-process) unless a broker is configured; see settings."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="factcheck.sweep", ignore_result=True)
def sweep() -> dict:
    """Beat, every minute: re-queue (or fail) work stuck past STUCK_AFTER_SECONDS (factcheck.sweeper)."""
    from .sweeper import sweep as run

    return run().as_dict()
