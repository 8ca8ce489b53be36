"""Signed webhooks (Standard Webhooks): subscriptions, events, deliveries with retries, the log.

* ``emit`` runs inside the transaction of the change it reports (called from the signal the owning
  app sends), so an event exists if and only if the change committed; the delivery tasks are queued
  on commit.
* A delivery is taken for one attempt by a conditional update (pending and due, or a sending lease
  that ran out): two workers never send the same attempt. The HTTP request is made outside any
  transaction, then the attempt is logged and the delivery moves on: succeeded (2xx), pending
  with ``next_attempt_at`` (exponential backoff), or failed after the last attempt.
* Every request goes through the evidence link checker's connections, which refuse private,
  loopback and link-local peers on the connected socket (a DNS answer cannot sneak past).
* Signatures: ``webhook-signature`` carries one ``v1,...`` per valid secret, so after a rotation
  receivers holding either secret verify until the previous one expires.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import ipaddress
import json
import logging
import secrets
import time
import uuid
from dataclasses import dataclass
from http import client as http_client
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from .models import EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

log = logging.getLogger(__name__)

MANAGE_PERM = "integrations.manage_webhooks"
USER_AGENT = "factcheck-workbench-webhooks/1.0"
EXCERPT_BYTES = 500

_url_validator = URLValidator(schemes=["http", "https"])


# --- the private-address rule of the evidence link checker ---------------------------------------

def _link_checker() -> Any:
    from reviewers import link_checker

    return link_checker


def address_allowed(ip: str) -> bool:
    """The evidence link checker's rule (public unicast addresses only, unless configured)."""
    return _link_checker().address_allowed(ip)


# --- subscriptions -------------------------------------------------------------------------------

def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _require(user: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(MANAGE_PERM)):
        raise PermissionDenied("You may not manage webhooks.")


def validate_endpoint_input(url: str, events: list[str]) -> None:
    """ValidationError by field. A URL naming a private or local address literally (or localhost) is
    refused now; names are checked again on every connection."""
    errors: dict[str, str] = {}
    try:
        _url_validator(url or "")
        host = urlsplit(url).hostname or ""
        if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(".localhost"):
            if not address_allowed("127.0.0.1"):
                errors["url"] = "Webhooks are not sent to private or local addresses."
        else:
            try:
                ipaddress.ip_address(host.strip("[]"))
            except ValueError:
                pass
            else:
                if not address_allowed(host.strip("[]")):
                    errors["url"] = "Webhooks are not sent to private or local addresses."
    except ValidationError:
        errors["url"] = "Enter a valid http or https URL."
    known = set(EventType.values)
    if not events:
        errors["events"] = "Subscribe to at least one event: " + ", ".join(EventType.values) + "."
    elif any(e not in known for e in events):
        bad = sorted({e for e in events if e not in known})
        errors["events"] = f"Unknown event types {', '.join(bad)}; known: {', '.join(EventType.values)}."
    if errors:
        raise ValidationError(errors)


def create_endpoint(*, owner: Any, url: str, events: list[str], description: str = "") -> WebhookEndpoint:
    """Subscribe ``url`` to ``events``. The returned endpoint's ``secret`` is shown to the owner."""
    _require(owner)
    events = sorted(set(events or []))
    validate_endpoint_input(url, events)
    with transaction.atomic():
        return WebhookEndpoint.objects.create(owner=owner, url=url, events=events,
                                              description=(description or "").strip()[:300], secret=new_secret())


def update_endpoint(endpoint_id: int, user: Any, *, url: str | None = None, events: list[str] | None = None,
                    description: str | None = None, is_active: bool | None = None) -> WebhookEndpoint:
    _require(user)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
        new_url = endpoint.url if url is None else url
        new_events = endpoint.events if events is None else sorted(set(events))
        validate_endpoint_input(new_url, new_events)
        endpoint.url, endpoint.events = new_url, new_events
        if description is not None:
            endpoint.description = description.strip()[:300]
        if is_active is not None:
            endpoint.is_active = is_active
        endpoint.save()
        return endpoint


def rotate_secret(endpoint_id: int, user: Any, grace: dt.timedelta | None = None) -> WebhookEndpoint:
    """A new secret; the old one keeps signing (next to the new) for ``grace`` (default
    ``WEBHOOK_SECRET_GRACE_HOURS``) so receivers can switch without dropping a delivery."""
    _require(user)
    if grace is None:
        grace = dt.timedelta(hours=settings.WEBHOOK_SECRET_GRACE_HOURS)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint_id)
        endpoint.previous_secret = endpoint.secret if grace.total_seconds() > 0 else ""
        endpoint.previous_secret_expires_at = timezone.now() + grace if grace.total_seconds() > 0 else None
        endpoint.secret = new_secret()
        endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"])
        return endpoint


