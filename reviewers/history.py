"""A claim's history (its own rows merged with its leases, names hidden by the blind-review rule)
and a verdict's history (with the fields each row changed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from claims import review_state as claim_review_state
from claims.models import Claim

from .models import Assignment, Verdict
from .visibility import blind_claim_ids, hidden_by_blind_review


def history_for_verdict(verdict: Verdict) -> list[Any]:
    """Verdict and evidence history rows, newest first, with the changed fields."""
    rows = list(verdict.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])
    out = []
    for i, h in enumerate(rows):
        prev = rows[i + 1] if i + 1 < len(rows) else None
        changed = []
        if prev is not None:
            changed = [c.field for c in h.diff_against(prev, excluded_fields=["updated_at", "version"]).changes]
        out.append({"row": h, "changed": changed})
    return out


#: Claim history rows that only repeated a lease (written before claims.review_state); the lease
#: records below say the same, with who and when.
_LEASE_REASONS = ("claimed", "lease expired", "released", "skipped", "reassigned")
#: How a lease ended, where the claim's own history does not already say it (a completed lease is
#: the claim's "verdict submitted" row, a removed one its "removed from queue" row, a reassigned
#: one the next lease's start).
_LEASE_ENDS = {Assignment.Outcome.RELEASED: "released", Assignment.Outcome.SKIPPED: "skipped",
               Assignment.Outcome.EXPIRED: "lease expired"}


@dataclass
class HistoryEntry:
    """One line of a claim's history: a change of the claim itself, or a lease (``source``).
    ``history_user_id``/``who`` are None/"" where nobody is named or the blind-review rule hides them
    (``history_user_hidden``)."""

    when: dt.datetime
    what: str
    state: str
    who: str = ""
    history_user_id: int | None = None
    history_user_hidden: bool = False
    default_who: str = "extraction"
    speaker: str = ""
    kind: str = ""
    text: str = ""
    source: str = "claim"

    @property
    def state_label(self) -> str:
        return claim_review_state.label(self.state)


def claim_history(user: Any, claim: Claim, limit: int = 30, *, blind: bool | None = None) -> list[HistoryEntry]:
    """The claim's history, newest first: its own history rows merged with its leases (who took it
    or was assigned it and by whom, and how the lease ended). Claim-next writes no claim row
    (``claims.review_state``), so the leases are what say "in review", for a change of the claim
    made during a lease too (its row stored "queued"). While the claim is in blind
    review the names of other people are hidden (``hidden_by_blind_review``), so a reviewer cannot
    tell who had it. Four queries, each bounded (three when the caller knows ``blind``, the claim's
    ``visibility.is_blind`` of its queue item)."""
    if blind is None:
        blind = bool(blind_claim_ids([claim.pk]))

    def person(user_id: int | None, name: str) -> dict[str, Any]:
        if hidden_by_blind_review(user, user_id, blind=blind):
            return {"who": "", "history_user_id": None, "history_user_hidden": True, "default_who": "hidden"}
        return {"who": name if user_id is not None else "", "history_user_id": user_id}

    rows = list(claim.history.select_related("history_user").exclude(history_change_reason__in=_LEASE_REASONS)
                .order_by("-history_date", "-history_id")[:limit])
    entries = [HistoryEntry(when=h.history_date, what=h.history_change_reason or h.get_history_type_display(),
                            state=h.status, speaker=h.speaker, kind=h.kind, text=h.text,
                            **person(h.history_user_id, h.history_user.get_username() if h.history_user else ""))
               for h in rows]
    leases = list(Assignment.objects.select_related("reviewer").filter(claim_id=claim.pk)
                  .order_by("-started_at", "-id")[:limit])
    assigned_by = {aid: (uid, name) for aid, uid, name in Assignment.history.filter(
        claim_id=claim.pk, history_type="+", history_user__isnull=False,
    ).values_list("id", "history_user_id", "history_user__username")}
    held = [(a.started_at, a.ended_at) for a in leases]
    for e in entries:  # a change made while a reviewer held the claim (a correction): "in review", not "queued"
        if e.state == Claim.Status.QUEUED and any(s <= e.when and (end is None or e.when < end) for s, end in held):
            e.state = Claim.Status.IN_REVIEW
    for a in leases:
        taker = person(a.reviewer_id, a.reviewer.get_username())
        by = assigned_by.get(a.pk)
        if by is None or by[0] == a.reviewer_id:  # claim-next (older ones kept a "+" row by the taker)
            entries.append(HistoryEntry(when=a.started_at, what="claimed", state=Claim.Status.IN_REVIEW,
                                        source="lease", **taker))
        else:
            entries.append(HistoryEntry(when=a.started_at, what=f"assigned to {taker['who'] or 'a reviewer'}",
                                        state=Claim.Status.IN_REVIEW, source="lease", **person(*by)))
        end = _LEASE_ENDS.get(a.outcome)
        if end and a.ended_at:
            ender = person(None, "") if a.outcome == Assignment.Outcome.EXPIRED else taker
            entries.append(HistoryEntry(when=a.ended_at, what=end, state=Claim.Status.QUEUED, source="lease",
                                        **{"default_who": "system", **ender}))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]

