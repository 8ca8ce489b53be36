"""Raw SQL behind one boundary: prepared statements and advisory locks.

- ``prepared_cursor()``: a psycopg cursor on Django's connection (and its transaction state) whose
  statements are prepared server-side, planned once per connection, when ``DB_PREPARED_STATEMENTS``
  (settings) is on. Turn it off behind a transaction-pooling proxy (pgbouncer) that cannot keep
  prepared statements. The setting is read at call time.
- ``fetch_one_prepared()``: one row of a hot, fixed, read-only statement (token lookup, the
  claim-next response), with ``model_columns``/``from_db_values`` to build model instances.
- ``advisory_xact_lock()``: a transaction-scoped lock on ``(space, key)``; every key space is
  registered in ``LOCK_SPACES`` so two features never share numbers by accident.
- ``in_few()``: ``field IN (subquery)`` for a subquery of few rows, as ``= ANY(ARRAY(subquery))`` so
  the planner can read the field's index for it (also inside an OR).
- ``in_ids()``: ``field IN (list of ints)`` as ``= ANY(%s)`` with one array parameter (short statement).
- ``in_hashed()``: ``field IN (subquery)`` tested against a hash of the subquery's rows while a list
  is walked in its index order (a hashed SubPlan), for a set of thousands that is not few.
- ``per_row()``: a condition tested on each row the other filters fetch, never through its index.

PostgreSQL only; every caller keeps the ORM path beside it for SQLite (see each caller).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.models import BooleanField, F, Func, Q, QuerySet

#: Advisory lock key spaces (the first int of ``pg_advisory_xact_lock(int, int)``): name -> number.
LOCK_SPACES: dict[str, int] = {
    "review.claim_group": 0x52455631,  # "REV1": hand-outs within one claim group (reviewers.services)
    "review.reviewer": 0x52455632,  # "REV2": one claim-next at a time per reviewer (reviewers.services)
}
INT4_MAX = 2147483647


def prepared_statements() -> bool:
    """Whether hot statements are prepared server-side (``DB_PREPARED_STATEMENTS``), read now."""
    return bool(getattr(settings, "DB_PREPARED_STATEMENTS", True))


@contextlib.contextmanager
def prepared_cursor() -> Iterator[Any]:
    """A psycopg cursor on Django's connection; execute with ``prepare=prepared_statements()``.
    Database errors still come out as ``django.db`` exceptions."""
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    if prepared_statements() and raw.prepare_threshold is None:
        # Django turns automatic preparing off (None), which also ignores prepare=True. A huge
        # threshold keeps Django's own (client-side bound) queries unprepared as before.
        raw.prepare_threshold = 2**31 - 1
    with connection.wrap_database_errors:
        cur = psycopg.Cursor(raw)
        try:
            yield cur
        finally:
            cur.close()


def fetch_one_prepared(sql: str, params: Any) -> tuple | None:
    """One row from a hot, fixed, read-only statement on PostgreSQL, prepared when the setting
    allows (no ORM compilation). Values come back as the driver gives them: run them through
    ``from_db_values``.

    ``CONN_HEALTH_CHECKS``: instead of Django's ``SELECT 1`` round trip before the request's first
    query, the statement itself is the check: if a persistent connection turns out to be dead (and
    we are not inside a transaction), reconnect and run it again (it only reads).
    """
    health_check = (connection.health_check_enabled and not connection.health_check_done
                    and connection.connection is not None and not connection.in_atomic_block)
    try:
        return _fetch_one(sql, params)
    except (InterfaceError, OperationalError):
        if not health_check:
            raise
        connection.close()
        return _fetch_one(sql, params)
    finally:
        if health_check:
            connection.health_check_done = True


def _fetch_one(sql: str, params: Any) -> tuple | None:
    with prepared_cursor() as cur:
        cur.execute(sql, params, prepare=prepared_statements())
        return cur.fetchone()


def model_columns(model: Any, alias: str) -> tuple[list[Any], str]:
    """The concrete fields of ``model`` and the SQL list selecting them from ``alias``."""
    fields = list(model._meta.concrete_fields)
    qn = connection.ops.quote_name
    return fields, ", ".join(f"{alias}.{qn(f.column)}" for f in fields)


def from_db_values(model: Any, fields: list[Any], values: Any) -> Any:
    """A model instance from raw driver values, with the fields' database converters applied
    (e.g. JSONField decoding), as the ORM would build it."""
    converted = []
    for field, value in zip(fields, values, strict=True):
        if value is not None and hasattr(field, "from_db_value"):
            value = field.from_db_value(value, None, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def lock_space(space: str) -> int:
    """The registered number of an advisory lock key space (KeyError for an unregistered one)."""
    return LOCK_SPACES[space]


def lock_key(key: int) -> int:
    """A key folded into PostgreSQL's int4 range (the second argument of the two-int lock)."""
    return key % INT4_MAX


