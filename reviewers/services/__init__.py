"""Writes for the review queue, assignments (leases), verdicts and evidence.

Plain functions used alike by the web UI, the REST API, Celery tasks and management commands.
Each checks who may do what and raises a ``factcheck.errors.WorkflowError`` subclass carrying a
message a person can act on (``status_code`` says how an HTTP layer should map it).

Where each rule lives:

- ``queue``: automatic queueing of an article's top claims, queueing by hand, priority, removal;
- ``claim_next``: handing out the next claim (the portable path, and claim groups);
- ``claim_next_pg``: the same on PostgreSQL in one prepared statement (the common case);
- ``leases``: expiry, release, skip, reassignment, extension on save;
- ``verdicts``: save, submit, approve, return, publish;
- ``blind``: blind second review (rules, the two rounds, adjudication);
- ``evidence``: validating and replacing a verdict's evidence links, recording a link check;
- ``base``: the permission check, history rows for ``.update()`` writes, the claim status that
  follows queueing and the verdict, the locks that serialise hand-outs. A lease is never copied
  into the claim: ``claims.review_state`` reads "in review" from the queue item.

Reads (``verdict_for_claim``, ``edit_state``, who may edit) are in ``reviewers.selectors``; the
HTTP fetch of an evidence link is ``reviewers.link_checker``.

Races are settled in the database: claim-next takes the next row with ``FOR UPDATE SKIP LOCKED``
(PostgreSQL) or inside a ``BEGIN IMMEDIATE`` transaction (SQLite, see settings); state changes are
conditional updates whose row count is checked. Every change writes django-simple-history rows
(explicitly where ``.update()`` is used), except claim-next's own (see ``claim_next``).

The names below are re-exported so callers can keep ``from reviewers import services``.
"""

from factcheck.errors import ConflictError, InvalidInput, NotAllowed, NotFound, WorkflowError
from reviewers.link_checker import CheckResult, fetch_evidence
from reviewers.permissions import APPROVE_PERM, MANAGE_PERM, QUEUE_CLAIM_PERM, REVIEW_PERM
from reviewers.selectors import (
    EDITOR_EDITABLE,
    REVIEWER_EDITABLE,
    EditState,
    edit_state,
    verdict_for_claim,
)

from .base import _history, _require, _save
from .blind import (
    adjudicate,
    create_rule,
    delete_rule,
    require_second_review,
    save_round,
    set_rule_active,
    submit_round,
)
from .claim_next import claim_next
from .evidence import MAX_EVIDENCE_ROWS, EvidenceInput, check_evidence_link, clean_evidence
from .leases import expire_leases, reassign, release, skip
from .queue import (
    PRIORITY_MAX,
    PRIORITY_MIN,
    _parse_priority,
    enqueue_claim,
    enqueue_top_claims,
    priority_for_score,
    remove_from_queue,
    set_priority,
    top_claims_to_queue,
)
from .verdicts import (
    MAX_RATIONALE_CHARS,
    _conflict,
    approve_verdict,
    publish_verdict,
    rating_choices_for_form,
    rating_slugs,
    return_verdict,
    save_verdict,
    submission_problems,
    submit_verdict,
)

__all__ = [
    "APPROVE_PERM", "EDITOR_EDITABLE", "MANAGE_PERM", "MAX_EVIDENCE_ROWS", "MAX_RATIONALE_CHARS", "PRIORITY_MAX",
    "PRIORITY_MIN", "QUEUE_CLAIM_PERM", "REVIEWER_EDITABLE", "REVIEW_PERM",
    "CheckResult", "ConflictError", "EditState", "EvidenceInput", "InvalidInput", "NotAllowed", "NotFound",
    "WorkflowError",
    "_conflict", "_history", "_parse_priority", "_require", "_save",
    "adjudicate", "approve_verdict", "create_rule", "delete_rule", "require_second_review", "save_round",
    "set_rule_active", "submit_round",
    "check_evidence_link", "claim_next", "clean_evidence", "edit_state", "enqueue_claim",
    "enqueue_top_claims", "expire_leases", "fetch_evidence", "priority_for_score", "publish_verdict",
    "rating_choices_for_form", "rating_slugs", "reassign", "release", "remove_from_queue", "return_verdict",
    "save_verdict", "set_priority", "skip", "submission_problems", "submit_verdict", "top_claims_to_queue",
    "verdict_for_claim",
]
