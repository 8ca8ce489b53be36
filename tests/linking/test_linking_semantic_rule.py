"""The linking's rule for semantic candidates (claims.signals.semantic_candidates), whatever answers
them: at cosine >= SEMANTIC_SUGGEST_THRESHOLD a pair the lexical index did not link is suggested,
never auto, and not at all when the two contradict (scoring.contradicts); below it nothing; the cap per
new claim holds; a failing receiver leaves the linking lexical."""

from __future__ import annotations

import contextlib

import pytest

from claims import signals
from claims.linking import link_new_claims, params
from claims.models import ClaimLink
from tests.factories import claim_with_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_the_test_answers():
    """The rule alone: integrations' own receiver (the embedding index) is disconnected meanwhile."""
    from integrations.receivers import on_semantic_candidates

    uid = "integrations.semantic_candidates"
    signals.semantic_candidates.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        signals.semantic_candidates.connect(on_semantic_candidates, dispatch_uid=uid)


@contextlib.contextmanager
def answering(fn):
    signals.semantic_candidates.connect(fn, dispatch_uid="test.semantic")
    try:
        yield
    finally:
        signals.semantic_candidates.disconnect(dispatch_uid="test.semantic")


def _fixed(answer: dict):
    def receiver(sender, claims, **kw):
        return {cid: answer.get(cid, []) for cid, _ in claims}
    return receiver


def test_even_a_perfect_cosine_only_suggests():
    old = claim_with_text("Half of all children in the region live in poverty")
    new = claim_with_text("Fifty percent of the region's children are poor")
    with answering(_fixed({new.pk: [(old.pk, 0.99)]})):
        assert link_new_claims([new.pk]) == 1
    link = ClaimLink.objects.get()
    assert (link.claim_id, link.other_id) == (old.pk, new.pk)
    assert link.status == ClaimLink.Status.SUGGESTED and link.method == params.SEMANTIC_METHOD
    assert link.cosine == pytest.approx(0.99) and link.similarity == pytest.approx(0.99)
    new.refresh_from_db()
    assert new.group_id is None


def test_below_the_threshold_and_in_the_same_article_nothing():
    old = claim_with_text("The army will send 3,000 soldiers north")
    new = claim_with_text("Troops are being pulled out of the region")
    sibling = claim_with_text("The region has no army base", article=new.article)
    below = params.SEMANTIC_SUGGEST_THRESHOLD - 0.01
    with answering(_fixed({new.pk: [(old.pk, below), (sibling.pk, 0.99), (new.pk, 1.0)]})):
        assert link_new_claims([new.pk]) == 0
    assert not ClaimLink.objects.exists()


def test_the_cap_per_new_claim_holds(monkeypatch):
    monkeypatch.setattr(params, "MAX_LINKS", 2)
    others = [claim_with_text(f"Unrelated sentence number {word}") for word in ("one", "two", "three", "four")]
    new = claim_with_text("Troops are being pulled out of the region")
    cos = [0.81, 0.95, 0.9, 0.85]
    with answering(_fixed({new.pk: [(o.pk, c) for o, c in zip(others, cos, strict=True)]})):
        assert link_new_claims([new.pk]) == 2
    kept = set(ClaimLink.objects.values_list("claim_id", flat=True))
    assert kept == {others[1].pk, others[2].pk}  # the two best


def test_a_failing_receiver_leaves_the_linking_lexical():
    a = claim_with_text("Unemployment fell to 4.1 percent last month")
    b = claim_with_text("Unemployment fell to 4.1 percent last month, figures show")
    assert link_new_claims([a.pk]) == 0  # indexed (its signatures), nothing to link to yet

    def broken(sender, claims, **kw):
        raise RuntimeError("onnxruntime exploded")

    with answering(broken):
        assert link_new_claims([b.pk]) == 1
    link = ClaimLink.objects.get()
    assert link.method == params.METHOD and link.cosine is None and link.status == ClaimLink.Status.AUTO
    assert (link.claim_id, link.other_id) == (a.pk, b.pk)


@pytest.mark.parametrize("old_text, new_text", [
    ("The army will send 3,000 soldiers north", "Soldiers withdrew from the northern border"),  # opposite actions
    ("Physicians warn the jab is not safe for kids", "Doctors say the vaccine is safe for children"),  # negation
])
@pytest.mark.parametrize("swap", [False, True])
def test_a_contradiction_only_the_embeddings_found_is_not_linked(old_text, new_text, swap):
    if swap:
        old_text, new_text = new_text, old_text
    old = claim_with_text(old_text)
    new = claim_with_text(new_text)
    with answering(_fixed({new.pk: [(old.pk, 0.97)]})):
        assert link_new_claims([new.pk]) == 0
    assert not ClaimLink.objects.exists()
