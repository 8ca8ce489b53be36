"""POST /api/lookup/: exact restatements (lexical) and paraphrases (sentence embeddings)."""

from __future__ import annotations

import numpy as np
import pytest

from claims.linking import link_new_claims
from integrations import embeddings, lookup
from integrations.models import ClaimEmbedding, ClaimEmbeddingBand
from tests.conftest import _missing
from tests.factories import ArticleFactory, ClaimFactory, decided_verdict

pytestmark = pytest.mark.django_db

SEED = "Moscow is preparing to withdraw its military contingent from Syria"
QUERY = "Russia will begin withdrawing its forces from Syria"


@pytest.fixture
def model() -> None:
    if not embeddings.available():
        _missing(f"the embedding model in {embeddings.model_dir()} (bash scripts/build_embedding_model.sh)")


def _claim(text: str, status: str | None = "published", url: str = ""):
    article = ArticleFactory(body=text + ".", url=url)
    claim = ClaimFactory(article=article, text=text)
    if status:
        decided_verdict(status, claim=claim, rating="mostly-true" if status == "published" else "false")
    link_new_claims([claim.pk])
    return claim


@pytest.fixture
def corpus(db):
    return {
        "seed": _claim(SEED),
        "near": _claim("Russia will keep its air base in Syria operating"),
        "other": _claim("Unemployment fell to 4.1 percent last month"),
        "unpublished": _claim("Russia is pulling its troops out of Syria", status="approved"),
    }


