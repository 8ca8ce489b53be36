"""Short articles in other styles (tests/data/articles/*.json): wire, interview, numbers, list."""

from __future__ import annotations

import pytest

from tests.extraction.expectations import DATA, check_all, load, run

ARTICLES = sorted((DATA / "articles").glob("*.json"))


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_article(path):
    spec, body = load(path)
    claims = run(spec, body)
    problems = check_all(spec, body, claims)
    assert not problems, "\n".join(problems)


def test_styles_covered():
    assert {p.stem for p in ARTICLES} >= {"wire-report", "interview", "numbers", "bullet-list"}
