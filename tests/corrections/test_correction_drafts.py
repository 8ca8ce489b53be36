"""A refused correction gives back what was typed (claims.correction_drafts): the forms redirected
to the claim page with an error, which showed the stored values again and lost the typing."""

from __future__ import annotations

import pytest

from claims.models import Claim

pytestmark = pytest.mark.django_db


def _first(article) -> Claim:
    return article.claims.order_by("start").first()


def _page(client, claim) -> str:
    return client.get(f"/claims/{claim.pk}/").content.decode()


def test_a_refused_text_correction_keeps_the_typed_speaker_once(article, client, reviewer):
    claim = _first(article)
    client.force_login(reviewer)
    typed = "Deputy Mayor Ana Ruiz of the transport committee"
    resp = client.post(f"/claims/{claim.pk}/correct/", {"text": "   ", "speaker": typed, "kind": claim.kind})
    assert resp.status_code == 302
    page = _page(client, claim)
    assert f'name="speaker" value="{typed}"' in page
    claim.refresh_from_db()
    assert claim.speaker != typed  # nothing was stored
    # read once: a reload shows the stored claim again
    assert f'value="{typed}"' not in _page(client, claim)


def test_a_refused_split_and_value_correction_keep_their_typing(article, client, editor):
    claim = _first(article)
    client.force_login(editor)
    client.post(f"/claims/{claim.pk}/split/", {"split_at": "no such words here"})
    assert 'name="split_at" value="no such words here"' in _page(client, claim)
    client.post(f"/claims/{claim.pk}/values/", {"number-0": "forty-one", "number-1": "3000000"})
    page = _page(client, claim)
    assert 'name="number-0" value="forty-one"' in page and 'name="number-1" value="3000000"' in page


def test_the_typing_is_not_shown_to_another_person_or_on_another_claim(article, client, reviewer, editor):
    claim, other = article.claims.order_by("start")[:2]
    client.force_login(reviewer)
    client.post(f"/claims/{claim.pk}/split/", {"split_at": "typed by the reviewer"})
    assert 'value="typed by the reviewer"' not in _page(client, other)
    client.force_login(editor)  # a new session
    assert 'value="typed by the reviewer"' not in _page(client, claim)


def test_a_successful_correction_leaves_no_draft(article, client, reviewer):
    claim = _first(article)
    client.force_login(reviewer)
    client.post(f"/claims/{claim.pk}/correct/", {"text": claim.text, "speaker": "The officials", "kind": claim.kind})
    assert 'name="speaker" value="The officials"' in _page(client, claim)
    assert not [k for k in client.session.keys() if k.startswith("claim-correction-draft")]
