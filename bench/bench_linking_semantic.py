"""Cross-article linking with the embedding index: precision/recall of the shipped linking rule.

    .venv/bin/python bench/bench_linking_semantic.py [--pg postgres://postgres@127.0.0.1:5432
        --db factcheck_bench_integ_lookup]

No database. bench/data/paraphrases.tsv (label 1 = the same claim said differently, 0 = shares words
but not the claim; 30 + 30 pairs written for this project). For each pair the linking's lexical
decision (``claims.linking.decide``: auto / suggested / none) and the cosine of the MiniLM sentence
embeddings. The shipped rule (claims.linking.services): the lexical decision stands; a pair the lexical
score did not link whose cosine is >= ``params.SEMANTIC_SUGGEST_THRESHOLD`` becomes a *suggested* link
(an editor decides), never auto. Printed: precision and recall of auto links, and of any link
(auto + suggested, i.e. what reaches a person or a group), lexical only (as before) and with the
embeddings, plus a sweep of the cosine threshold. The threshold was chosen looking at this same set:
the figures flatter the rule.

With ``--pg``/``--db`` (an embedding index grown by bench/bench_lookup.py, migrated here, never dev or
test data): what the semantic candidates add to linking one new claim, i.e. what the receiver of
``semantic_candidates`` does (encode + band candidates + stored vectors + cosine), per sentence of the
paraphrase set, p50/p95 ms, beside a bare reference (one (band, bucket) read through the same index).
Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timing(rows: list[tuple[int, str, str]]) -> None:
    from django.db import connection

    from bench.bench_lookup import pct
    from integrations import embeddings as emb
    from integrations.lookup import semantic_neighbours
    from integrations.models import ClaimEmbedding

    n = ClaimEmbedding.objects.count()
    texts = [t for _, a, b in rows for t in (a, b)]
    semantic_neighbours([(0, texts[0])])  # load the model
    bare, per = [], []
    vectors = emb.encode(texts)
    for text, vec in zip(texts, vectors, strict=True):
        band, bucket = 0, int(emb.band_buckets(vec)[0][0])
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SELECT claim_id FROM integrations_claimembeddingband WHERE band = %s AND bucket = %s "
                        "ORDER BY claim_id DESC LIMIT 1000", [band, bucket])
            cur.fetchall()
        bare.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        semantic_neighbours([(0, text)])
        per.append((time.perf_counter() - t0) * 1000)
    print(f"semantic candidates for one new claim, index of {n:,} claims, {len(texts)} sentences:")
    print(f"  bare reference (one bucket read)       p50 {statistics.median(bare):6.1f} ms  "
          f"p95 {pct(bare, 95):6.1f} ms")
    print(f"  semantic_neighbours (encode + index)   p50 {statistics.median(per):6.1f} ms  "
          f"p95 {pct(per, 95):6.1f} ms")


def end_to_end(rows: list[tuple[int, str, str]], gold: list[int], show) -> None:
    """Each pair as two unchecked claims in two new articles of a throwaway in-memory database,
    linked one after the other through ``link_new_claims`` (band index, LSH recall, rule, contradiction
    check and all): lexical only (the model switched off: what two unchecked claims got before) and
    with the embedding index. Links between claims of different pairs are counted apart."""
    from django.db import connection

    from claims.linking import link_new_claims
    from claims.models import Article, Claim, ClaimLink
    from integrations import embeddings as emb

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    real = emb.available
    for name, on in (("lexical only (before: unchecked claims)", False), ("with the embedding index (shipped)", True)):
        emb.available = real if on else (lambda: False)
        ClaimLink.objects.all().delete()
        Claim.objects.all().delete()
        Article.objects.all().delete()
        pairs_ids = []
        for k, (_, a, b) in enumerate(rows):
            ids = []
            for side, text in (("a", a), ("b", b)):
                art = Article.objects.create(title=f"pair {k}{side}", body=f"{text} [{k}{side}]", status="extracted")
                ids.append(Claim.objects.create(article=art, start=0, end=len(text), sentence_start=0,
                                                sentence_end=len(text), text=text, sentence=text, kind="statistic",
                                                score=0.9, fingerprint=f"p{k}{side}").pk)
            pairs_ids.append(ids)
        for ids in pairs_ids:  # a's article arrives first, b's later
            link_new_claims([ids[0]])
        for ids in pairs_ids:
            link_new_claims([ids[1]])
        links = {(link.claim_id, link.other_id): link.status for link in ClaimLink.objects.all()}
        within = [links.get((min(ids), max(ids))) for ids in pairs_ids]
        print(f"end to end, {name}:")
        show("auto links", [s == "auto" for s in within])
        show("any link (auto + suggested)", [s is not None for s in within])
        print(f"  links between claims of different pairs: {len(links) - sum(s is not None for s in within)}")
    emb.available = real


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default="")
    ap.add_argument("--db", default="factcheck_bench_integ_lookup")
    ap.add_argument("--e2e", action="store_true",
                    help="also link the pairs as unchecked claims through link_new_claims (in-memory database)")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    if args.pg:
        from bench.bench_lookup import setup_django

        setup_django(args.pg, args.db, fresh=False)
    else:
        import django

        django.setup()
    from bench.bench_lookup import pairs, pr
    from claims.linking import content_tokens, decide, params
    from claims.linking.scoring import contradicts
    from integrations import embeddings as emb

    rows = pairs()
    gold = [r[0] for r in rows]
    lex = [decide(content_tokens(a), content_tokens(b),
                  contradicts(a, b, content_tokens(a), content_tokens(b))) for _, a, b in rows]
    print(f"paraphrase set: {sum(gold)} same-claim pairs, {len(gold) - sum(gold)} word-sharing different-claim pairs")

    def show(name: str, pred: list[bool]) -> None:
        p, r, tp, fp, fn = pr(pred, gold)
        print(f"  {name:58s} precision {p:.2f}  recall {r:.2f}  (tp {tp}, fp {fp}, fn {fn})")

    auto = [s == "auto" for _, s in lex]
    print("lexical only (the linking before):")
    show("auto links", auto)
    show("any link (auto + suggested)", [s is not None for _, s in lex])
    if not emb.available():
        print("!! no embedding model (bash scripts/build_embedding_model.sh): the linking stays lexical")
        return
    va = emb.encode([r[1] for r in rows])
    vb = emb.encode([r[2] for r in rows])
    # the stored form (float16), as the index verifies it
    cos = [float(emb.from_bytes(emb.to_bytes(x)) @ y) for x, y in zip(va, vb, strict=True)]
    print(f"seed pair: lexical {lex[0][0]:.2f} ({lex[0][1]}), cosine {cos[0]:.3f}")
    t = params.SEMANTIC_SUGGEST_THRESHOLD
    contra = [contradicts(a, b, content_tokens(a), content_tokens(b)) for _, a, b in rows]
    before = [s is None and c >= t for (_, s), c in zip(lex, cos, strict=True)]
    sem_only = [e and not x for e, x in zip(before, contra, strict=True)]
    print(f"before: lexical decision, else cosine >= {t} -> suggested (never auto), only when one claim of the "
          "pair had a published verdict (the index held those); two unchecked claims: lexical only (above)")
    show("any link, one claim checked", [s is not None or e for (_, s), e in zip(lex, before, strict=True)])
    show("suggested by the embeddings alone", before)
    print("shipped: the same for any two claims, checked or not (the index holds every claim), and a pair "
          "scoring.contradicts flags is not suggested by the embeddings:")
    show("auto links (unchanged: the embeddings never make one)", auto)
    show("any link (auto + suggested)", [s is not None or e for (_, s), e in zip(lex, sem_only, strict=True)])
    show("suggested by the embeddings alone (pairs lexical missed)", sem_only)
    print(f"  contradictions left out: {sum(b and not e for b, e in zip(before, sem_only, strict=True))} pairs "
          f"(same-claim among them: {sum(b and not e and g for b, e, g in zip(before, sem_only, gold, strict=True))})")
    print("sweep of the cosine threshold (any link):")
    for x in (0.7, 0.75, 0.8, 0.85, 0.9):
        show(f"lexical, else cosine >= {x} and no contradiction",
             [s is not None or (c >= x and not k) for (_, s), c, k in zip(lex, cos, contra, strict=True)])
    print("different-claim pairs suggested by the embeddings at the shipped threshold:")
    for (g, a, b), e, c in zip(rows, sem_only, cos, strict=True):
        if e and not g:
            print(f"  cosine {c:.3f}: {a!r} / {b!r}")
    if args.e2e:
        end_to_end(rows, gold, show)
    if args.pg:
        timing(rows)


if __name__ == "__main__":
    main()
