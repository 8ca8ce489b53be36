"""Failed sign-ins, limited: password guessing on the login pages (the site's and the admin's) is
stopped after a few tries, per account and address, and per address across accounts.

Counters live in the cache (Redis when configured, shared by every process and machine) in fixed
windows of ``LOGIN_LOCKOUT_SECONDS``:

- one account from one address: ``LOGIN_FAILURE_LIMIT`` failures (a person mistyping is not
  locked for long, an attacker is slowed to a handful of tries per window);
- one address across accounts: ``LOGIN_FAILURE_LIMIT_PER_ADDRESS`` (password spraying).

There is deliberately no limit per account alone: anyone could then lock a colleague out by
typing wrong passwords under their name. A successful sign-in clears its account's counter. When
the cache cannot be reached, sign-in goes on unlimited and a warning is logged (as the API's
throttles do): an outage of Redis must not lock the whole desk out.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

from factcheck.resilience import BROKER_ERRORS

log = logging.getLogger(__name__)


def _window() -> int:
    return int(getattr(settings, "LOGIN_LOCKOUT_SECONDS", 900))


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    account = hashlib.sha256(f"{username.strip().lower()}|{address}".encode()).hexdigest()[:32]
    return [(f"login-fail:account:{account}", int(getattr(settings, "LOGIN_FAILURE_LIMIT", 10))),
            (f"login-fail:address:{address}", int(getattr(settings, "LOGIN_FAILURE_LIMIT_PER_ADDRESS", 100)))]


def client_address(request: Any) -> str:
    """The address a sign-in came from (REMOTE_ADDR: the proxy's own when one stands in front, which
    then shares the per-address limit; the per-account limit is unaffected)."""
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR") or "unknown"


def seconds_locked(username: str, address: str) -> int:
    """Seconds until ``username`` may try again from ``address`` (0: it may now)."""
    try:
        keys = _keys(username, address)
        found = cache.get_many([k for k, _ in keys] + [k + ":start" for k, _ in keys])
    except BROKER_ERRORS:
        log.warning("login limit not checked: cache unreachable", exc_info=True)
        return 0
    wait = 0
    for key, limit in keys:
        if int(found.get(key) or 0) >= limit:
            start = float(found.get(key + ":start") or time.time())
            wait = max(wait, math.ceil(start + _window() - time.time()), 1)
    return wait


def record_failure(username: str, address: str) -> None:
    """Count one failed sign-in in the current window of each counter."""
    try:
        for key, _ in _keys(username, address):
            cache.add(key + ":start", time.time(), _window())
            cache.add(key, 0, _window())
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr: a new window starts with this failure
                cache.set(key, 1, _window())
    except BROKER_ERRORS:
        log.warning("failed login not counted: cache unreachable", exc_info=True)


def clear(username: str, address: str) -> None:
    """A successful sign-in: the account's counter from that address starts again (the address's
    counter across accounts is kept: one right password does not reset a spraying run)."""
    key, _ = _keys(username, address)[0]
    try:
        cache.delete_many([key, key + ":start"])
    except BROKER_ERRORS:
        log.warning("login counter not cleared: cache unreachable", exc_info=True)
