"""Who may use each new page and endpoint of blind second review: the persona who may, a colleague in
another role, an outsider with no role (and anonymous), each checked to change nothing when refused."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from reviewers import services
from reviewers.models import IndependentReview, QueueItem, SecondReviewRule, Verdict
from tests.factories import ClaimFactory

from .conftest import EVIDENCE, write_round

pytestmark = pytest.mark.authz


def _api(user=None) -> APIClient:
    cache.clear()  # throttle counters
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


@pytest.fixture
def rule(editor):
    return services.create_rule(editor, kind="quote")


@pytest.fixture
def to_adjudicate(round_one_done, reviewer2):
    services.claim_next(reviewer2)
    write_round(reviewer2, round_one_done.claim_id, "true")
    return round_one_done.claim


# --- rules: editors (manage_second_review) may; reviewers and outsiders may not ------------------------


def test_rules_pages(client, editor, reviewer, outsider, rule):
    claim = ClaimFactory()
    posts = [(reverse("review-second-review"), {"kind": "event"}),
             (reverse("review-second-review-toggle", args=[rule.pk]), {}),
             (reverse("review-second-review-delete", args=[rule.pk]), {}),
             (reverse("review-require-second", args=[claim.pk]), {})]
    for user in (reviewer, outsider):
        client.force_login(user)
        assert client.get(reverse("review-second-review")).status_code == 403
        for url, data in posts:
            assert client.post(url, data).status_code == 403, url
    client.logout()
    assert client.get(reverse("review-second-review")).status_code == 302  # to the login page
    for url, data in posts:
        assert client.post(url, data).status_code == 302
    assert list(SecondReviewRule.objects.values_list("pk", "active")) == [(rule.pk, True)]
    client.force_login(editor)
    assert client.get(reverse("review-second-review")).status_code == 200
    for url, data in posts:
        assert client.post(url, data).status_code == 302
    assert SecondReviewRule.objects.filter(kind="event").exists()
    assert not SecondReviewRule.objects.filter(pk=rule.pk).exists()
    assert SecondReviewRule.objects.filter(claim=claim).exists()


def test_rules_api(editor, reviewer, outsider, rule):
    url, one = "/api/second-review-rules/", f"/api/second-review-rules/{rule.pk}/"
    for user in (reviewer, outsider, None):
        c = _api(user)
        expected = 403 if user else 401
        assert c.get(url).status_code == expected
        assert c.get(one).status_code == expected
        assert c.post(url, {"kind": "event"}, format="json").status_code == expected
        assert c.patch(one, {"active": False}, format="json").status_code == expected
        assert c.delete(one).status_code == expected
    assert list(SecondReviewRule.objects.values_list("pk", "active")) == [(rule.pk, True)]
    c = _api(editor)
    assert c.get(url).json()["results"][0]["matches"] == "kind attributed statement or quote"
    assert c.post(url, {"kind": "event"}, format="json").status_code == 201
    assert c.patch(one, {"active": False}, format="json").json()["active"] is False
    assert c.delete(one).status_code == 204


def test_rules_service(reviewer, outsider, rule):
    for user in (reviewer, outsider, None):
        with pytest.raises(services.NotAllowed):
            services.create_rule(user, kind="event")
        with pytest.raises(services.NotAllowed):
            services.set_rule_active(rule.pk, user, False)
        with pytest.raises(services.NotAllowed):
            services.require_second_review(ClaimFactory().pk, user)


# --- independent reviews: the lease holder may; a colleague without the lease and outsiders may not ---


def test_independent_review_api(blind_item, reviewer, reviewer2, editor, outsider):
    services.claim_next(reviewer)
    body = {"claim": blind_item.claim_id, "rating": "false", "rationale": "why", "evidence": EVIDENCE}
    assert _api(None).post("/api/independent-reviews/", body, format="json").status_code == 401
    assert _api(outsider).post("/api/independent-reviews/", body, format="json").status_code == 403
    assert _api(outsider).get("/api/independent-reviews/").status_code == 403
    for colleague in (reviewer2, editor):  # no lease on this claim
        assert _api(colleague).post("/api/independent-reviews/", body, format="json").status_code == 403
    assert not IndependentReview.objects.exists()
    r = _api(reviewer).post("/api/independent-reviews/", body, format="json")
    assert r.status_code == 200
    review = r.json()
    # only its author may see (and so submit) it while blind
    for colleague in (reviewer2, editor):
        assert _api(colleague).get(f"/api/independent-reviews/{review['id']}/").status_code == 404
        assert _api(colleague).post(f"/api/independent-reviews/{review['id']}/submit/",
                                    {"version": review["version"]}, format="json").status_code == 404
    assert _api(reviewer).post(f"/api/independent-reviews/{review['id']}/submit/",
                               {"version": review["version"]}, format="json").status_code == 200


def test_review_page_of_a_blind_claim(client, blind_item, reviewer, reviewer2, outsider):
    services.claim_next(reviewer)
    url = reverse("review-claim", args=[blind_item.claim_id])
    data = {"action": "save", "rating": "true", "rationale": "x", "version": ""}
    client.force_login(reviewer2)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert not IndependentReview.objects.exists()
    client.force_login(reviewer)
    assert client.post(url, data).status_code == 302
    assert IndependentReview.objects.get().reviewer_id == reviewer.pk


# --- adjudication: editors may (not the rounds' authors); reviewers and outsiders may not ---------------


def test_adjudication_pages(client, to_adjudicate, editor, reviewer, outsider):
    claim = to_adjudicate
    data = {"action": "adjudicate", "rating": "true", "rationale": "x", "evidence-0-url": EVIDENCE[0]["url"]}
    for user in (reviewer, outsider):
        client.force_login(user)
        assert client.get(reverse("review-adjudications")).status_code == 403
        assert client.get(reverse("review-adjudication", args=[claim.pk])).status_code == 403
        assert client.post(reverse("review-adjudication", args=[claim.pk]), data).status_code == 403
    client.logout()
    assert client.post(reverse("review-adjudication", args=[claim.pk]), data).status_code == 302
    assert not Verdict.objects.exists()
    client.force_login(editor)
    assert claim.text in client.get(reverse("review-adjudications")).content.decode()
    assert client.post(reverse("review-adjudication", args=[claim.pk]), data).status_code == 302
    assert Verdict.objects.get().reviewer_id == editor.pk


def test_adjudication_api(to_adjudicate, editor, reviewer, reviewer2, outsider):
    claim = to_adjudicate
    body = {"rating": "true", "rationale": "x", "evidence": EVIDENCE}
    for user in (reviewer, reviewer2, outsider, None):
        c = _api(user)
        expected = 403 if user else 401
        assert c.get("/api/adjudications/").status_code == expected
        assert c.get(f"/api/adjudications/{claim.pk}/").status_code == expected
        assert c.post(f"/api/adjudications/{claim.pk}/adjudicate/", body, format="json").status_code == expected
    assert not Verdict.objects.exists() and QueueItem.objects.get(claim=claim).needs_adjudication
    assert _api(editor).post(f"/api/adjudications/{claim.pk}/adjudicate/", body, format="json").status_code == 201
