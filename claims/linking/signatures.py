"""The MinHash-LSH index in the database (``ClaimSignature``) and the bounded candidate lookup.

A MinHash of the token set (``NUM_PERM`` permutations) is cut into ``BANDS`` bands of ``ROWS``
values; each band is hashed to a 63-bit ``bucket``. Claims sharing any (band, bucket) are
candidates. No process keeps state: every web and worker machine reads the same table.

For each band at most ``BUCKET_CAP`` most recent members of the bucket are read (an index range scan
on (band, bucket, claim) with LIMIT), so the work per new claim is at most ``BANDS * BUCKET_CAP``
rows whatever the corpus size. The lookup is one raw ``UNION ALL`` statement (one round trip for
all bands, ``bucket_members_sql``); ``bucket_members_orm`` is the same read through the ORM, one
query per band, kept beside it as its reference (tests compare the two).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from django.db import connection, transaction

from ..models import Claim, ClaimSignature
from .params import BANDS, BUCKET_CAP, NUM_PERM, ROWS
from .tokens import content_tokens


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash  # imports scipy (~0.5 s): only where a signature is computed

    return MinHash(num_perm=NUM_PERM, seed=20240601).permutations


_BAND_SALT = (np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser, element-wise on uint64 (wrapping arithmetic is intended)."""
    z = z ^ (z >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def band_buckets(tokens: Iterable[str]) -> list[tuple[int, int]]:
    """(band, bucket) pairs for a token set; [] when there is nothing to hash.

    Deterministic across processes and machines (no use of Python's salted ``hash``).
    """
    toks = sorted(tokens)
    if not toks:
        return []
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, permutations=_permutations())
    mh.update_batch([t.encode("utf-8") for t in toks])
    rows = mh.hashvalues.astype(np.uint64).reshape(BANDS, ROWS)
    z = _BAND_SALT.copy()
    for r in range(ROWS):
        z = _mix(z ^ rows[:, r])
    buckets = (z >> np.uint64(1)).astype(np.int64)  # fits a signed 64-bit column
    return list(enumerate(buckets.tolist()))


def store_signatures(claims: Sequence[Claim]) -> dict[int, frozenset[str]]:
    """Write (or refresh) the signatures of ``claims``; return their token sets. Idempotent."""
    tokens = {c.pk: content_tokens(c.text) for c in claims}
    wanted = {pk: band_buckets(toks) for pk, toks in tokens.items()}
    existing: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cid, band, bucket in ClaimSignature.objects.filter(claim_id__in=list(wanted)).values_list(
        "claim_id", "band", "bucket"
    ):
        existing[cid].append((band, bucket))
    stale = [pk for pk, sig in wanted.items() if sorted(existing.get(pk, [])) != sig]
    if stale:
        with transaction.atomic():
            ClaimSignature.objects.filter(claim_id__in=stale).delete()
            ClaimSignature.objects.bulk_create(
                [ClaimSignature(claim_id=pk, band=b, bucket=h) for pk in stale for b, h in wanted[pk]],
                batch_size=2000,
                ignore_conflicts=True,  # a concurrent run wrote the same rows
            )
    return tokens


def candidate_ids(claim_id: int, cap: int = BUCKET_CAP) -> Counter[int]:
    """Claims sharing a bucket with ``claim_id``, with how many bands they share.

    Each band reads at most ``cap`` rows (newest first) through the (band, bucket, claim) index,
    so the cost is bounded by ``BANDS * cap`` whatever the size of the table.
    """
    sigs = list(ClaimSignature.objects.filter(claim_id=claim_id).values_list("band", "bucket"))
    return bucket_members_sql(sigs, claim_id, cap)


def candidates_for_text(text: str, cap: int = BUCKET_CAP) -> Counter[int]:
    """Stored claims sharing a bucket with a free-text statement (not stored), with their band hits."""
    return bucket_members_sql(band_buckets(content_tokens(text)), 0, cap)


def bucket_members_sql(sigs: Sequence[tuple[int, int]], exclude_id: int, cap: int) -> Counter[int]:
    """The newest ``cap`` members of each (band, bucket) in ``sigs`` but ``exclude_id``, counted
    per claim: one ``UNION ALL`` of LIMITed index range scans (portable SQL, PostgreSQL and SQLite)."""
    table = ClaimSignature._meta.db_table
    qn = connection.ops.quote_name
    parts = []
    params: list[int] = []
    for i, (band, bucket) in enumerate(sigs):
        parts.append(
            f"SELECT * FROM (SELECT {qn('claim_id')} FROM {qn(table)} WHERE {qn('band')} = %s AND {qn('bucket')} = %s "
            f"AND {qn('claim_id')} <> %s ORDER BY {qn('claim_id')} DESC LIMIT %s) AS b{i}"
        )
        params += [band, bucket, exclude_id, cap]
    if not parts:
        return Counter()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return Counter(row[0] for row in cursor.fetchall())


def bucket_members_orm(sigs: Sequence[tuple[int, int]], exclude_id: int, cap: int) -> Counter[int]:
    """``bucket_members_sql`` through the ORM: the same rows, one query per band."""
    out: Counter[int] = Counter()
    for band, bucket in sigs:
        out.update(
            ClaimSignature.objects.filter(band=band, bucket=bucket)
            .exclude(claim_id=exclude_id)
            .order_by("-claim_id")
            .values_list("claim_id", flat=True)[:cap]
        )
    return out
