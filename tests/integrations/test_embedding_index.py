"""The embedding index holds every claim (the linking reads all, the lookup the published ones):
its backfill command and its migration, both ways, on SQLite and PostgreSQL."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from integrations import embeddings, lookup
from integrations.models import ClaimEmbedding, ClaimEmbeddingBand
from tests.conftest import _missing
from tests.factories import ClaimFactory, decided_verdict

BEFORE = [("integrations", "0001_initial")]
AFTER = [("integrations", "0002_embedding_bands_published")]


@pytest.fixture
def model() -> None:
    if not embeddings.available():
        _missing(f"the embedding model in {embeddings.model_dir()} (bash scripts/build_embedding_model.sh)")


def _run(*args: str) -> str:
    out = StringIO()
    call_command("index_lookup", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_backfill_every_claim_in_batches_resumable_and_idempotent(model):
    texts = ["The mayor promised 500 new homes by 2026", "Bus fares rose by ten percent in March",
             "The river flooded three villages last spring", "Exports to Asia doubled in two years",
             "The school has no heating this winter"]
    claims = [ClaimFactory(text=t) for t in texts]
    published = decided_verdict("published", claim=claims[4])
    assert "indexed 3 claims" in _run("--all", "--batch", "2", "--after", str(claims[1].pk))  # a resumed run
    assert set(ClaimEmbedding.objects.values_list("claim_id", flat=True)) == {c.pk for c in claims[2:]}
    assert "indexed 2 claims" in _run("--all", "--batch", "2")  # the rest; the others are skipped
    assert "indexed 0 claims" in _run("--all", "--batch", "2")
    assert "indexed 0 claims" in _run()  # the published claim is indexed and flagged already
    assert ClaimEmbeddingBand.objects.count() == 5 * embeddings.BANDS
    assert set(ClaimEmbeddingBand.objects.filter(published=True).values_list("claim_id", flat=True)) == {
        published.claim_id}


@pytest.mark.django_db
def test_backfill_without_the_model_writes_nothing(monkeypatch):
    ClaimFactory(text="The mayor promised 500 new homes by 2026")
    monkeypatch.setattr(embeddings, "available", lambda: False)
    assert "stay lexical" in _run("--all")
    assert not ClaimEmbedding.objects.exists() and not ClaimEmbeddingBand.objects.exists()


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, ClaimEmbeddingBand._meta.db_table))


@pytest.mark.django_db(transaction=True)
def test_migration_flags_published_claims_and_goes_back():
    checked = decided_verdict("published", claim=ClaimFactory()).claim_id
    unchecked = ClaimFactory().pk
    v = np.zeros(embeddings.DIM, dtype=np.float32)
    v[0] = 1.0
    vs = np.stack([v, v])
    lookup.write_index([checked, unchecked], ["", ""], vs, embeddings.band_buckets(vs), published={checked})
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)  # back: the index holds the published claims only, as before
    old = executor.loader.project_state(BEFORE).apps
    assert set(old.get_model("integrations", "ClaimEmbeddingBand").objects.values_list("claim_id", flat=True)) == {
        checked}
    assert set(old.get_model("integrations", "ClaimEmbedding").objects.values_list("claim_id", flat=True)) == {
        checked}
    assert "claimemb_pub_band_idx" not in _indexes()
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)  # forwards: the rows written before are flagged from the verdicts
    assert "claimemb_pub_band_idx" in _indexes()
    assert set(ClaimEmbeddingBand.objects.filter(published=True).values_list("claim_id", flat=True)) == {checked}
    assert ClaimEmbeddingBand.objects.count() == embeddings.BANDS


def _plan(vector: np.ndarray, published_only: bool) -> str:
    seen: list[tuple[str, object]] = []

    def capture(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        lookup.embedding_candidates(vector, published_only=published_only)
    sql, params = seen[-1]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is tiny: ask for the plan at scale
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_lookup_reads_the_partial_index_the_linking_the_full_one():
    ids = [ClaimFactory().pk for _ in range(3)]
    vs = np.eye(3, embeddings.DIM, dtype=np.float32)
    lookup.write_index(ids, [""] * 3, vs, embeddings.band_buckets(vs), published={ids[0]})
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {ClaimEmbeddingBand._meta.db_table}")
    assert "Index Only Scan Backward using claimemb_pub_band_idx" in _plan(vs[0], published_only=True)
    assert "Index Only Scan Backward using claimemb_band_bucket_idx" in _plan(vs[0], published_only=False)
