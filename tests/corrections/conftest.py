"""The two-claim budget article both correction test modules start from."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Article
from claims.services import run_extraction

BODY = ("Officials said 40 new buses were bought in 2024, and the council spent 3 million euros on repairs. "
        "The minister said unemployment fell to 5 percent last year.")


@pytest.fixture
def article(db, django_capture_on_commit_callbacks):
    """An extracted article with exactly two claims (one per sentence)."""
    article = Article.objects.create(title="Budget", body=BODY, published=dt.date(2025, 1, 10),
                                     status=Article.Status.EXTRACTED)
    with django_capture_on_commit_callbacks(execute=True):
        run_extraction(article.pk)
    assert article.claims.count() == 2
    return article