def test_the_seed_paraphrase_is_found(model, corpus, reviewer, client_for):
    # every claim was indexed when it was linked, with its verdict's state: nothing left to do
    assert lookup.index_claims([c.pk for c in corpus.values()]) == 0
    assert ClaimEmbedding.objects.count() == 4
    assert ClaimEmbeddingBand.objects.filter(published=True).count() == 3 * embeddings.BANDS
    r = client_for(reviewer).post("/api/lookup/", {"statement": QUERY}, format="json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["semantic"] is True
    ids = [m["claim_id"] for m in body["matches"]]
    assert ids == [corpus["seed"].pk]  # not the air base, not the unpublished (indexed) paraphrase
    m = body["matches"][0]
    assert m["similarity"] >= lookup.COSINE_THRESHOLD and "semantic" in m["via"]
    assert m["rating"] == "mostly-true" and m["verdict_id"] == corpus["seed"].verdict.pk
    assert m["url"].endswith(f"/api/verdicts/{m['verdict_id']}/") or "/verdicts/" in m["url"]


def test_a_retracted_verdict_says_so(corpus, editor, reviewer, client_for, monkeypatch):
    from reviewers.publication import retract_verdict

    monkeypatch.setattr(embeddings, "available", lambda: False)
    statement = {"statement": "Unemployment fell to 4.1% last month."}
    before = client_for(reviewer).post("/api/lookup/", statement, format="json").json()["matches"][0]
    assert before["retracted_at"] is None
    retract_verdict(corpus["other"].verdict.pk, editor, "The figure was for another month.")
    after = client_for(reviewer).post("/api/lookup/", statement, format="json").json()["matches"][0]
    assert after["verdict_id"] == before["verdict_id"] and after["retracted_at"] is not None


def test_exact_restatement_lexically_without_the_model(corpus, reviewer, client_for, monkeypatch):
    monkeypatch.setattr(embeddings, "available", lambda: False)
    r = client_for(reviewer).post("/api/lookup/", {"statement": "Unemployment fell to 4.1% last month."},
                                  format="json")
    body = r.json()
    assert body["semantic"] is False
    assert [m["claim_id"] for m in body["matches"]] == [corpus["other"].pk]
    assert body["matches"][0]["via"] == ["lexical"] and body["matches"][0]["cosine"] is None


def test_nothing_matches_an_unrelated_statement(model, corpus, reviewer, client_for):
    lookup.index_claims([c.pk for c in corpus.values()])
    r = client_for(reviewer).post("/api/lookup/", {"statement": "The new bridge cost 3 million euros"},
                                  format="json")
    assert r.status_code == 200 and r.json()["matches"] == []


def test_a_group_member_stands_for_its_published_claim(model, corpus, reviewer, client_for):
    lookup.index_claims([corpus["seed"].pk])
    twin = _claim("Unemployment fell to 4.1 percent last month, figures show", status=None)
    twin.previously_checked = corpus["other"]
    twin.save()
    r = client_for(reviewer).post("/api/lookup/", {"statement": "Unemployment fell to 4.1 percent last month, "
                                                                "figures show"}, format="json")
    matches = r.json()["matches"]
    assert matches[0]["claim_id"] == corpus["other"].pk


def _flags(claim) -> set[bool]:
    return set(ClaimEmbeddingBand.objects.filter(claim=claim).values_list("published", flat=True))


def test_index_holds_every_claim_and_follows_the_verdicts(model, corpus):
    ids = [c.pk for c in corpus.values()]
    ClaimEmbedding.objects.all().delete()
    ClaimEmbeddingBand.objects.all().delete()
    assert lookup.index_claims(ids) == 4
    assert lookup.index_claims(ids) == 0  # unchanged: not re-encoded, nothing re-flagged
    assert ClaimEmbeddingBand.objects.count() == 4 * embeddings.BANDS
    assert _flags(corpus["unpublished"]) == {False} and _flags(corpus["seed"]) == {True}
    seed = corpus["seed"]
    seed.verdict.status = "approved"
    seed.verdict.save()
    stored = ClaimEmbedding.objects.get(claim=seed).vector
    assert lookup.index_claims(ids) == 1  # re-flagged, not re-encoded
    assert _flags(seed) == {False} and bytes(ClaimEmbedding.objects.get(claim=seed).vector) == bytes(stored)
    seed.text = "Moscow says it will keep its troops in Syria"
    seed.save()
    assert lookup.index_claims([seed.pk]) == 1  # the text changed: encoded again
    assert bytes(ClaimEmbedding.objects.get(claim=seed).vector) != bytes(stored)


def test_publishing_flags_the_claim_for_the_lookup(model, editor, django_capture_on_commit_callbacks):
    from reviewers import services as review

    verdict = decided_verdict("approved", claim=ClaimFactory(text=SEED))
    link_new_claims([verdict.claim_id])
    assert _flags(verdict.claim) == {False}
    assert lookup.lookup(QUERY).matches == []
    with django_capture_on_commit_callbacks(execute=True):
        review.publish_verdict(verdict.pk, editor)
    assert _flags(verdict.claim) == {True}
    assert [m.claim.pk for m in lookup.lookup(QUERY).matches] == [verdict.claim_id]


def test_encoder_is_normalised_and_the_seed_pair_is_close(model):
    a, b, c = embeddings.encode([QUERY, SEED, "The city built 40 new homes last year"])
    assert abs(float(a @ a) - 1) < 1e-4
    assert float(a @ b) >= lookup.COSINE_THRESHOLD > float(a @ c)
    # the buckets are deterministic and close vectors share some
    ba, bb = embeddings.band_buckets(a)[0], embeddings.band_buckets(b)[0]
    assert (embeddings.band_buckets(a)[0] == ba).all()
    assert any(int(y) in embeddings.probe_buckets(int(x)) for x, y in zip(ba, bb, strict=True))


def test_bad_input_is_400(reviewer, client_for):
    api = client_for(reviewer)
    assert api.post("/api/lookup/", {}, format="json").status_code == 400
    assert api.post("/api/lookup/", {"statement": "x" * 3000}, format="json").status_code == 400
    assert api.post("/api/lookup/", {"statement": "ok", "url": "not a url"}, format="json").status_code == 400


def _unit(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(embeddings.DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def test_each_probed_bucket_gives_at_most_cap_members_newest_first(db):
    """Five claims in the same buckets of every band: a cap of 2 reads the two newest of each
    bucket (all 24 bands agree, so they come back with 24 hits); without a binding cap all five."""
    v = _unit(1)
    claims = [ClaimFactory() for _ in range(5)]
    ids = [c.pk for c in claims]
    far = ClaimFactory()  # a vector on the other side of every hyperplane shares no probed bucket
    lookup.write_index([*ids, far.pk], [""] * 6, np.stack([v] * 5 + [-v]),
                       embeddings.band_buckets(np.stack([v] * 5 + [-v])), published={*ids, far.pk})
    assert lookup.embedding_candidates(v, cap=2) == [(i, embeddings.BANDS) for i in sorted(ids, reverse=True)[:2]]
    assert lookup.embedding_candidates(v, cap=50) == [(i, embeddings.BANDS) for i in sorted(ids, reverse=True)]
    assert lookup.embedding_candidates(v, cap=50, limit=3) == [(i, embeddings.BANDS)
                                                              for i in sorted(ids, reverse=True)[:3]]


def test_vectors_are_stored_as_float16_and_float32_rows_still_read():
    v = _unit(2)
    raw = embeddings.to_bytes(v)
    assert len(raw) == embeddings.DIM * 2
    assert abs(float(embeddings.from_bytes(raw) @ v) - 1) < 1e-3
    old = np.asarray(v, dtype=np.float32).tobytes()  # a row written before the float16 form
    assert np.array_equal(embeddings.from_bytes(old), v)


def test_the_lookup_reads_published_rows_the_linking_all(db):
    """Same buckets, five claims, two published: the lookup's candidates are those two (the partial
    index), the linking's all five; a cap applies to each scope alone."""
    v = _unit(3)
    ids = [ClaimFactory().pk for _ in range(5)]
    published = {ids[1], ids[3]}
    lookup.write_index(ids, [""] * 5, np.stack([v] * 5), embeddings.band_buckets(np.stack([v] * 5)),
                       published=published)
    full = embeddings.BANDS
    assert lookup.embedding_candidates(v) == [(i, full) for i in sorted(published, reverse=True)]
    assert lookup.embedding_candidates(v, cap=1) == [(max(published), full)]
    assert lookup.embedding_candidates(v, published_only=False) == [(i, full) for i in sorted(ids, reverse=True)]
    lookup.sync_published(ids)  # no verdicts: nothing is published any more
    assert lookup.embedding_candidates(v) == []
    assert len(lookup.embedding_candidates(v, published_only=False)) == 5
