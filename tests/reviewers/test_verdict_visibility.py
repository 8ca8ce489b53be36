"""Who may see a verdict: one rule (reviewers.selectors.verdict_visible_to / visible_verdict_q) on every
page and API that shows one. Editors see every verdict; a reviewer their own at any status and other
people's once approved or published; an outsider reaches none of the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim
from reviewers.models import Verdict
from reviewers.selectors import verdict_visible_to, visible_verdict_q, visible_verdicts
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

BODY = "The council said 40 roads were fixed in 2023. Nothing else happened."


@pytest.fixture
def draft(reviewer):
    """Rita's draft verdict (rated false) on the one claim of an article."""
    article = ArticleFactory(body=BODY)
    end = BODY.index(" Nothing")
    claim = ClaimFactory(article=article, start=0, end=end, sentence_start=0, sentence_end=end, text=BODY[:end],
                         sentence=BODY[:end], status=Claim.Status.IN_REVIEW)
    return VerdictFactory(claim=claim, reviewer=reviewer, status=Verdict.Status.DRAFT, rating="false")


def _rated_on_article_page(client, user, verdict) -> bool:
    client.force_login(user)
    html = client.get(reverse("article-detail", args=[verdict.claim.article_id])).content.decode()
    return 'class="badge rating-false"' in html and "rating-false" in html.split('id="article-body">', 1)[1]


def _rated_on_claim_page(client, user, verdict) -> bool:
    client.force_login(user)
    html = client.get(reverse("claim-detail", args=[verdict.claim_id])).content.decode()
    return "badge rating-false" in html


def _rated_in_search(client, user, verdict) -> bool:
    client.force_login(user)
    html = client.get(reverse("claim-search"), {"q": "roads", "rating": "false"}).content.decode()
    return f'href="{reverse("claim-detail", args=[verdict.claim_id])}"' in html and "rated False" in html


def _api_verdict(user, verdict) -> dict | None:
    api = APIClient()
    api.force_authenticate(user)
    return api.get(f"/api/claims/{verdict.claim_id}/").json()["verdict"]


def _api_rating_filter(user, verdict) -> set[int]:
    api = APIClient()
    api.force_authenticate(user)
    return {c["id"] for c in api.get("/api/claims/", {"rating": "false"}).json()["results"]}


def test_the_author_sees_their_own_draft_rating_on_every_page(client, reviewer, draft):
    # the article page used to lack the author clause: her rating was hidden there only
    assert _rated_on_article_page(client, reviewer, draft)
    assert _rated_on_claim_page(client, reviewer, draft)
    assert _rated_in_search(client, reviewer, draft)
    assert _api_verdict(reviewer, draft) == {"id": draft.pk, "status": "draft", "rating": "false"}
    assert _api_rating_filter(reviewer, draft) == {draft.claim_id}


def test_a_colleague_does_not_see_someone_elses_draft_anywhere(client, reviewer2, draft):
    assert not _rated_on_article_page(client, reviewer2, draft)
    assert not _rated_on_claim_page(client, reviewer2, draft)
    assert not _rated_in_search(client, reviewer2, draft)
    assert _api_verdict(reviewer2, draft) is None
    assert _api_rating_filter(reviewer2, draft) == set()


def test_an_editor_sees_every_draft_everywhere(client, editor, draft):
    assert _rated_on_article_page(client, editor, draft)
    assert _rated_on_claim_page(client, editor, draft)
    assert _rated_in_search(client, editor, draft)
    assert _api_verdict(editor, draft) == {"id": draft.pk, "status": "draft", "rating": "false"}
    assert _api_rating_filter(editor, draft) == {draft.claim_id}


def test_an_outsider_reaches_none_of_them(client, outsider, draft):
    client.force_login(outsider)
    for name, args in (("article-detail", [draft.claim.article_id]), ("claim-detail", [draft.claim_id]),
                       ("claim-search", [])):
        assert client.get(reverse(name, args=args)).status_code == 403
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get(f"/api/claims/{draft.claim_id}/").status_code == 403


def test_once_published_everyone_with_a_role_sees_it(client, reviewer2, draft):
    Verdict.objects.filter(pk=draft.pk).update(status=Verdict.Status.PUBLISHED)
    draft.refresh_from_db()
    assert _rated_on_article_page(client, reviewer2, draft)
    assert _rated_on_claim_page(client, reviewer2, draft)
    assert _api_verdict(reviewer2, draft)["status"] == "published"


@pytest.mark.parametrize("status", Verdict.Status.values)
def test_the_rule_and_its_filter_agree(status, reviewer, reviewer2, editor, outsider, draft):
    """verdict_visible_to (one object) and visible_verdict_q (a queryset) give the same answer."""
    Verdict.objects.filter(pk=draft.pk).update(status=status)
    draft.refresh_from_db()
    for user in (reviewer, reviewer2, editor, outsider, None):
        as_filter = Verdict.objects.filter(visible_verdict_q(user), pk=draft.pk).exists()
        assert verdict_visible_to(user, draft) == as_filter, (user, status)
    assert verdict_visible_to(reviewer, draft)
    assert verdict_visible_to(editor, draft)
    assert verdict_visible_to(reviewer2, draft) == (status in ("approved", "published"))
    # the verdict API adds its role gate: people without view_verdict get nothing
    assert list(visible_verdicts(outsider)) == []
    assert [v.pk for v in visible_verdicts(reviewer2)] == ([draft.pk] if status in ("approved", "published") else [])
