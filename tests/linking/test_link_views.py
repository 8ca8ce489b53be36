"""Editors' suggestion page: who may see it and decide, and what deciding does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.linking import link_new_claims
from claims.models import ClaimLink
from tests.factories import claim_with_text

pytestmark = [pytest.mark.django_db, pytest.mark.authz]


@pytest.fixture
def suggestion():
    a = claim_with_text("Russia would start to withdraw from Syria", title="Shaaban interview")
    b = claim_with_text(
        "Moscow is already preparing to withdraw its military contingent from Syria", title="Patrushev remarks"
    )
    link_new_claims([a.pk, b.pk])
    return ClaimLink.objects.get(status=ClaimLink.Status.SUGGESTED)


def test_editor_sees_both_claims_side_by_side(client, editor, suggestion):
    client.force_login(editor)
    resp = client.get(reverse("link-suggestions"))
    assert resp.status_code == 200
    html = resp.content.decode()
    for text in ("Russia would start to withdraw from Syria", "Moscow is already preparing", "Shaaban interview",
                 "Patrushev remarks", f"{suggestion.similarity:.2f}", reverse("link-confirm", args=[suggestion.pk])):
        assert text in html
    assert "csrfmiddlewaretoken" in html


def test_editor_confirms(client, editor, suggestion):
    client.force_login(editor)
    resp = client.post(reverse("link-confirm", args=[suggestion.pk]))
    assert resp.status_code == 302 and resp["Location"] == reverse("link-suggestions")
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.CONFIRMED and suggestion.decided_by == editor
    assert suggestion.claim.group_id is not None
    suggestion.claim.refresh_from_db()
    suggestion.other.refresh_from_db()
    assert suggestion.claim.group_id == suggestion.other.group_id
    assert "No suggestions waiting" in client.get(reverse("link-suggestions")).content.decode()


def test_editor_rejects_with_htmx(client, editor, suggestion):
    client.force_login(editor)
    resp = client.post(reverse("link-reject", args=[suggestion.pk]), HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and f'id="link-{suggestion.pk}"' in resp.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.REJECTED
    # Deciding the other way afterwards is refused, not silently applied.
    resp = client.post(reverse("link-confirm", args=[suggestion.pk]), HTTP_HX_REQUEST="true")
    assert resp.status_code == 409
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.REJECTED


def test_csrf_is_enforced(editor, suggestion):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(reverse("link-confirm", args=[suggestion.pk])).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


def test_get_cannot_decide(client, editor, suggestion):
    client.force_login(editor)
    assert client.get(reverse("link-confirm", args=[suggestion.pk])).status_code == 405


@pytest.mark.parametrize("persona", ["reviewer", "outsider"])
def test_others_get_403(client, request, persona, suggestion):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("link-suggestions")).status_code == 403
    assert client.post(reverse("link-confirm", args=[suggestion.pk])).status_code == 403
    assert client.post(reverse("link-reject", args=[suggestion.pk])).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


def test_anonymous_is_sent_to_login(client, suggestion):
    for method, url in (
        ("get", reverse("link-suggestions")),
        ("post", reverse("link-confirm", args=[suggestion.pk])),
        ("post", reverse("link-reject", args=[suggestion.pk])),
    ):
        resp = getattr(client, method)(url)
        assert resp.status_code == 302 and resp["Location"].startswith(reverse("login")), url
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED


def test_unknown_link_is_404(client, editor):
    client.force_login(editor)
    assert client.post(reverse("link-confirm", args=[999999])).status_code == 404


# --- the services check the permission themselves (not only the views) --------------------------

@pytest.mark.parametrize("decide", ["confirm_link", "reject_link"])
def test_services_let_the_editor_decide(editor, suggestion, decide):
    from claims import linking

    link = getattr(linking, decide)(suggestion.pk, editor)
    assert link.status != ClaimLink.Status.SUGGESTED and link.decided_by == editor


@pytest.mark.parametrize("decide", ["confirm_link", "reject_link"])
@pytest.mark.parametrize("persona", ["reviewer", "outsider", "anonymous"])
def test_services_refuse_a_reviewer_an_outsider_and_nobody(request, suggestion, decide, persona):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from claims import linking

    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        getattr(linking, decide)(suggestion.pk, user)
    with pytest.raises(PermissionDenied):
        getattr(linking, decide)(suggestion.pk, None)
    suggestion.refresh_from_db()
    assert suggestion.status == ClaimLink.Status.SUGGESTED and suggestion.decided_by is None


def test_the_page_says_which_index_found_each_link(client, editor, suggestion):
    from claims.linking import params

    # the fixture's pair may be found by both indexes (the embedding index holds every claim when the
    # model is there): as the lexical index alone would have recorded it
    ClaimLink.objects.filter(pk=suggestion.pk).update(method=params.METHOD, cosine=None)
    semantic = ClaimLink.objects.create(
        claim=claim_with_text("Half of all children in the region live in poverty"),
        other=claim_with_text("Fifty percent of the region's children are poor"),
        similarity=0.8537, cosine=0.8537, method=params.SEMANTIC_METHOD, status=ClaimLink.Status.SUGGESTED)
    client.force_login(editor)
    html = client.get(reverse("link-suggestions")).content.decode()
    row = html[html.index(f'id="link-{semantic.pk}"'):]
    row = row[: row.index("</tr>")]
    assert "meaning (sentence embeddings)" in row and "cosine 0.85" in row
    lexical = html[html.index(f'id="link-{suggestion.pk}"'):]
    lexical = lexical[: lexical.index("</tr>")]
    assert ">words" in lexical and "cosine" not in lexical
