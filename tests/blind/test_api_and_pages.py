"""Blind second review through the REST API and the server-rendered pages: the second reviewer
never sees the first review, its rating or who wrote it (claim, review and article pages, search,
history, queue rows, /api/claims/, /api/verdicts/, /api/independent-reviews/, /api/queue/,
/api/assignments/); adjudication side by side; rules."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import Claim
from reviewers import services
from reviewers.models import QueueItem, SecondReviewRule, Verdict
from tests.factories import ClaimFactory

from .conftest import EVIDENCE, write_round

SECRET = "Round one says the ministry counted twelve"


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def claim_in_round_two(editor, reviewer, reviewer2):
    """An editor's rule; the reviewer's round 1 ("false", SECRET) is in; reviewer2 holds round 2."""
    claim = ClaimFactory(kind=Claim.Kind.STATISTIC, text="Twelve people were hurt on Monday.")
    r = api(editor).post("/api/second-review-rules/", {"kind": "statistic", "note": "numbers"}, format="json")
    assert r.status_code == 201, r.content
    services.enqueue_claim(claim.pk, editor)
    assert QueueItem.objects.get(claim=claim).rounds_required == 2
    a = api(reviewer).post("/api/queue/next/")
    assert a.json()["claim"]["id"] == claim.pk
    assert a.json()["blind_round"] == 1  # the client knows to write an independent review
    assert api(reviewer).post("/api/queue/next/").json()["blind_round"] == 1  # its own lease again
    r = api(reviewer).post("/api/verdicts/", {"claim": claim.pk, "rating": "false"}, format="json")
    assert r.status_code == 400 and "independent" in r.content.decode()
    body = {"claim": claim.pk, "rating": "false", "rationale": SECRET, "evidence": EVIDENCE}
    r = api(reviewer).post("/api/independent-reviews/", body, format="json")
    assert r.status_code == 200, r.content
    r = api(reviewer).post(f"/api/independent-reviews/{r.json()['id']}/submit/", {"version": r.json()["version"]},
                           format="json")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert api(reviewer).post("/api/queue/next/").status_code == 204  # not round 2 for its author
    b = api(reviewer2).post("/api/queue/next/")
    assert b.json()["claim"]["id"] == claim.pk and b.json()["blind_round"] == 2
    listed = api(reviewer2).get("/api/assignments/").json()["results"]
    assert [(x["claim"]["id"], x["blind_round"]) for x in listed] == [(claim.pk, 2)]
    return claim


def _no_trace_of_round_one(text: str, reviewer) -> None:
    text = re.sub(r"<option [^>]*>[^<]*</option>", "", text)  # the lists of reviewers to choose from
    assert SECRET not in text
    assert reviewer.username not in text


def test_second_reviewer_sees_nothing_of_round_one_in_the_api(claim_in_round_two, reviewer, reviewer2, editor):
    claim = claim_in_round_two
    b = api(reviewer2)
    for url in [f"/api/claims/{claim.pk}/", f"/api/verdicts/?claim={claim.pk}",
                f"/api/independent-reviews/?claim={claim.pk}", f"/api/queue/?claim={claim.pk}",
                "/api/assignments/", "/api/claims/?q=Twelve"]:
        r = b.get(url)
        assert r.status_code == 200, url
        _no_trace_of_round_one(r.content.decode(), reviewer)
    assert b.get(f"/api/claims/{claim.pk}/").json()["verdict"] is None
    assert b.get(f"/api/independent-reviews/?claim={claim.pk}").json()["results"] == []
    # editors are not shown it either (any editor may be the second reviewer)
    e = api(editor)
    for url in [f"/api/independent-reviews/?claim={claim.pk}", f"/api/queue/?claim={claim.pk}",
                "/api/assignments/", f"/api/verdicts/?claim={claim.pk}"]:
        _no_trace_of_round_one(e.get(url).content.decode(), reviewer)
    assert e.get(f"/api/queue/?claim={claim.pk}").json()["results"][0]["assigned_to"] is None
    assert b.get(f"/api/queue/?claim={claim.pk}").json()["results"][0]["assigned_to"] == reviewer2.username


def test_second_reviewer_sees_nothing_of_round_one_on_the_pages(claim_in_round_two, reviewer, reviewer2, editor,
                                                                client):
    claim = claim_in_round_two
    client.force_login(reviewer2)
    pages = [reverse("review-claim", args=[claim.pk]), reverse("claim-detail", args=[claim.pk]),
             reverse("article-detail", args=[claim.article_id]), reverse("review-my-work"),
             reverse("claim-search") + "?q=Twelve", reverse("review-next")]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        _no_trace_of_round_one(r.content.decode(), reviewer)
    work = client.get(reverse("review-claim", args=[claim.pk])).content.decode()
    assert 'id="blind-note"' in work and "round 2 of 2" in work
    assert 'name="rationale"' in work  # an empty form of their own
    # the form saves reviewer2's own round, never a verdict
    r = client.post(reverse("review-claim", args=[claim.pk]), {
        "action": "save", "rating": "true", "rationale": "Mine", "version": "",
        "evidence-0-url": EVIDENCE[0]["url"], "evidence-0-stance": "supports"})
    assert r.status_code == 302
    assert not Verdict.objects.filter(claim=claim).exists()
    assert services.blind.my_round(claim.pk, reviewer2).rationale == "Mine"
    mine = client.get(reverse("review-my-work")).content.decode()
    assert 'id="my-rounds"' in mine and "2 of 2" in mine and "1 of 2" not in mine
    # an editor's queue page and claim history show no name for the claim
    client.force_login(editor)
    for url in [reverse("review-queue"), reverse("claim-detail", args=[claim.pk]),
                reverse("review-claim", args=[claim.pk])]:
        r = client.get(url)
        assert r.status_code == 200, url
        _no_trace_of_round_one(r.content.decode(), reviewer)
        _no_trace_of_round_one(r.content.decode(), reviewer2)  # nor who holds round 2
    # filtering the queue by a reviewer does not tell who holds a blind claim either
    r = client.get(reverse("review-queue") + f"?reviewer={reviewer2.pk}")
    assert claim.text not in r.content.decode()


def test_differing_reviews_are_adjudicated_side_by_side(claim_in_round_two, reviewer, reviewer2, editor, editor2,
                                                        client):
    claim = claim_in_round_two
    r = api(reviewer2).post("/api/independent-reviews/", {"claim": claim.pk, "rating": "true",
                                                           "rationale": "Round two differs", "evidence": EVIDENCE},
                            format="json")
    api(reviewer2).post(f"/api/independent-reviews/{r.json()['id']}/submit/", {"version": r.json()["version"]},
                        format="json")
    # both in: the two authors and editors see both
    rounds = api(reviewer2).get(f"/api/independent-reviews/?claim={claim.pk}").json()["results"]
    assert sorted(x["round"] for x in rounds) == [1, 2]
    listed = api(editor).get("/api/adjudications/").json()["results"]
    assert [x["claim"] for x in listed] == [claim.pk]
    assert [x["rating"] for x in listed[0]["reviews"]] == ["false", "true"]
    client.force_login(editor)
    page = client.get(reverse("review-adjudication", args=[claim.pk])).content.decode()
    assert SECRET in page and "Round two differs" in page and 'id="round-1"' in page and 'id="round-2"' in page
    prefilled = client.get(reverse("review-adjudication", args=[claim.pk]) + "?from=2").content.decode()
    assert "Round two differs</textarea>" in prefilled
    r = client.post(reverse("review-adjudication", args=[claim.pk]), {
        "action": "adjudicate", "rating": "half-true", "rationale": "Both partly right.",
        "evidence-0-url": EVIDENCE[0]["url"], "evidence-0-stance": "context"})
    verdict = Verdict.objects.get(claim=claim)
    assert r.status_code == 302 and r["Location"] == reverse("review-verdict", args=[verdict.pk])
    assert (verdict.rating, verdict.reviewer_id, verdict.status) == ("half-true", editor.pk, "submitted")
    detail = client.get(reverse("review-verdict", args=[verdict.pk])).content.decode()
    assert 'id="blind-origin"' in detail and SECRET in detail and "Round two differs" in detail
    # another editor approves and publishes the adjudicated verdict
    e2 = api(editor2)
    r = e2.post(f"/api/verdicts/{verdict.pk}/approve/", {"version": verdict.version}, format="json")
    assert r.status_code == 200
    assert e2.post(f"/api/verdicts/{verdict.pk}/publish/", {}, format="json").json()["status"] == "published"
    assert api(editor).get("/api/adjudications/").json()["results"] == []


def test_adjudicate_through_the_api(claim_in_round_two, reviewer2, editor):
    claim = claim_in_round_two
    write_round(reviewer2, claim.pk, "true")
    r = api(editor).get(f"/api/adjudications/{claim.pk}/")
    assert r.status_code == 200 and len(r.json()["reviews"]) == 2
    r = api(editor).post(f"/api/adjudications/{claim.pk}/adjudicate/",
                         {"rating": "false", "rationale": "Decided.", "evidence": EVIDENCE}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["rating"] == "false" and r.json()["status"] == "submitted"
    assert api(editor).get(f"/api/adjudications/{claim.pk}/").status_code == 404



def test_an_adjudication_id_past_the_integer_range_is_not_found(claim_in_round_two, reviewer2, editor):
    """Found by the schemathesis contract test (a 40-digit id was a 500 on SQLite: OverflowError)."""
    write_round(reviewer2, claim_in_round_two.pk, "true")
    huge = "9" * 40
    assert api(editor).get(f"/api/adjudications/{huge}/").status_code == 404
    r = api(editor).post(f"/api/adjudications/{huge}/adjudicate/",
                         {"rating": "false", "rationale": "Decided.", "evidence": EVIDENCE}, format="json")
    assert r.status_code == 404
    assert api(editor).get(f"/api/adjudications/{claim_in_round_two.pk}/").status_code == 200

def test_rules_page_and_by_hand_button(editor, client):
    client.force_login(editor)
    r = client.post(reverse("review-second-review"), {"kind": "quote", "min_score": "0.7", "note": "quotes"})
    assert r.status_code == 302
    rule = SecondReviewRule.objects.get()
    assert (rule.kind, rule.min_score, rule.created_by_id) == ("quote", 0.7, editor.pk)
    page = client.get(reverse("review-second-review")).content.decode()
    assert "kind attributed statement or quote, score at least 0.7" in page
    assert client.post(reverse("review-second-review"), {"min_score": "2"}).status_code == 400
    client.post(reverse("review-second-review-toggle", args=[rule.pk]), {})
    assert not SecondReviewRule.objects.get(pk=rule.pk).active
    client.post(reverse("review-second-review-delete", args=[rule.pk]))
    assert not SecondReviewRule.objects.exists()
    claim = ClaimFactory()
    assert 'id="require-second"' in client.get(reverse("claim-detail", args=[claim.pk])).content.decode()
    client.post(reverse("review-require-second", args=[claim.pk]))
    assert SecondReviewRule.objects.get().claim_id == claim.pk
    assert services.enqueue_claim(claim.pk, editor).rounds_required == 2


def test_admin_lists_rules_and_rounds(round_one_done, admin_user, client):
    SecondReviewRule.objects.create(kind="quote")
    client.force_login(admin_user)
    for url in ("/admin/reviewers/secondreviewrule/", "/admin/reviewers/independentreview/",
                "/admin/reviewers/secondreviewrule/add/"):
        assert client.get(url).status_code == 200, url
    r = client.post("/admin/reviewers/secondreviewrule/add/", {"kind": "event", "note": "", "active": "on"})
    assert r.status_code == 302
    assert SecondReviewRule.objects.get(kind="event").created_by_id == admin_user.pk


def test_editor_desk_does_not_name_the_holder_of_a_stale_blind_lease(blind_item, reviewer, editor, client):
    import datetime as dt

    from django.utils import timezone

    services.claim_next(reviewer)
    QueueItem.objects.filter(pk=blind_item.pk).update(lease_expires_at=timezone.now() - dt.timedelta(minutes=5))
    client.force_login(editor)
    html = client.get(reverse("start-editor")).content.decode()
    assert blind_item.claim.text[:40] in html and "a reviewer (blind review)" in html
    _no_trace_of_round_one(html, reviewer)


def test_queue_bulk_pages_do_not_name_the_holder_of_a_blind_claim(blind_item, reviewer, editor, client):
    services.claim_next(reviewer)
    client.force_login(editor)
    data = {"ids": [blind_item.pk], "action": "remove", "next": "/review/queue/"}
    confirm = client.post(reverse("review-queue-bulk"), data).content.decode()
    assert "held (blind review)" in confirm
    _no_trace_of_round_one(confirm, reviewer)
    r = client.post(reverse("review-queue-bulk"), {**data, "confirm": "yes"}, follow=True)
    assert "Removed 1 row from the queue" in r.content.decode()
    _no_trace_of_round_one(r.content.decode(), reviewer)


def test_round_submit_and_adjudication_replay_under_the_same_idempotency_key(claim_in_round_two, reviewer2, editor):
    claim = claim_in_round_two
    b = api(reviewer2)
    body = {"claim": claim.pk, "rating": "true", "rationale": "Mine", "evidence": EVIDENCE}
    r = b.post("/api/independent-reviews/", body, format="json", HTTP_IDEMPOTENCY_KEY="w-1")
    first = b.post(f"/api/independent-reviews/{r.json()['id']}/submit/", {"version": r.json()["version"]},
                   format="json", HTTP_IDEMPOTENCY_KEY="s-1")
    again = b.post(f"/api/independent-reviews/{r.json()['id']}/submit/", {"version": r.json()["version"]},
                   format="json", HTTP_IDEMPOTENCY_KEY="s-1")
    assert first.status_code == again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    decide = {"rating": "false", "rationale": "Decided.", "evidence": EVIDENCE}
    url = f"/api/adjudications/{claim.pk}/adjudicate/"
    one = api(editor).post(url, decide, format="json", HTTP_IDEMPOTENCY_KEY="a-1")
    two = api(editor).post(url, decide, format="json", HTTP_IDEMPOTENCY_KEY="a-1")
    assert one.status_code == two.status_code == 201 and two.json()["id"] == one.json()["id"]
    assert Verdict.objects.filter(claim=claim).count() == 1


def test_desks_show_adjudication_and_hide_a_round_two_from_its_first_reviewer(round_one_done, reviewer, reviewer2,
                                                                             editor, client):
    client.force_login(reviewer)
    from reviewers import dashboards

    assert dashboards.reviewer_start(reviewer).waiting_count == 0  # round 2 is not for them
    assert dashboards.reviewer_start(reviewer2).waiting_count == 1
    services.claim_next(reviewer2)
    write_round(reviewer2, round_one_done.claim_id, "true")
    client.force_login(editor)
    html = client.get(reverse("start-editor")).content.decode()
    assert reverse("review-adjudication", args=[round_one_done.claim_id]) in html