def delete_endpoint(endpoint_id: int, user: Any) -> None:
    _require(user)
    WebhookEndpoint.objects.filter(pk=endpoint_id).delete()


# --- events ----------------------------------------------------------------------------------------

def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def subscribers(event_type: str) -> list[int]:
    """Ids of the active endpoints subscribed to ``event_type`` (few rows: filtered here, which works
    alike on SQLite and PostgreSQL)."""
    return [e.pk for e in WebhookEndpoint.objects.filter(is_active=True).only("id", "events")
            if event_type in (e.events or [])]


def emit(event_type: str, data: dict) -> WebhookEvent | None:
    """Record an event and one delivery per active endpoint subscribed to it; the deliveries are sent
    after the surrounding transaction commits. ``None`` when nobody listens (nothing is stored)."""
    events = emit_many(event_type, [data])
    return events[0] if events else None


def emit_many(event_type: str, payloads: list[dict], endpoint_ids: list[int] | None = None) -> list[WebhookEvent]:
    if event_type not in EventType.values:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    endpoint_ids = subscribers(event_type) if endpoint_ids is None else endpoint_ids
    if not endpoint_ids or not payloads:
        return []
    with transaction.atomic():
        events = WebhookEvent.objects.bulk_create([WebhookEvent(type=event_type, payload=_json(d)) for d in payloads])
        now = timezone.now()
        deliveries = WebhookDelivery.objects.bulk_create([
            WebhookDelivery(endpoint_id=pk, event=event, msg_id=f"msg_{uuid.uuid4().hex}", next_attempt_at=now)
            for event in events for pk in endpoint_ids
        ])
        _send_on_commit([d.pk for d in deliveries])
    return events


def _send_on_commit(delivery_ids: list[int]) -> None:
    """Queue the sending after commit. ``robust``: a broker hiccup is logged, never turned into an
    error of the committed change (the periodic sweep picks the delivery up)."""
    from .tasks import deliver_webhook

    for pk in delivery_ids:
        transaction.on_commit(functools.partial(deliver_webhook.delay, pk), robust=True)


def body_for(delivery: WebhookDelivery) -> str:
    """The request body: Standard Webhooks' recommended envelope, the same bytes on every attempt."""
    event = delivery.event
    return json.dumps({"type": event.type, "timestamp": event.created_at.isoformat().replace("+00:00", "Z"),
                       "data": event.payload}, separators=(",", ":"), sort_keys=True)


def signing_secrets(endpoint: WebhookEndpoint, now: dt.datetime | None = None) -> list[str]:
    now = now or timezone.now()
    keys = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_expires_at and endpoint.previous_secret_expires_at > now:
        keys.append(endpoint.previous_secret)
    return keys


def signed_headers(delivery: WebhookDelivery, body: str, now: dt.datetime | None = None) -> dict[str, str]:
    now = now or timezone.now()
    sigs = [Webhook(key).sign(delivery.msg_id, now, body) for key in signing_secrets(delivery.endpoint, now)]
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": " ".join(sigs),
    }


# --- delivery --------------------------------------------------------------------------------------

@dataclass
class PostResult:
    status_code: int | None = None
    error: str = ""
    excerpt: str = ""


