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
