"""Idempotency-Key: begin (claim the key or find what happened to it), finish, abandon.

One row per (user, key) in the database, so every web process on every machine agrees:
* no row (or an expired one): the request runs; the row is ``in_flight`` (committed at once);
* same key, another method/path/body: 422;
* same key while the first still runs: 409 (a row in flight for longer than
  ``IDEMPOTENCY_IN_FLIGHT_SECONDS`` is taken over: the first request is taken to have died);
* same key after it finished: the stored response, replayed.
Responses of 5xx (and exceptions) are not kept: the row is deleted and a retry runs again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import IdempotencyRecord

MAX_KEY_LENGTH = 255


class KeyInvalid(ValueError):
    pass


def fingerprint(method: str, path: str, body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{method.upper()} {path}\n{canonical}".encode()).hexdigest()


def check_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise KeyInvalid(f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} printable characters.")
    return key


@dataclass
class Begin:
    outcome: str  # "run" | "replay" | "conflict" | "mismatch"
    record: IdempotencyRecord | None = None


def begin(user: Any, key: str, print_: str, now: dt.datetime | None = None) -> Begin:
    now = now or timezone.now()
    key = check_key(key)
    expires = now + dt.timedelta(hours=float(settings.IDEMPOTENCY_KEY_TTL_HOURS))
    stale = now - dt.timedelta(seconds=float(settings.IDEMPOTENCY_IN_FLIGHT_SECONDS))
    for _ in range(3):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(user=user, key=key, fingerprint=print_,
                                                          started_at=now, expires_at=expires)
            return Begin("run", record)
        except IntegrityError:
            pass
        record = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if record is None:
            continue  # finished-and-deleted or purged in between: try to claim again
        if record.expires_at <= now:
            IdempotencyRecord.objects.filter(pk=record.pk, expires_at__lte=now).delete()
            continue
        if record.fingerprint != print_:
            return Begin("mismatch", record)
        if record.state == IdempotencyRecord.State.DONE:
            return Begin("replay", record)
        # In flight: ours to take over only if the first request has clearly died (one winner).
        if record.started_at < stale and IdempotencyRecord.objects.filter(
                pk=record.pk, state=IdempotencyRecord.State.IN_FLIGHT, started_at=record.started_at).update(
                started_at=now, expires_at=expires) == 1:
            record.started_at, record.expires_at = now, expires
            return Begin("run", record)
        return Begin("conflict", record)
    return Begin("conflict", None)


def finish(record: IdempotencyRecord, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
    """Keep the response for replays; a 5xx is not kept (a retry should run again)."""
    if status >= 500:
        abandon(record)
        return
    IdempotencyRecord.objects.filter(pk=record.pk, started_at=record.started_at).update(
        state=IdempotencyRecord.State.DONE, response_status=status, response_body=body, response_headers=headers or {})


def abandon(record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk, started_at=record.started_at,
                                     state=IdempotencyRecord.State.IN_FLIGHT).delete()


def purge_expired(now: dt.datetime | None = None) -> int:
    return IdempotencyRecord.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]
