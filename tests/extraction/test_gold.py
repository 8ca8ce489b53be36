"""The seed articles, read by a fact-checker (tests/data/gold/*.json): every claim found, no non-claim."""

from __future__ import annotations

import pytest

from tests.extraction.expectations import DATA, check_all, load, run

GOLD = sorted((DATA / "gold").glob("*.json"))


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_gold(path):
    spec, body = load(path)
    claims = run(spec, body)
    problems = check_all(spec, body, claims)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_gold_offsets_and_scores(path):
    spec, body = load(path)
    for c in run(spec, body):
        assert body[c.sentence_start:c.sentence_end] == c.sentence
        assert c.sentence_start <= c.start < c.end <= c.sentence_end
        assert 0.0 <= c.score <= 1.0 and c.reasons
        assert c.kind in ("statistic", "quote", "event", "plan", "causal", "comparison")
        assert len(c.fingerprint) == 32


def test_gold_files_exist():
    assert len(GOLD) >= 2


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_gold_kept_claims(path):
    """What the article keeps: the MAX_CLAIMS best-scored candidates and every one attributed to a named source."""
    from claims.extraction.pipeline import MAX_CLAIMS

    spec, body = load(path)
    every = run(spec, body)
    kept = run(spec, body, max_claims=None)
    assert [c.to_dict() for c in kept] == [c.to_dict() for c in every if c.start in {k.start for k in kept}
                                           and c.text in {k.text for k in kept}]
    assert all(c in kept for c in every if c.attributed)
    assert len([c for c in kept if not c.attributed]) <= MAX_CLAIMS
    best = max(every, key=lambda c: c.score)
    assert best in kept
