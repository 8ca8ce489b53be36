"""Claim filters, pagination (cursor for time-ordered lists), throttling."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.throttling import SimpleRateThrottle

from claims.models import Claim
from tests.api.conftest import error_of
from tests.factories import ArticleFactory, ClaimFactory, decided_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims_set(reviewer2):
    a1 = ArticleFactory(published=dt.date(2024, 1, 10), body="The minister said unemployment fell to 4.1 percent.")
    a2 = ArticleFactory(published=dt.date(2024, 6, 1), body="Protesters claimed 20,000 people marched in Riga.")
    c1 = ClaimFactory(article=a1, kind="statistic", speaker="Minister Ozols", score=0.9, status="queued")
    c2 = ClaimFactory(article=a2, kind="event", speaker="Protest organisers", score=0.4)
    c3 = ClaimFactory(article=a2, kind="quote", speaker="Police", score=0.7, start=0, end=10, status="published")
    decided_verdict("published", claim=c3, rating="false")
    draft = ClaimFactory(article=a1, kind="statistic", speaker="Minister Ozols", score=0.8, start=4, end=20)
    decided_verdict("draft", claim=draft, rating="false", reviewer=reviewer2)
    return {"c1": c1, "c2": c2, "c3": c3, "draft": draft, "a1": a1, "a2": a2}


def _ids(resp) -> set[int]:
    assert resp.status_code == 200, resp.content
    return {c["id"] for c in resp.json()["results"]}


def test_claim_filters(reviewer, client_for, claims_set):
    api = client_for(reviewer)
    c = claims_set
    assert _ids(api.get(f"/api/claims/?article={c['a1'].pk}")) == {c["c1"].pk, c["draft"].pk}
    assert _ids(api.get("/api/claims/?status=queued")) == {c["c1"].pk}
    assert _ids(api.get("/api/claims/?kind=event")) == {c["c2"].pk}
    assert _ids(api.get("/api/claims/?speaker=ozols")) == {c["c1"].pk, c["draft"].pk}
    assert _ids(api.get("/api/claims/?score_min=0.5&score_max=0.85")) == {c["c3"].pk, c["draft"].pk}
    assert _ids(api.get("/api/claims/?published_from=2024-05-01")) == {c["c2"].pk, c["c3"].pk}
    assert _ids(api.get("/api/claims/?published_to=2024-02-01")) == {c["c1"].pk, c["draft"].pk}
    # rating: a reviewer only matches verdicts they may see (not reviewer2's draft)
    assert _ids(api.get("/api/claims/?rating=false")) == {c["c3"].pk}
    assert _ids(api.get("/api/claims/?q=marched")) == {c["c2"].pk}


def test_claim_rating_filter_for_editors_includes_drafts(editor, client_for, claims_set):
    assert _ids(client_for(editor).get("/api/claims/?rating=false")) == {claims_set["c3"].pk, claims_set["draft"].pk}


def test_claim_shows_verdict_summary_only_when_visible(reviewer, reviewer2, client_for, claims_set):
    draft_id = claims_set["draft"].pk
    assert client_for(reviewer).get(f"/api/claims/{draft_id}/").json()["verdict"] is None
    assert client_for(reviewer2).get(f"/api/claims/{draft_id}/").json()["verdict"]["status"] == "draft"
    published = client_for(reviewer).get(f"/api/claims/{claims_set['c3'].pk}/").json()["verdict"]
    assert published["rating"] == "false"


@pytest.mark.postgres
def test_full_text_query_uses_postgres_search(reviewer, client_for, claims_set):
    api = client_for(reviewer)
    # stemming: "march" finds "marched" only with a real text search configuration
    assert _ids(api.get("/api/claims/?q=march")) == {claims_set["c2"].pk}
    assert _ids(api.get("/api/claims/?q=unemployment -riga")) == {claims_set["c1"].pk}


def test_cursor_pagination_over_articles_is_complete_and_newest_first(editor, client_for):
    made = [ArticleFactory() for _ in range(7)]
    api = client_for(editor)
    url = "/api/articles/?page_size=3"
    seen: list[int] = []
    pages = 0
    while url:
        resp = api.get(url)
        assert resp.status_code == 200
        body = resp.json()
        assert "cursor=" in (body["next"] or "cursor=")
        assert "count" not in body  # cursor pagination
        seen += [a["id"] for a in body["results"]]
        url = body["next"]
        pages += 1
    assert pages == 3
    assert seen == [a.pk for a in reversed(made)]
    bad = api.get("/api/articles/?cursor=garbage")
    assert bad.status_code == 400
    assert error_of(bad)["code"] == "invalid"
    assert list(error_of(bad)["fields"]) == ["cursor"]


def test_cursor_pagination_over_verdicts(editor, client_for):
    made = [decided_verdict("approved") for _ in range(5)]
    api = client_for(editor)
    first = api.get("/api/verdicts/?page_size=2").json()
    assert [v["id"] for v in first["results"]] == [made[4].pk, made[3].pk]
    second = api.get(first["next"]).json()
    assert [v["id"] for v in second["results"]] == [made[2].pk, made[1].pk]
    assert second["previous"]


def test_keyset_pagination_over_claims_in_article_order_without_a_count(reviewer, client_for):
    article = ArticleFactory()
    made = [ClaimFactory(article=article, start=10 * i, end=10 * i + 5) for i in range(5)]
    api = client_for(reviewer)
    url, seen = "/api/claims/?page_size=2", []
    while url:
        body = api.get(url).json()
        assert "count" not in body  # no COUNT(*) over a million claims
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
    assert seen == [c.pk for c in made]
    bad = api.get("/api/claims/?cursor=garbage")
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/json"
    assert error_of(bad)["message"].startswith("cursor: Invalid cursor")


def test_queue_and_assignments_are_keyset_pages(editor, client_for):
    from reviewers.models import QueueItem

    items = [QueueItem.objects.create(claim=ClaimFactory(), priority=p) for p in (1, 5, 5, 3)]
    api = client_for(editor)
    first = api.get("/api/queue/?page_size=2").json()
    second = api.get(first["next"]).json()
    order = [i["id"] for i in first["results"] + second["results"]]
    assert order == [items[1].pk, items[2].pk, items[3].pk, items[0].pk]  # -priority, enqueued_at, id
    assert second["next"] is None and "count" not in second
    assert "count" not in api.get("/api/assignments/").json()


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "3/min"})


def test_user_throttle(reviewer, client_for, low_rates):
    api = client_for(reviewer)
    codes = [api.get("/api/claims/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    resp = api.get("/api/claims/")
    assert resp.status_code == 429
    assert error_of(resp)["code"] == "throttled"
    assert int(resp["Retry-After"]) > 0


def test_anon_throttle(client_for, low_rates):
    api = client_for(None)
    codes = [api.get("/api/schema/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_claims_have_no_n_plus_one(reviewer, client_for, django_assert_max_num_queries):
    for _ in range(20):
        ClaimFactory(status=Claim.Status.QUEUED)
    api = client_for(reviewer)
    with django_assert_max_num_queries(8):
        assert api.get("/api/claims/").status_code == 200
