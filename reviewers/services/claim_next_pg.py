"""Claim-next on PostgreSQL in ONE prepared statement (the common case): see ``_claim_next_fast``.
The portable path, and the cases this statement hands back to it, are in ``claim_next``. The
statement is prepared per connection unless ``DB_PREPARED_STATEMENTS`` is off (``factcheck.db``).
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from claims.models import Claim
from factcheck.db import INT4_MAX, lock_space, prepared_cursor, prepared_statements
from reviewers.models import Assignment, QueueItem

from .base import _active_assignment, _lease_end


class _NeedsLockedPath(Exception):
    """The fast statement found work it does not do itself (stale leases, a claim group)."""

    def __init__(self, stale: bool) -> None:
        self.stale = stale


@functools.cache
def _fast_sql() -> str:
    qn = connection.ops.quote_name
    q_table, a_table, c_table = (qn(m._meta.db_table) for m in (QueueItem, Assignment, Claim))
    sql = f"""
        WITH lk AS MATERIALIZED (
          SELECT pg_advisory_xact_lock({lock_space('review.reviewer')}, (%(uid)s %% {INT4_MAX})::int) AS locked
        ), flags AS MATERIALIZED (
          SELECT EXISTS (SELECT 1 FROM {q_table} x
                         WHERE x.status = 'assigned' AND x.lease_expires_at <= %(now)s) AS stale,
                 (SELECT m.id FROM {a_table} m WHERE m.reviewer_id = %(uid)s AND m.outcome = 'active'
                  ORDER BY m.lease_expires_at DESC, m.id DESC LIMIT 1) AS mine
          FROM lk
        ), cand AS MATERIALIZED (
          SELECT q.id, c.group_id FROM {q_table} q JOIN {c_table} c ON c.id = q.claim_id
          WHERE (SELECT NOT f.stale AND f.mine IS NULL FROM flags f)  -- a one-time filter, not per row
            AND q.status = 'queued'
            AND (q.first_reviewer_id IS NULL OR q.first_reviewer_id <> %(uid)s)  -- blind round 2: not round 1's author
            AND NOT EXISTS (SELECT 1 FROM {a_table} s
                            WHERE s.reviewer_id = %(uid)s AND s.outcome = 'skipped' AND s.claim_id = q.claim_id)
            AND (c.group_id IS NULL OR (
                  NOT EXISTS (SELECT 1 FROM {a_table} s JOIN {c_table} sc ON sc.id = s.claim_id
                              WHERE s.reviewer_id = %(uid)s AND s.outcome = 'skipped'
                                AND sc.group_id = c.group_id)
                  AND NOT EXISTS (SELECT 1 FROM {c_table} gc JOIN {q_table} gq ON gq.claim_id = gc.id
                                  WHERE gc.group_id = c.group_id AND (gq.status IN ('assigned', 'done')
                                        OR (gq.status = 'queued' AND gq.review_round = 2 AND gq.id <> q.id)))))
          ORDER BY q.priority DESC, q.enqueued_at, q.id
          LIMIT 1
          FOR UPDATE OF q SKIP LOCKED
        ), upd AS (
          UPDATE {q_table} q SET status = 'assigned', assigned_to_id = %(uid)s,
                 lease_expires_at = %(lease)s, updated_at = %(now)s
          FROM cand WHERE q.id = cand.id AND cand.group_id IS NULL
          RETURNING q.id, q.claim_id, q.rounds_required, q.review_round
        ), asg AS (
          INSERT INTO {a_table} (queue_item_id, claim_id, reviewer_id, started_at, lease_expires_at,
                                 ended_at, outcome, reason)
          SELECT id, claim_id, %(uid)s, %(now)s, %(lease)s, NULL, 'active', '' FROM upd
          RETURNING id, queue_item_id, claim_id
        )
        SELECT flags.stale, flags.mine, (SELECT cand.id FROM cand), (SELECT cand.group_id FROM cand),
               asg.id, asg.queue_item_id, asg.claim_id,
               (SELECT u.rounds_required FROM upd u), (SELECT u.review_round FROM upd u)
        FROM flags LEFT JOIN asg ON true
    """
    # Without comments and runs of blanks the text stays under psycopg's 4 KB cache limit for
    # converted queries (otherwise it is re-parsed on every call).
    sql = " ".join(line.split("--", 1)[0] for line in sql.splitlines())
    return " ".join(sql.split())


@functools.cache
def _assignment_attnames() -> list[str]:
    return [f.attname for f in Assignment._meta.concrete_fields]


def _claim_next_fast(reviewer: Any) -> Assignment | None:
    """PostgreSQL, the common case in ONE statement (autocommit, so one round trip and one
    commit): check for stale leases and the reviewer's own lease, take the next row with
    ``FOR UPDATE SKIP LOCKED``, write the lease and the Assignment (the claim row is not
    touched: ``claims.review_state``). Raises ``_NeedsLockedPath`` when there are stale leases to expire
    first or the best candidate belongs to a claim group (those need the group lock)."""
    sql = _fast_sql()
    now = timezone.now()
    lease = _lease_end(now)
    params = {"uid": reviewer.pk, "now": now, "lease": lease}
    try:
        # Inside a caller's transaction a savepoint keeps a unique violation from poisoning it.
        with transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext():
            with prepared_cursor() as cur:
                cur.execute(sql, params, prepare=prepared_statements())
                stale, mine, cand_id, cand_group, a_id, item_id, claim_id, rounds, review_round = cur.fetchone()
    except IntegrityError:
        # "one active lease per reviewer": this reviewer's other request won the race
        current = _active_assignment(reviewer)
        if current is None:
            # another constraint (second_round_not_first_reviewer cannot fire past the row
            # condition, but if it did): the locked path decides afresh, and raises if it must
            raise _NeedsLockedPath(stale=False)
        return current
    if stale:
        raise _NeedsLockedPath(stale=True)
    if mine is not None:
        return Assignment.objects.select_related("claim", "queue_item").get(pk=mine)
    if a_id is not None:  # the other columns are the values this statement wrote
        row = {"id": a_id, "queue_item_id": item_id, "claim_id": claim_id, "reviewer_id": reviewer.pk,
               "started_at": now, "lease_expires_at": lease, "ended_at": None,
               "outcome": Assignment.Outcome.ACTIVE, "reason": ""}
        names = _assignment_attnames()
        assignment = Assignment.from_db(connection.alias, names, [row[n] for n in names])
        assignment._blind_round = review_round if rounds == 2 else None  # selectors.blind_round_of
        return assignment
    if cand_id is not None:  # the best candidate is in a claim group
        raise _NeedsLockedPath(stale=False)
    # Nothing free. If this request waited on the reviewer lock behind the same reviewer's
    # other request, the statement's snapshot predates that lease: look again.
    return _active_assignment(reviewer)
