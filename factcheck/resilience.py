"""What counts as a passing outage, and queueing a task without failing when the broker is away.

Tasks retry with backoff on ``TRANSIENT_ERRORS``; the API answers them with a JSON 503 and
``Retry-After``; work whose message could not be sent stays in the database and the sweeper
(``factcheck.sweeper``) queues it again once the broker is back.
"""

from __future__ import annotations

import logging
from typing import Any

import kombu.exceptions
import redis.exceptions
from django.db import InterfaceError, OperationalError, transaction

log = logging.getLogger(__name__)

DATABASE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)
TRANSIENT_ERRORS = DATABASE_ERRORS + BROKER_ERRORS

# Celery task options: retry a task that met an outage, waiting 1, 2, 4, ... up to 60 s (jittered).
RETRY_OPTIONS: dict[str, Any] = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 1,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 8,
}


def is_service_error(exc: BaseException) -> bool:
    """A database or broker/cache outage (as opposed to a bug or bad input)."""
    return isinstance(exc, TRANSIENT_ERRORS)


def send_task(task: Any, *args: Any) -> bool:
    """``task.delay(*args)`` now; False (logged) instead of an exception when the broker is down.

    What the task would work on is already stored, so nothing is lost: the sweeper queues it again.
    """
    try:
        task.delay(*args)
    except TRANSIENT_ERRORS:
        log.warning("could not queue %s%r: broker unreachable; the sweeper will queue it", task.name, args,
                    exc_info=True)
        return False
    except Exception as exc:
        if not task.app.conf.task_always_eager:
            raise
        # Embedded default (eager Celery): the task ran inside this request and failed. Eager runs skip the
        # task's on_failure hook, so it is called here, as a worker would (an article records its extraction
        # error); the request that stored the object must not answer 500 for it.
        log.exception("%s%r failed in-process; recorded by its on_failure hook", task.name, args)
        task.on_failure(exc, "", args, {}, None)
    return True


def send_on_commit(task: Any, *args: Any) -> dict[str, bool]:
    """Queue the task once the current transaction commits, never failing the commit's caller.

    Returns a dict that gets ``{"queued": True/False}`` once the message was (or could not be) sent;
    it stays empty while an outer transaction is still open.
    """
    outcome: dict[str, bool] = {}

    def _send() -> None:
        outcome["queued"] = send_task(task, *args)

    transaction.on_commit(_send)
    return outcome
