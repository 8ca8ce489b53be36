"""Editors' bulk actions on the review queue: one priority, one assignee or removal for many rows.

Each row goes through the service that changes one row (``set_priority``, ``reassign``,
``remove_from_queue``), so the rules, the permission check and the history rows are exactly those
of a single change. The rows share one transaction, each in its own savepoint: a row the workflow
refuses (done meanwhile, a reviewer who already holds a claim) is left as it was and reported with
the reason, the others change. ``dry_run=True`` runs the same code and rolls everything back, so the
confirmation page shows what confirming will do without a second copy of the rules.

Rows are taken in id order, so two editors acting on overlapping selections lock them in the same
order (no deadlock on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from factcheck.params import parse_id

from . import services
from .models import QueueItem

ACTIONS: dict[str, str] = {
    "priority": "Set priority",
    "reassign": "Reassign",
    "remove": "Remove from the queue",
}
MAX_ROWS = 200


@dataclass
class RowOutcome:
    """What happened (or, in a dry run, would happen) to one selected row."""

    item_id: int
    changed: bool
    note: str
    item: QueueItem | None = None  # as it was before the action, for display


@dataclass
class BulkResult:
    action: str
    dry_run: bool
    rows: list[RowOutcome] = field(default_factory=list)

    @property
    def changed(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.changed]

    @property
    def unchanged(self) -> list[RowOutcome]:
        return [r for r in self.rows if not r.changed]


def parse_ids(values: Iterable[Any]) -> list[int]:
    """Selected row ids from a form or a request body: whole numbers, each once, at most MAX_ROWS."""
    ids: list[int] = []
    for value in values:
        pk = parse_id(value)
        if pk is None:
            raise services.InvalidInput("The selection is not a list of queue rows.", errors={"ids": "Not an id."})
        if pk not in ids:
            ids.append(pk)
    if not ids:
        raise services.InvalidInput("Select at least one row first.", errors={"ids": "Nothing selected."})
    if len(ids) > MAX_ROWS:
        raise services.InvalidInput(f"Select at most {MAX_ROWS} rows at once.", errors={"ids": "Too many rows."})
    return ids


def _who(item: QueueItem, viewer: Any) -> str:
    """The lease holder's name, or "someone" (none loaded, or a blind review hides them from ``viewer``)."""
    from .visibility import shown_assignee

    who = shown_assignee(viewer, item) if item.assigned_to_id else None
    return who.get_username() if who is not None else "someone"


def _act(item: QueueItem, action: str, by_user: Any, priority: int | None, to_user: Any, reason: str) -> str:
    """Change one row through its single-row service; the sentence that says what changed."""
    if action == "priority":
        services.set_priority(item.pk, priority, by_user)
        return f"Priority {item.priority} → {priority}."
    if action == "reassign":
        services.reassign(item.pk, to_user, by_user, reason)
        ended = f" ({_who(item, by_user)}'s lease ends)" if item.status == QueueItem.Status.ASSIGNED else ""
        return f"Assigned to {to_user.get_username()}{ended}."
    services.remove_from_queue(item.pk, by_user)
    if item.status == QueueItem.Status.ASSIGNED:
        return f"Removed; {_who(item, by_user)}'s lease ends."
    return "Removed from the queue."


def apply(by_user: Any, action: str, ids: Iterable[Any], *, priority: Any = None, to_user: Any = None,
          reason: str = "", dry_run: bool = False) -> BulkResult:
    """Apply ``action`` ("priority", "reassign" or "remove") to the queue rows ``ids``.

    Raises ``InvalidInput`` when the request as a whole is wrong (no rows, no reviewer chosen, a
    priority that is not a number) and ``NotAllowed`` without the manage-queue permission; a row
    the workflow refuses is reported in the result instead.
    """
    services._require(by_user, services.MANAGE_PERM, "change the queue")
    if action not in ACTIONS:
        raise services.InvalidInput("Choose what to do with the selected rows.", errors={"action": "Unknown action."})
    id_list = sorted(parse_ids(ids))
    value: int | None = None
    if action == "priority":
        if priority is None or str(priority).strip() == "":
            raise services.InvalidInput("Type the new priority first.", errors={"priority": "Required."})
        value = services._parse_priority(priority)
    if action == "reassign" and to_user is None:
        raise services.InvalidInput("Choose a reviewer to assign the selected rows to.",
                                    errors={"to_user": "Choose a reviewer."})
    result = BulkResult(action=action, dry_run=dry_run)
    with transaction.atomic():
        before = QueueItem.objects.select_related("claim", "claim__article", "assigned_to").in_bulk(id_list)
        for item_id in id_list:
            item = before.get(item_id)
            if item is None:
                result.rows.append(RowOutcome(item_id, False, "No such queue item."))
                continue
            if action == "priority" and item.priority == value and item.status in (
                    QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED):
                result.rows.append(RowOutcome(item_id, False, f"Already at priority {value}.", item))
                continue
            if action == "reassign" and item.status == QueueItem.Status.ASSIGNED and item.assigned_to_id == to_user.pk:
                result.rows.append(RowOutcome(item_id, False, f"Already assigned to {to_user.get_username()}.", item))
                continue
            try:
                with transaction.atomic():
                    note = _act(item, action, by_user, value, to_user, reason)
            except services.WorkflowError as exc:
                if isinstance(exc, services.NotAllowed):
                    raise
                result.rows.append(RowOutcome(item_id, False, exc.message, item))
            else:
                result.rows.append(RowOutcome(item_id, True, note, item))
        if dry_run:
            transaction.set_rollback(True)
    return result


def summary(result: BulkResult) -> str:
    """One sentence for the message after confirming."""
    n = len(result.changed)
    rows = f"{n} row{'s' if n != 1 else ''}"
    text = {"priority": f"Priority changed on {rows}.", "reassign": f"Reassigned {rows}.",
            "remove": f"Removed {rows} from the queue."}[result.action]
    if result.unchanged:
        m = len(result.unchanged)
        text += f" {m} left as {'they were' if m != 1 else 'it was'}: " + "; ".join(
            f"#{r.item_id}: {r.note}" for r in result.unchanged[:5])
        if m > 5:
            text += f"; and {m - 5} more"
    return text