def advisory_xact_lock(space: str, key: int) -> None:
    """Take the transaction-scoped lock ``(space, key)``; it is released at commit or rollback.

    PostgreSQL: ``pg_advisory_xact_lock``. SQLite: nothing to do, because a write transaction
    (``BEGIN IMMEDIATE``, see settings) already holds the database's only write lock, so whoever
    would wait on this lock is waiting at BEGIN already. Call inside ``transaction.atomic``.
    """
    number = lock_space(space)
    if not connection.in_atomic_block:
        raise RuntimeError("advisory_xact_lock() outside a transaction would be released at once")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [number, lock_key(key)])
    elif connection.vendor != "sqlite":
        raise NotImplementedError(f"advisory locks on {connection.vendor}")


def estimated_rows(model: Any) -> int | None:
    """The planner's row estimate of ``model``'s whole table (``pg_class.reltuples``, kept by
    ANALYZE and autovacuum): free, and close enough to say "about 1,000,000" on a list. None on
    SQLite, and on PostgreSQL for a table never analysed (-1 since PostgreSQL 14); callers then
    count (bounded: factcheck.pagination.count_upto)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cur.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


class _EqualsAnyArray(Func):
    """``lhs = ANY(ARRAY(subquery))`` (PostgreSQL; the second expression is an ArraySubquery)."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


def in_few(field: str, values: QuerySet) -> Q:
    """``field IN (values)``, where ``values`` (a one-column queryset) returns few rows: the leased
    queue items (one per reviewer), a rating's verdicts.

    PostgreSQL: ``field = ANY(ARRAY(SELECT ...))``. The subquery runs once (an InitPlan) and its
    array is an index condition, so the field's index (the primary key) fetches the rows, also as
    one arm of an OR (a BitmapOr beside the other arm's index) or next to a text search (a
    BitmapAnd). ``field IN (SELECT ...)`` is a semi-join the planner may run by walking the outer
    table in its list order, and inside an OR a filter tested on every row the other conditions
    leave. SQLite: ``field IN (SELECT ...)`` (the ORM path)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        return Q(_EqualsAnyArray(F(field), ArraySubquery(values.order_by())))
    return Q(**{f"{field}__in": values.order_by()})


class _EqualsAny(Func):
    """``lhs = ANY(array)`` (PostgreSQL; the second expression is one array value)."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


def in_ids(field: str, ids: Sequence[int]) -> Q:
    """``field IN (ids)`` for a list of integer keys already read (the search's 1,000 candidates).

    PostgreSQL: ``field = ANY(%s)`` with the list as one array parameter: the same plan as
    ``IN (1, 2, ...)`` (PostgreSQL turns that list into the same array), but the statement stays
    short, so psycopg converts it once per process (cached) instead of parsing a 1,000-placeholder
    statement and adapting 1,000 parameters on every request (~3-5 ms of CPU). SQLite: ``__in``."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.fields import ArrayField
        from django.db.models import BigIntegerField, Value

        return Q(_EqualsAny(F(field), Value(list(ids), output_field=ArrayField(BigIntegerField()))))
    return Q(**{f"{field}__in": list(ids)})


def in_hashed(field: str, values: QuerySet) -> Q:
    """``field IN (values)`` as a filter tested on each row of a list walked in its index order,
    for a set too big to fetch by key and too sparse to join: a verdict rating's claims (~0.5% of
    the claims, 5,000 at 1M), listed in the claims' own order.

    PostgreSQL: ``(field IN (SELECT ...)) IS TRUE``. The ``IS TRUE`` (the same truth value: the
    subquery's column and ``field`` are NOT NULL) keeps the planner from turning the IN into a
    semi-join, which it ran as a nested loop probing the subquery's table once per walked row,
    parallelised (at 1M claims 22,000 probes, 40-50 ms, most of it starting the workers); instead
    the subquery runs once into a hash table (a hashed SubPlan) and the walk stops at the page's
    end. The hash must fit in ``work_mem`` (4 MB by default: ~100,000 ids); past it the planner
    would run the subquery per row. This is ``per_row`` applied to the IN."""
    return per_row(Q(**{f"{field}__in": values.order_by()}))


def per_row(condition: Q) -> Q:
    """``condition``, tested on each row the query's other conditions fetch instead of through an
    index of its own: for a condition that matches many rows (a common word: 200,000 postings at
    1M claims) next to one that matches few (the claims in review: ~2,600), where reading the big
    side's index costs more than testing the few rows, and the planner cannot tell (it prices a
    GIN scan of 200,000 postings like one of 2,000). Use it only when the other side is small.

    PostgreSQL: ``(condition) IS TRUE``, the same truth value (NULL counts as false either way),
    which no index matches, so the plan fetches the small side by its index and filters there.
    SQLite: ``condition`` (the ORM path)."""
    if connection.vendor == "postgresql":
        return Q(Func(condition, template="(%(expressions)s) IS TRUE", output_field=BooleanField()))
    return condition
