"""DRF's rate throttles, degrading instead of failing: their counters live in the cache (Redis when
configured); when the cache cannot be reached the request is let through and a warning logged, so
an outage of Redis does not take the whole API down with it."""

from __future__ import annotations

import logging
from typing import Any

from rest_framework import throttling

from .resilience import BROKER_ERRORS

log = logging.getLogger(__name__)


class _Degrading:
    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)  # type: ignore[misc]
        except BROKER_ERRORS:
            log.warning("throttling skipped: cache unreachable", exc_info=True)
            return True


class AnonRateThrottle(_Degrading, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_Degrading, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_Degrading, throttling.ScopedRateThrottle):
    pass
