"""The review side's part of changes to claims: claims sends its signals (claims.signals) and never
imports reviewers; these receivers, connected in ReviewersConfig.ready, do the queueing, the
"previously checked" marks and the checks and withdrawals a correction needs.

Each runs inside the sender's transaction; an exception (CorrectionError) refuses the change.
"""

from __future__ import annotations

from typing import Any

from claims import signals as claim_signals


def on_claims_ready_for_review(sender: Any, claim_ids: list[int], **kw: Any) -> int:
    """After extraction: queue the article's top claims. Returns how many were queued."""
    from .services.queue import enqueue_top_claims

    return enqueue_top_claims(claim_ids)


def on_claims_grouped(sender: Any, group_id: int, **kw: Any) -> None:
    """A group formed or grew: its claims point at its earliest published verdict's claim."""
    from .previously_checked import mark_group

    mark_group(group_id)


def on_claim_correcting(sender: Any, claim: Any, user: Any, doing: str, **kw: Any) -> None:
    from .selectors import check_correctable

    check_correctable(claim, doing)


def on_claims_withdrawn(sender: Any, claims: list[Any], user: Any, reason: str, **kw: Any) -> None:
    from .services.queue import withdraw_claims

    withdraw_claims(claims, user, reason)


def connect() -> None:
    """Called from ReviewersConfig.ready()."""
    claim_signals.claims_ready_for_review.connect(on_claims_ready_for_review, dispatch_uid="reviewers.queue_top")
    claim_signals.claims_grouped.connect(on_claims_grouped, dispatch_uid="reviewers.mark_group")
    claim_signals.claim_correcting.connect(on_claim_correcting, dispatch_uid="reviewers.check_correctable")
    claim_signals.claims_withdrawn.connect(on_claims_withdrawn, dispatch_uid="reviewers.withdraw_claims")
