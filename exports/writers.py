"""Streaming export writers: generators of ``bytes`` that hold one chunk of rows at a time.

CSV on PostgreSQL is produced by the server itself (``COPY (SELECT ...) TO STDOUT WITH CSV``
through the Django connection's psycopg 3 cursor), which runs at close to the speed of a bare
COPY; on other databases rows come from ``values_list(...).iterator(chunk_size=...)`` through
``csv.writer`` and are formatted the way PostgreSQL formats them, so both paths give the same file.

ClaimReview (schema.org) documents come from ``publishing.claimreview.claimreview`` (one builder
for the exports, the API and the public pages); only approved or published verdicts are written.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import prefetch_related_objects

from publishing.claimreview import claimreview, speaker_entity
from publishing.selectors import organisation

from .selectors import EXPORT_HEADERS, ExportFilters, claimreview_verdicts, evidence_by_verdict, export_rows

CHUNK_ROWS = 2000
COPY_FLUSH_BYTES = 256 * 1024

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "claimreview": "application/ld+json",
}
EXTENSIONS = {"csv": "csv", "json": "json", "jsonl": "jsonl", "claimreview": "jsonld"}
FORMATS = tuple(CONTENT_TYPES)


# --- value formatting (identical to PostgreSQL's COPY text output) --------------------------------


def pg_timestamp(value: dt.datetime) -> str:
    """``2024-05-01 10:00:00.5+00`` as PostgreSQL prints a timestamptz in UTC."""
    value = value.astimezone(dt.UTC)
    out = value.strftime("%Y-%m-%d %H:%M:%S")
    if value.microsecond:
        out += f".{value.microsecond:06d}".rstrip("0")
    return out + "+00"


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return pg_timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _Line:
    """A file-like object for csv.writer that hands back what it is given."""

    def write(self, value: str) -> str:
        return value


def _chunks(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


# --- CSV ------------------------------------------------------------------------------------------


def csv_header() -> bytes:
    return csv.writer(_Line()).writerow(EXPORT_HEADERS).encode("utf-8")


def csv_stream(filters: ExportFilters | None = None, *, use_copy: bool | None = None) -> Iterator[bytes]:
    """The CSV export: header line, then one line per exportable verdict."""
    if use_copy is None:
        use_copy = connection.vendor == "postgresql"
    yield csv_header()
    if use_copy:
        yield from copy_csv_rows(filters)
    else:
        yield from iter_csv_rows(filters)


def iter_csv_rows(filters: ExportFilters | None = None, chunk_size: int = CHUNK_ROWS) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    rows = export_rows(filters).iterator(chunk_size=chunk_size)
    for chunk in _chunks(rows, chunk_size):
        yield "".join(writer.writerow([_csv_value(v) for v in row]) for row in chunk).encode("utf-8")


def copy_sql(filters: ExportFilters | None = None) -> tuple[str, tuple]:
    sql, params = export_rows(filters).query.sql_with_params()
    return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", tuple(params)


def copy_csv_rows(filters: ExportFilters | None = None) -> Iterator[bytes]:
    """Rows straight from PostgreSQL's COPY, regrouped into blocks of ~256 kB.

    Runs lazily (when the response is iterated, not when the view returns) in its own transaction
    (a savepoint if one is open) on the Django connection of the thread that iterates. If the client
    goes away mid-stream the generator is closed: psycopg cancels the COPY and the transaction is
    rolled back, leaving the connection usable; if anything else goes wrong outside a transaction
    the connection is closed so that the next request gets a fresh one.
    """
    statement, params = copy_sql(filters)
    outer_atomic = connection.in_atomic_block
    finished = False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(statement, params or None) as copy:
                buf = bytearray()
                for block in copy:
                    buf += block
                    if len(buf) >= COPY_FLUSH_BYTES:
                        yield bytes(buf)
                        buf.clear()
                if buf:
                    yield bytes(buf)
        finished = True
    finally:
        if not finished and not outer_atomic:
            connection.close_if_unusable_or_obsolete()


# --- JSON / JSON Lines ------------------------------------------------------------------------------


def row_dicts(filters: ExportFilters | None = None, chunk_size: int = CHUNK_ROWS) -> Iterator[list[dict[str, Any]]]:
    """Export rows as dicts (with their evidence), one list per chunk."""
    rows = export_rows(filters).iterator(chunk_size=chunk_size)
    for chunk in _chunks(rows, chunk_size):
        evidence = evidence_by_verdict([row[0] for row in chunk])
        out = []
        for row in chunk:
            item = {k: _json_value(v) for k, v in zip(EXPORT_HEADERS, row, strict=True)}
            item["evidence"] = evidence.get(row[0], [])
            out.append(item)
        yield out


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def json_stream(filters: ExportFilters | None = None) -> Iterator[bytes]:
    yield b"["
    first = True
    for chunk in row_dicts(filters):
        text = ",".join(_dumps(item) for item in chunk)
        yield (text if first else "," + text).encode("utf-8")
        first = False
    yield b"]\n"


def jsonl_stream(filters: ExportFilters | None = None) -> Iterator[bytes]:
    for chunk in row_dicts(filters):
        yield "".join(_dumps(item) + "\n" for item in chunk).encode("utf-8")


# --- ClaimReview (built by publishing.claimreview, the one builder) ------------------------------

def claimreview_feed_stream(filters: ExportFilters | None = None) -> Iterator[bytes]:
    """A JSON-LD document: ``{"@context": "https://schema.org", "@graph": [ClaimReview, ...]}``."""
    yield b'{"@context":"https://schema.org","@graph":['
    first = True
    org = organisation()
    for chunk in _chunks(claimreview_verdicts(filters).iterator(chunk_size=CHUNK_ROWS), CHUNK_ROWS):
        prefetch_related_objects(chunk, "corrections")
        text = ",".join(_dumps(claimreview(v, context=False, org=org)) for v in chunk)
        yield (text if first else "," + text).encode("utf-8")
        first = False
    yield b"]}\n"


__all__ = ["claimreview", "speaker_entity"]  # re-exported: callers of the export writers keep working

STREAMS: dict[str, Callable[[ExportFilters | None], Iterator[bytes]]] = {
    "csv": csv_stream,
    "json": json_stream,
    "jsonl": jsonl_stream,
    "claimreview": claimreview_feed_stream,
}


def stream(fmt: str, filters: ExportFilters | None = None) -> Iterator[bytes]:
    return STREAMS[fmt](filters)


def content_disposition(fmt: str, stem: str = "verdicts") -> str:
    return f'attachment; filename="{stem}.{EXTENSIONS[fmt]}"'
