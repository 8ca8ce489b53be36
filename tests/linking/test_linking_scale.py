"""The index at scale: one new claim touches only its buckets' members, whatever the corpus size."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import linking
from claims.models import Article, Claim, ClaimLink, ClaimSignature, content_hash

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

_LETTERS = "bcdfghjklmnpqrtvwxz"


def _word(i: int) -> str:
    # Letters only, ending in "k": a stem the normaliser keeps as it is.
    out = ""
    for _ in range(3):
        i, r = divmod(i, len(_LETTERS))
        out += _LETTERS[r]
    return f"q{out}k"


VOCAB = [_word(i) for i in range(4000)]
GENERIC = ["Russia", "Syria", "military", "government", "president"]


def synthetic_text(rng: random.Random) -> str:
    # Zipf-like word choice: some words are in many claims, so some buckets are hot.
    words = [VOCAB[min(int(rng.paretovariate(0.7)) - 1, len(VOCAB) - 1)] for _ in range(3)]
    words += rng.sample(VOCAB, 6) + rng.sample(GENERIC, 2)
    rng.shuffle(words)
    return " ".join(words) + "."


def _analyze(*tables: str) -> None:
    """Fresh planner statistics on PostgreSQL. The signatures' foreign-key checks are deferred to
    the end of the test's transaction; if an earlier test left ``claims_claim`` analysed while empty,
    each of the 320,000 checks is planned as a sequential scan of 10,000 claims (minutes, seen in
    CI). ANALYZE inside the transaction counts the rows this transaction inserted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for table in tables:
                cur.execute(f"ANALYZE {table}")


def make_corpus(n_claims: int, per_article: int = 10, seed: int = 7) -> list[int]:
    rng = random.Random(seed)
    start = Article.objects.count()
    articles = []
    for i in range(n_claims // per_article):
        body = f"Synthetic article {start + i}."
        articles.append(Article(title=f"Synthetic {start + i}", body=body, content_hash=content_hash(body)))
    articles = Article.objects.bulk_create(articles, batch_size=2000)
    claims = []
    for art in articles:
        for j in range(per_article):
            text = synthetic_text(rng)
            claims.append(Claim(article=art, start=0, end=len(text), sentence_start=0, sentence_end=len(text),
                                text=text, sentence=text, kind="event", fingerprint=f"s{art.pk}-{j}"))
    Claim.objects.bulk_create(claims, batch_size=2000)
    _analyze("claims_article", "claims_claim")
    ids = list(Claim.objects.filter(article__in=articles).values_list("pk", flat=True))
    for i in range(0, len(ids), 2000):
        linking.store_signatures(list(Claim.objects.filter(pk__in=ids[i : i + 2000]).only("id", "text")))
    return ids


def _new_claim(text: str) -> Claim:
    body = text
    art = Article.objects.create(title="New", body=body)
    return Claim.objects.create(article=art, start=0, end=len(text), sentence_start=0, sentence_end=len(text),
                                text=text, sentence=text, kind="event", fingerprint="new")


def test_one_new_claim_reads_only_its_buckets():
    ids = make_corpus(10_000)
    assert ClaimSignature.objects.count() == 10_000 * linking.BANDS
    # A restatement of one corpus claim (same words, other order) must be found among few candidates.
    target = Claim.objects.get(pk=ids[6_789])
    words = target.text.rstrip(".").split()
    new = _new_claim(" ".join(reversed(words)) + ".")
    with CaptureQueriesContext(connection) as ctx:
        created = linking.link_new_claims([new.pk])
    counts = linking.candidate_ids(new.pk)
    rows_read = sum(counts.values())
    # Bounded by construction: BANDS buckets x BUCKET_CAP members, never the 20,000-claim corpus.
    assert rows_read <= linking.BANDS * linking.BUCKET_CAP
    assert len(counts) < 0.05 * len(ids), f"{len(counts)} candidates for one claim"
    # Identical token sets agree on every band; a few of its buckets may be hot (capped, newest first),
    # but the restated claim is still the strongest candidate by far.
    assert counts.most_common(1)[0][0] == target.pk and counts[target.pk] >= linking.BANDS // 2
    assert created >= 1
    assert ClaimLink.objects.filter(claim_id=target.pk, other_id=new.pk, status=ClaimLink.Status.AUTO).exists()
    # A fixed number of statements, independent of corpus size.
    assert len(ctx.captured_queries) < 60, [q["sql"][:120] for q in ctx.captured_queries]


def test_hot_bucket_is_capped():
    make_corpus(3_000, seed=11)
    # 400 claims in one bucket (same text, different articles): a new one reads at most BUCKET_CAP per band.
    text = f"{VOCAB[1]} {VOCAB[2]} {VOCAB[3]} Russia Syria."
    arts = Article.objects.bulk_create(
        [Article(title=f"Hot {i}", body=f"Hot {i}.", content_hash=content_hash(f"Hot {i}.")) for i in range(400)]
    )
    hot = Claim.objects.bulk_create(
        [Claim(article=a, start=0, end=len(text), sentence_start=0, sentence_end=len(text), text=text, sentence=text,
               kind="event", fingerprint=f"hot{a.pk}") for a in arts]
    )
    linking.store_signatures(hot)
    new = _new_claim(text)
    linking.store_signatures([new])
    counts = linking.candidate_ids(new.pk)
    assert len(counts) == linking.BUCKET_CAP  # the newest BUCKET_CAP of the 400 identical claims
    assert sum(counts.values()) <= linking.BANDS * linking.BUCKET_CAP


def test_candidate_query_uses_the_band_bucket_index():
    make_corpus(2_000, seed=3)
    sig = ClaimSignature.objects.order_by("pk").first()
    qs = ClaimSignature.objects.filter(band=sig.band, bucket=sig.bucket).exclude(claim_id=sig.claim_id)
    qs = qs.order_by("-claim_id").values_list("claim_id", flat=True)[: linking.BUCKET_CAP]
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE claims_claimsignature")
        plan = qs.explain()
    else:
        plan = qs.explain()
    assert "claimsig_band_bucket_idx" in plan, plan
