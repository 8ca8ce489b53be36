"""Checks behind /health/: database, broker and workers."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import connection


def check_database() -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception as exc:  # any driver error means "down"; report it, don't raise
        return {"ok": False, "error": str(exc)[:200]}
    return {"ok": True, "vendor": connection.vendor, "ms": round((time.perf_counter() - t0) * 1000, 1)}


def check_broker() -> dict[str, Any]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager", "detail": "tasks run in-process; no broker configured"}
    try:
        import redis

        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
    except Exception as exc:
        return {"ok": False, "mode": "redis", "error": str(exc)[:200]}
    return {"ok": True, "mode": "redis"}


def check_workers(timeout: float = 1.0) -> dict[str, Any]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager", "count": 0}
    from factcheck.celery import app

    try:
        # An explicit connection: the broker named in settings now, not whatever the app cached.
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            replies = app.control.ping(timeout=timeout, connection=conn) or []
    except Exception as exc:
        return {"ok": False, "error": str(exc)[:200], "count": 0}
    names = sorted(name for reply in replies for name in reply)
    return {"ok": bool(names), "count": len(names), "workers": names}


def check_work(database_ok: bool) -> dict[str, Any]:
    """How many articles and export jobs are stuck (past STUCK_AFTER_SECONDS) or failed. Informative:
    it does not make the service unhealthy (the sweeper deals with stuck work; failed is for people)."""
    if not database_ok:
        return {"ok": None, "error": "database unreachable"}
    from .sweeper import work_counts

    try:
        counts = work_counts()
    except Exception as exc:
        return {"ok": None, "error": str(exc)[:200]}
    return {"ok": None, "stuck_after_seconds": settings.STUCK_AFTER_SECONDS, **counts}


def health_report() -> dict[str, Any]:
    report = {"database": check_database(), "broker": check_broker(), "workers": check_workers()}
    report["ok"] = all(part["ok"] for part in report.values() if isinstance(part, dict))
    report["work"] = check_work(report["database"]["ok"])
    return report


#: What a component's failure is called on the public report: the raw driver text (hostnames, ports,
#: the database user) and the workers' names are for the desk's staff and the logs only.
PUBLIC_ERROR = "unreachable"


def public_report(report: dict[str, Any]) -> dict[str, Any]:
    """The report as anyone may read it (load balancers, uptime monitors): states, modes and counts,
    no error text and no worker names."""
    out: dict[str, Any] = {}
    for name, part in report.items():
        if isinstance(part, dict):
            part = {k: v for k, v in part.items() if k != "workers"}
            if "error" in part:
                part["error"] = PUBLIC_ERROR
        out[name] = part
    return out
