"""'Has this been checked?': claims with a published verdict that state what a statement says.

Two candidate sources, one verifier each:
* lexical: the cross-article linking's MinHash buckets (claims.linking), verified by its weighted
  token score;
* semantic: random-hyperplane bands of sentence embeddings (integrations.embeddings, multi-probe),
  verified by the exact cosine of the stored vectors.
Both indexes are tables read through (band, bucket) indexes with bounded work per query, so the
cost does not grow with the number of claims. A claim matches when its cosine reaches
``COSINE_THRESHOLD`` or its lexical score ``LEXICAL_THRESHOLD`` (measured on bench/data/paraphrases.tsv
by bench/bench_lookup.py); the reported similarity is the larger of the two.

The same embedding index answers the cross-article linking's ``claims.signals.semantic_candidates``
(`semantic_neighbours`, connected in receivers): claims.linking turns a close pair into a suggested link.

A matching claim without a verdict of its own that is marked ``previously_checked`` (its group has
a published verdict) stands for that verdict's claim.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction

from claims.linking import candidates_for_text, content_tokens, score_pair
from claims.models import Claim
from reviewers.models import Verdict

from . import embeddings as emb
from .models import ClaimEmbedding, ClaimEmbeddingBand

log = logging.getLogger(__name__)

COSINE_THRESHOLD = 0.75
LEXICAL_THRESHOLD = 0.8
MAX_VERIFY = 200  # candidates verified per source, most band hits first
BUCKET_CAP = 1000  # members read per probed (band, bucket), newest first: bounds a hot bucket (1M: max 673)
MAX_RESULTS = 20
MAX_STATEMENT_CHARS = 2000


def cosine_threshold() -> float:
    return float(getattr(settings, "LOOKUP_THRESHOLD", 0) or COSINE_THRESHOLD)


def _text_hash(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


# --- the embedding index ---------------------------------------------------------------------------

def index_claims(claim_ids: Iterable[int]) -> int:
    """Embed these claims (those with a published verdict) into the lookup index; drop the others.
    Idempotent: an unchanged claim is not re-encoded. Returns how many were (re)written."""
    ids = sorted({int(i) for i in claim_ids})
    if not ids or not emb.available():
        return 0
    published = set(Verdict.objects.filter(claim_id__in=ids, status=Verdict.Status.PUBLISHED)
                    .values_list("claim_id", flat=True))
    gone = [i for i in ids if i not in published]
    if gone:
        with transaction.atomic():
            ClaimEmbeddingBand.objects.filter(claim_id__in=gone).delete()
            ClaimEmbedding.objects.filter(claim_id__in=gone).delete()
    claims = list(Claim.objects.filter(pk__in=published).only("id", "text"))
    have = dict(ClaimEmbedding.objects.filter(claim_id__in=published, model=emb.model_name())
                .values_list("claim_id", "text_hash"))
    todo = [c for c in claims if have.get(c.pk) != _text_hash(c.text)]
    if not todo:
        return 0
    vectors = emb.encode([c.text for c in todo])
    buckets = emb.band_buckets(vectors)
    write_index([c.pk for c in todo], [_text_hash(c.text) for c in todo], vectors, buckets)
    return len(todo)


def write_index(claim_ids: list[int], hashes: list[str], vectors: np.ndarray, buckets: np.ndarray) -> None:
    with transaction.atomic():
        ClaimEmbeddingBand.objects.filter(claim_id__in=claim_ids).delete()
        ClaimEmbedding.objects.filter(claim_id__in=claim_ids).delete()
        ClaimEmbedding.objects.bulk_create(
            [ClaimEmbedding(claim_id=cid, model=emb.model_name(), text_hash=h, vector=emb.to_bytes(v))
             for cid, h, v in zip(claim_ids, hashes, vectors, strict=True)], batch_size=1000)
        ClaimEmbeddingBand.objects.bulk_create(
            [ClaimEmbeddingBand(claim_id=cid, band=b, bucket=int(row[b]))
             for cid, row in zip(claim_ids, buckets, strict=True) for b in range(emb.BANDS)], batch_size=5000)


def reindex_published(batch: int = 256, progress: Any = None) -> int:
    """Backfill: every claim with a published verdict (management command ``index_lookup``)."""
    done = 0
    last = 0
    while True:
        ids = list(Verdict.objects.filter(status=Verdict.Status.PUBLISHED, claim_id__gt=last)
                   .order_by("claim_id").values_list("claim_id", flat=True)[:batch])
        if not ids:
            return done
        done += index_claims(ids)
        last = ids[-1]
        if progress:
            progress(done)


def embedding_candidates(vector: np.ndarray, limit: int = MAX_VERIFY, cap: int = BUCKET_CAP,
                         flips: int = emb.PROBE_FLIPS) -> list[tuple[int, int]]:
    """(claim_id, band hits) sharing a probed bucket with ``vector``, most hits first.

    Each probed (band, bucket) reads at most ``cap`` members, newest first, through the
    (band, bucket, claim) index: an index-only range scan of one or two leaf pages, so one lookup
    reads at most ``BANDS * (1 + PROBE_FLIPS) * cap`` index entries and no table page whatever the
    size of the table or the skew of its buckets. (A plain ``band = .. AND bucket IN (..) OR ..``
    becomes a bitmap heap scan that visits one table page per member: 0.3-0.6 s at 1M claims.)
    PostgreSQL: a LATERAL join over the probed buckets (planned once, whatever their number);
    elsewhere the same rows as a UNION ALL of LIMITed scans."""
    probes = [(band, bucket) for band, buckets in enumerate(emb.query_buckets(vector, flips))
              for bucket in buckets]
    qn = connection.ops.quote_name
    table = qn(ClaimEmbeddingBand._meta.db_table)
    claim, band_c, bucket_c = qn("claim_id"), qn("band"), qn("bucket")
    if connection.vendor == "postgresql":
        members = (f"SELECT m.{claim} FROM unnest(%s::int[], %s::int[]) AS p(band, bucket) CROSS JOIN LATERAL "
                   f"(SELECT {claim} FROM {table} WHERE {band_c} = p.band AND {bucket_c} = p.bucket "
                   f"ORDER BY {claim} DESC LIMIT %s) AS m")
        params: list[Any] = [[b for b, _ in probes], [h for _, h in probes], cap]
    else:
        members = " UNION ALL ".join(
            f"SELECT * FROM (SELECT {claim} FROM {table} WHERE {band_c} = %s AND {bucket_c} = %s "
            f"ORDER BY {claim} DESC LIMIT %s) AS b{i}" for i in range(len(probes)))
        params = [x for band, bucket in probes for x in (band, bucket, cap)]
    sql = (f"SELECT {claim}, COUNT(*) AS hits FROM ({members}) AS c "
           f"GROUP BY {claim} ORDER BY hits DESC, {claim} DESC LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [(int(cid), int(hits)) for cid, hits in cursor.fetchall()]


def semantic_neighbours(items: list[tuple[int, str]], limit: int = MAX_VERIFY) -> dict[int, list[tuple[int, float]]]:
    """For the cross-article linking: per claim, the indexed claims (published verdicts) among its
    band candidates, with the cosine of the stored vectors, best first. The claim itself is left
    out. Without the model: {} (the linking stays lexical)."""
    if not items or not emb.available():
        return {}
    vectors = emb.encode([text for _, text in items])
    cands = {cid: [c for c, _hits in embedding_candidates(vec, limit=limit) if c != cid]
             for (cid, _), vec in zip(items, vectors, strict=True)}
    wanted = {c for lst in cands.values() for c in lst}
    stored = {c: emb.from_bytes(raw) for c, raw in
              ClaimEmbedding.objects.filter(claim_id__in=list(wanted)).values_list("claim_id", "vector")}
    out: dict[int, list[tuple[int, float]]] = {}
    for (cid, _), vec in zip(items, vectors, strict=True):
        scored = [(c, round(float(np.dot(stored[c], vec)), 4)) for c in cands[cid] if c in stored]
        out[cid] = sorted(scored, key=lambda x: (-x[1], x[0]))
    return out


# --- the lookup ------------------------------------------------------------------------------------

@dataclass
class Match:
    claim: Claim
    verdict: Verdict
    similarity: float
    cosine: float | None
    lexical: float
    matched_claim_id: int  # the claim that matched (may differ from claim: same group)
    via: list[str] = field(default_factory=list)


@dataclass
class LookupResult:
    matches: list[Match]
    semantic: bool  # whether embeddings were used (False: lexical only)
    threshold: float


def lookup(statement: str, url: str = "", limit: int = MAX_RESULTS) -> LookupResult:
    """Claims with published verdicts matching ``statement``, best first."""
    statement = " ".join((statement or "").split())[:MAX_STATEMENT_CHARS]
    semantic = emb.available()
    scores: dict[int, dict[str, Any]] = {}
    tokens = content_tokens(statement)
    for cid, _hits in candidates_for_text(statement).most_common(MAX_VERIFY):
        scores.setdefault(cid, {"via": []})["via"].append("lexical")
    vector = None
    if semantic:
        vector = emb.encode([statement])[0]
        for cid, _hits in embedding_candidates(vector):
            scores.setdefault(cid, {"via": []})["via"].append("semantic")
    if url:
        for cid in Claim.objects.filter(article__url=url).values_list("pk", flat=True)[:MAX_VERIFY]:
            scores.setdefault(cid, {"via": []})["via"].append("url")
    if not scores:
        return LookupResult([], semantic, cosine_threshold())
    if vector is not None:
        for cid, raw in ClaimEmbedding.objects.filter(claim_id__in=list(scores)).values_list("claim_id", "vector"):
            scores[cid]["cosine"] = float(np.dot(emb.from_bytes(raw), vector))
    # a candidate found only by its embedding and below the cosine threshold cannot match (its words
    # would have made it a lexical candidate): its claim row is not read
    threshold = cosine_threshold()
    ids = [cid for cid, info in scores.items()
           if info["via"] != ["semantic"] or (info.get("cosine") or 0.0) >= threshold]
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=ids).only("id", "text", "previously_checked_id")}
    best: dict[int, Match] = {}
    targets: dict[int, int] = {}
    for cid, info in scores.items():
        claim = claims.get(cid)
        if claim is None:
            continue
        lexical = score_pair(tokens, content_tokens(claim.text))[0]
        cosine = info.get("cosine")
        ok = lexical >= LEXICAL_THRESHOLD or (cosine is not None and cosine >= threshold)
        if not ok:
            continue
        info.update(lexical=lexical, similarity=round(max(lexical, cosine or 0.0), 4))
        targets[cid] = cid
        if claim.previously_checked_id:
            targets[cid] = claim.previously_checked_id
    verdicts = {v.claim_id: v for v in Verdict.objects.filter(
        claim_id__in=set(targets.values()), status=Verdict.Status.PUBLISHED).select_related("claim", "claim__article")}
    for cid, target in targets.items():
        verdict = verdicts.get(target) or verdicts.get(cid)
        if verdict is None:
            continue
        info = scores[cid]
        m = Match(claim=verdict.claim, verdict=verdict, similarity=info["similarity"], cosine=info.get("cosine"),
                  lexical=info["lexical"], matched_claim_id=cid, via=sorted(set(info["via"])))
        prev = best.get(verdict.claim_id)
        if prev is None or m.similarity > prev.similarity:
            best[verdict.claim_id] = m
    ranked = sorted(best.values(), key=lambda m: (-m.similarity, m.claim.pk))[:limit]
    return LookupResult(ranked, semantic, cosine_threshold())
