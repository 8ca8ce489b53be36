"""Cross-article linking reads the lookup's embedding index too: paraphrases the lexical index
misses become *suggested* links (an editor decides), never auto; without the model, lexical as before."""

from __future__ import annotations

import pytest

from claims.linking import link_new_claims, params
from claims.linking.services import BOTH_METHODS
from claims.models import ClaimLink
from integrations import embeddings, lookup
from integrations.models import ClaimEmbedding, ClaimEmbeddingBand
from tests.conftest import _missing
from tests.factories import ArticleFactory, ClaimFactory, decided_verdict

pytestmark = pytest.mark.django_db

SEED = "Moscow is preparing to withdraw its military contingent from Syria"
QUERY = "Russia will begin withdrawing its forces from Syria"
# a paraphrase pair the lexical score does not link at all (bench_linking_semantic: cosine 0.85)
POVERTY = "Half of all children in the region live in poverty"
POVERTY_SAID_OTHERWISE = "Fifty percent of the region's children are poor"


@pytest.fixture
def model() -> None:
    if not embeddings.available():
        _missing(f"the embedding model in {embeddings.model_dir()} (bash scripts/build_embedding_model.sh)")


def _published(text: str):
    claim = ClaimFactory(article=ArticleFactory(body=text + "."), text=text)
    decided_verdict("published", claim=claim, rating="mostly-true")
    assert lookup.index_claims([claim.pk]) == 1
    link_new_claims([claim.pk])
    return claim


def _new(text: str):
    claim = ClaimFactory(article=ArticleFactory(body=text + "."), text=text)
    link_new_claims([claim.pk])
    return claim


def _link(a, b) -> ClaimLink | None:
    return ClaimLink.objects.filter(claim_id=min(a.pk, b.pk), other_id=max(a.pk, b.pk)).first()


def test_the_seed_pair_is_suggested_with_its_cosine(model):
    seed = _published(SEED)
    new = _new(QUERY)
    link = _link(seed, new)
    assert link is not None
    assert link.status == ClaimLink.Status.SUGGESTED
    assert link.method == BOTH_METHODS and link.found_by == "words and meaning"
    assert link.cosine is not None and link.cosine >= params.SEMANTIC_SUGGEST_THRESHOLD
    seed.refresh_from_db()
    new.refresh_from_db()
    assert seed.group_id is None and new.group_id is None  # suggested: nobody grouped them yet


def test_a_paraphrase_only_the_embeddings_find_is_suggested_never_auto(model):
    seed = _published(POVERTY)
    new = _new(POVERTY_SAID_OTHERWISE)
    link = _link(seed, new)
    assert link is not None and link.status == ClaimLink.Status.SUGGESTED
    assert link.method == params.SEMANTIC_METHOD and link.found_by.startswith("meaning")
    assert link.similarity == pytest.approx(link.cosine) and link.cosine >= params.SEMANTIC_SUGGEST_THRESHOLD
    assert link_new_claims([new.pk]) == 0  # idempotent


def test_without_the_model_the_same_pair_is_not_linked(model, monkeypatch):
    seed = _published(POVERTY)
    monkeypatch.setattr(embeddings, "available", lambda: False)
    new = _new(POVERTY_SAID_OTHERWISE)
    assert _link(seed, new) is None  # the lexical linking alone, as before


@pytest.mark.parametrize("published, new", [
    ("Russia will increase its military presence in Syria", "Russia will reduce its military presence in Syria"),
    ("Crime has doubled since the mayor took office",
     "Since the mayor came to power, crime rates have fallen by half"),
])
def test_an_antonym_pair_is_never_linked_automatically(model, published, new):
    a = _published(published)
    b = _new(new)
    va, vb = embeddings.encode([published, new])
    assert float(va @ vb) >= 0.79  # MiniLM scores them as close as paraphrases
    link = _link(a, b)
    assert link is None or link.status == ClaimLink.Status.SUGGESTED
    b.refresh_from_db()
    assert b.group_id is None


def test_a_rejected_semantic_link_stays_rejected(model, editor):
    from claims.linking import reject_link

    seed = _published(POVERTY)
    new = _new(POVERTY_SAID_OTHERWISE)
    link = _link(seed, new)
    reject_link(link.pk, editor)
    link_new_claims([new.pk, seed.pk])
    link.refresh_from_db()
    assert link.status == ClaimLink.Status.REJECTED


def test_two_unchecked_paraphrases_in_two_articles_get_a_suggested_link(model):
    """Neither claim has a verdict: the index holds every claim, so the second finds the first."""
    first = _new(POVERTY)
    second = _new(POVERTY_SAID_OTHERWISE)
    link = _link(first, second)
    assert link is not None and link.status == ClaimLink.Status.SUGGESTED
    assert link.method == params.SEMANTIC_METHOD and link.cosine >= params.SEMANTIC_SUGGEST_THRESHOLD
    assert ClaimEmbeddingBand.objects.filter(claim__in=[first, second], published=True).count() == 0
    assert lookup.lookup(POVERTY_SAID_OTHERWISE).matches == []  # unchecked: not the lookup's business
    assert link_new_claims([first.pk, second.pk]) == 0  # idempotent, nothing encoded again
    assert ClaimEmbedding.objects.filter(claim__in=[first, second]).count() == 2


def test_two_paraphrases_of_one_batch_find_each_other(model):
    first = ClaimFactory(article=ArticleFactory(body=POVERTY + "."), text=POVERTY)
    second = ClaimFactory(article=ArticleFactory(body=POVERTY_SAID_OTHERWISE + "."), text=POVERTY_SAID_OTHERWISE)
    link_new_claims([first.pk, second.pk])
    link = _link(first, second)
    assert link is not None and link.status == ClaimLink.Status.SUGGESTED


def test_a_pair_sharing_words_but_not_the_claim_is_not_linked(model):
    a, b = POVERTY, "Child poverty is the main topic of the regional election"
    first = _new(a)
    second = _new(b)
    va, vb = embeddings.encode([a, b])
    assert float(va @ vb) < params.SEMANTIC_SUGGEST_THRESHOLD  # related, not the same claim
    assert _link(first, second) is None
    assert ClaimEmbedding.objects.filter(claim__in=[first, second]).count() == 2  # both were indexed


def test_without_the_model_nothing_is_indexed_and_unchecked_paraphrases_stay_apart(monkeypatch):
    monkeypatch.setattr(embeddings, "available", lambda: False)
    first = _new(POVERTY)
    second = _new(POVERTY_SAID_OTHERWISE)
    assert _link(first, second) is None
    assert not ClaimEmbedding.objects.exists() and not ClaimEmbeddingBand.objects.exists()


def test_extraction_indexes_the_new_claims_through_the_linking_task(model, editor,
                                                                    django_capture_on_commit_callbacks):
    """ingest -> extract_article -> link_claims (Celery, eager here): the claims are in the index."""
    from claims.services import ingest_article

    with django_capture_on_commit_callbacks(execute=True):
        article = ingest_article(title="Budget", user=editor, body=(
            "The finance minister said on Monday that half of all children in the region live in poverty. "
            "He added that the government will spend 2 billion euros on schools next year.")).article
    ids = list(article.claims.values_list("pk", flat=True))
    assert ids
    assert set(ClaimEmbedding.objects.values_list("claim_id", flat=True)) == set(ids)