def post(url: str, body: str, headers: dict[str, str], timeout: float) -> PostResult:
    """One POST through the link checker's private-address-refusing connections; no redirects."""
    checker = _link_checker()
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return PostResult(error="bad port")
    if parts.scheme == "https":
        conn: http_client.HTTPConnection = checker.CheckedHTTPSConnection(parts.hostname, port, timeout=timeout)
    else:
        conn = checker.CheckedHTTPConnection(parts.hostname, port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("POST", path, body=body.encode("utf-8"), headers=headers)
        resp = conn.getresponse()
        excerpt = resp.read(EXCERPT_BYTES).decode("utf-8", "replace")
        return PostResult(status_code=resp.status, excerpt=excerpt)
    except checker.Refused as exc:
        return PostResult(error=str(exc))
    except TimeoutError:
        return PostResult(error=f"timed out after {timeout:g} s")
    except (OSError, http_client.HTTPException, ValueError) as exc:
        return PostResult(error=f"{type(exc).__name__}: {exc}"[:500])
    finally:
        conn.close()


def backoff_seconds(round_attempt: int) -> float:
    """Delay before retry n+1 after the n-th failed attempt of a round: base x 2^(n-1), capped."""
    base = float(settings.WEBHOOK_RETRY_BASE_SECONDS)
    return min(base * (2 ** max(round_attempt - 1, 0)), float(settings.WEBHOOK_RETRY_MAX_SECONDS))


@dataclass
class AttemptOutcome:
    delivery: WebhookDelivery
    attempt: WebhookAttempt
    retry_in: float | None  # seconds until the next attempt, None when done


def _take(delivery_id: int, now: dt.datetime) -> bool:
    lease = now + dt.timedelta(seconds=float(settings.WEBHOOK_TIMEOUT) * 2 + 30)
    due = Q(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=WebhookDelivery.Status.SENDING, lease_expires_at__lt=now)
    return WebhookDelivery.objects.filter(due, pk=delivery_id).update(
        status=WebhookDelivery.Status.SENDING, lease_expires_at=lease, attempts=F("attempts") + 1,
        round_attempts=F("round_attempts") + 1, updated_at=now) == 1


def attempt_delivery(delivery_id: int) -> AttemptOutcome | None:
    """Send one attempt of a delivery if it is due and nobody else is sending it; log it. Idempotent:
    ``None`` when there is nothing to do (delivered, given up, not yet due, taken by another worker)."""
    now = timezone.now()
    if not _take(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint", "event", "endpoint__owner").get(pk=delivery_id)
    endpoint = delivery.endpoint
    owner = endpoint.owner
    started = timezone.now()
    t0 = time.monotonic()
    if not endpoint.is_active:
        result = PostResult(error="the endpoint is disabled")
    elif not (owner.is_active and owner.has_perm(MANAGE_PERM)):
        result = PostResult(error="the endpoint's owner may no longer receive webhooks")
    else:
        body = body_for(delivery)
        result = post(endpoint.url, body, signed_headers(delivery, body, started), float(settings.WEBHOOK_TIMEOUT))
    duration_ms = int((time.monotonic() - t0) * 1000)
    ok = result.status_code is not None and 200 <= result.status_code < 300
    hopeless = not endpoint.is_active or "owner" in result.error
    with transaction.atomic():
        attempt = WebhookAttempt.objects.create(
            delivery_id=delivery.pk, number=delivery.attempts, manual=delivery.manual, started_at=started,
            duration_ms=duration_ms, status_code=result.status_code, error=result.error[:500],
            response_excerpt=result.excerpt[:500])
        fields: dict[str, Any] = {"last_status_code": result.status_code, "manual": False,
                                  "last_error": (result.error or ("" if ok else f"HTTP {result.status_code}"))[:500],
                                  "lease_expires_at": None, "updated_at": timezone.now()}
        retry_in: float | None = None
        if ok:
            fields.update(status=WebhookDelivery.Status.SUCCEEDED, delivered_at=timezone.now(), next_attempt_at=None)
        elif hopeless or delivery.round_attempts >= int(settings.WEBHOOK_MAX_ATTEMPTS):
            fields.update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
        else:
            retry_in = backoff_seconds(delivery.round_attempts)
            fields.update(status=WebhookDelivery.Status.PENDING,
                          next_attempt_at=timezone.now() + dt.timedelta(seconds=retry_in))
        # Only if our lease still holds (attempt count unchanged): a stale worker never overwrites.
        WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.SENDING,
                                       attempts=delivery.attempts).update(**fields)
    delivery.refresh_from_db()
    return AttemptOutcome(delivery, attempt, retry_in)


def redeliver(delivery_id: int, user: Any) -> WebhookDelivery:
    """Send a delivery again now (same ``webhook-id``), with a fresh round of retries."""
    _require(user)
    with transaction.atomic():
        changed = WebhookDelivery.objects.filter(pk=delivery_id).exclude(
            status=WebhookDelivery.Status.SENDING).update(
            status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now(), round_attempts=0, manual=True,
            updated_at=timezone.now())
        delivery = WebhookDelivery.objects.get(pk=delivery_id)
        if changed != 1:
            from reviewers.services import ConflictError

            raise ConflictError("This delivery is being sent right now; try again in a moment.")
        _send_on_commit([delivery.pk])
    return delivery


def due_delivery_ids(limit: int = 500) -> list[int]:
    """Deliveries whose next attempt is due (or whose sending lease ran out): the periodic sweep
    re-queues them, so a lost task or a worker restart delays a delivery but never drops it."""
    now = timezone.now()
    return list(WebhookDelivery.objects.filter(
        Q(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=WebhookDelivery.Status.SENDING, lease_expires_at__lt=now)
    ).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def send_test_event(endpoint_id: int, user: Any) -> WebhookDelivery:
    """A ``ping``-like delivery to one endpoint (an event of the endpoint's first type, marked test)."""
    _require(user)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
        event = WebhookEvent.objects.create(type=(endpoint.events or [EventType.VERDICT_PUBLISHED])[0],
                                            payload={"test": True, "endpoint": endpoint.pk})
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, msg_id=f"msg_{uuid.uuid4().hex}",
                                                  next_attempt_at=timezone.now(), manual=True)
        _send_on_commit([delivery.pk])
    return delivery

