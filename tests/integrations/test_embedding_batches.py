"""The encoder (one session run a text, so a text's vector depends on nothing else) and its model name:
vectors of another model are never compared with this one's, and the backfill re-encodes them."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from integrations import embedding_build, embeddings, lookup
from integrations.models import ClaimEmbedding
from tests.conftest import _missing
from tests.factories import ArticleFactory, ClaimFactory, decided_verdict


@pytest.fixture
def model() -> None:
    if not embeddings.available():
        _missing(f"the embedding model in {embeddings.model_dir()} (bash scripts/build_embedding_model.sh)")


def test_encode_keeps_the_order_and_encodes_a_repeated_text_once(model):
    texts = ["The council approved a budget of 3 million euros on Monday",
             "Rents rose by a fifth",
             "The council approved a budget of 3 million euros on Monday",
             "Officials said the new bridge would open in 2027, two years later than first announced, "
             "after the contractor went bankrupt and the tender had to be repeated"]
    out = embeddings.encode(texts)
    assert out.shape == (4, embeddings.DIM)
    assert np.array_equal(out[0], out[2])
    assert np.allclose(np.linalg.norm(out, axis=1), 1, atol=1e-4)
    assert np.array_equal(embeddings.encode(texts), out)  # deterministic


def test_a_text_gets_the_same_vector_whatever_is_encoded_with_it(model):
    """The int8 activations are scaled per session run: batched, a claim's vector moved with its batch-mates
    (cosine down to 0.98 against the same text alone), so a stored vector and a lookup of the same words
    disagreed. Same words, same vector, bit for bit."""
    text = "The minister said unemployment fell to 4.2 percent in March, the lowest in a decade"
    # the same length in word pieces, so a batching encoder would put them in one run with the text
    others = [f"The mayor said the {w} budget rose to 4.2 million euros in March, the highest in a decade"
              for w in ["city", "school", "health", "road", "water", "police", "park"]]
    alone = embeddings.encode([text])[0]
    assert np.array_equal(embeddings.encode([text, *others])[0], alone)
    assert np.array_equal(embeddings.encode([*others[:3], text, "Rents rose"])[3], alone)


def test_every_recipe_has_its_own_name_and_the_shipped_one_keeps_its_own():
    """The name is stored with each vector: a build with other layers or another length must differ
    (its vectors are not comparable), the shipped recipe must not (its index stays valid)."""
    names = {embedding_build.model_name(layers, length) for layers in (3, 4, 6) for length in (64, 128)}
    assert len(names) == 6
    assert embedding_build.model_name() == "all-MiniLM-L6-v2-onnx-int8-pc"
    assert all(len(n) <= ClaimEmbedding._meta.get_field("model").max_length for n in names)


def _index_as_another_model(claim, like: np.ndarray) -> None:
    """The claim's entry as a build of another model would have left it: ``like``'s vector and bands."""
    lookup.write_index([claim.pk], [lookup._text_hash(claim.text)], like[None, :],
                       embeddings.band_buckets(like), published=lookup._published_among([claim.pk]))
    ClaimEmbedding.objects.filter(claim=claim).update(model="an-older-encoder")


@pytest.mark.django_db
def test_a_vector_of_another_model_is_never_compared_and_the_backfill_replaces_it(model):
    statement = "The mayor promised 500 new homes by 2026"
    unrelated = ClaimFactory(article=ArticleFactory(), text="Ferry tickets to the island cost 12 euros")
    decided_verdict("published", claim=unrelated)
    query = embeddings.encode([statement])[0]
    # the old model's vector is the query's own (cosine 1.0): compared across models it would match
    _index_as_another_model(unrelated, query)
    assert lookup.embedding_candidates(query)  # its band rows are there, as after a model change
    assert lookup.lookup(statement).matches == []
    new = ClaimFactory(article=ArticleFactory(), text=statement)
    assert unrelated.pk not in dict(lookup.semantic_neighbours([(new.pk, new.text)])[new.pk])

    out = StringIO()
    call_command("index_lookup", "--all", stdout=out)
    assert "indexed 1 claims" in out.getvalue()  # the stale one; the new claim was indexed above
    row = ClaimEmbedding.objects.get(claim=unrelated)
    assert row.model == embeddings.model_name()
    assert float(embeddings.from_bytes(row.vector) @ query) < lookup.COSINE_THRESHOLD
    assert lookup.lookup(statement).matches == []


def test_the_session_option_keeps_vectors_comparable_with_those_stored_before(model):
    """encode() keeps onnxruntime's SkipLayerNormalization unfused (it is ~4x slower than the two ops it
    replaces): the model and its name are unchanged, so its vectors must stay those of the fused session up
    to the int8 activations' rounding, and every run of the same session must give the same bits."""
    assert "SkipLayerNormFusion" in embeddings.DISABLED_OPTIMIZERS
    texts = ["The minister said unemployment fell to 4.2 percent in March, the lowest in a decade",
             "Rents rose by a fifth", "Ferry tickets to the island cost 12 euros"]
    now, before = embeddings.encode(texts), embeddings.encode(texts, disabled=())
    assert np.all(np.sum(now * before, axis=1) > 0.99)
    assert np.array_equal(embeddings.encode(texts), now)
