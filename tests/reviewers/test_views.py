"""Reviewer and editor pages: what they show, and who may use them (authz: the one who may,
a colleague in another role, an outsider, anonymous)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLink
from reviewers import services
from reviewers.models import Assignment, QueueItem, Verdict
from tests.factories import ArticleFactory, ClaimFactory

from .conftest import EVIDENCE

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def verdict_post(version="", action="save", rows=EVIDENCE, rating="false", rationale="Counted: 12."):
    data = {"rating": rating, "rationale": rationale, "version": version, "action": action}
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"evidence-{n}-{key}"] = value
    return data


@pytest.fixture
def leased(reviewer, make_item):
    make_item(700)
    return services.claim_next(reviewer)


@pytest.fixture
def submitted(drafted, reviewer):
    _a, v = drafted
    return services.submit_verdict(v.pk, reviewer, v.version)


# --- the reviewer's flow -------------------------------------------------------------------------

def test_next_claim_button_leases_and_redirects(client, reviewer, make_item):
    item = make_item(100)
    login(client, reviewer)
    page = client.get(reverse("review-next"))
    assert page.status_code == 200 and b'id="next-claim"' in page.content
    resp = client.post(reverse("review-next"))
    assert resp.status_code == 302 and resp["Location"] == reverse("review-claim", args=[item.claim_id])
    assert QueueItem.objects.get(pk=item.pk).assigned_to == reviewer
    work = client.get(resp["Location"])
    assert work.status_code == 200
    assert item.claim.text.encode() in work.content
    assert b'id="verdict-form"' in work.content


def test_next_claim_on_an_empty_queue_says_so(client, reviewer):
    resp = login(client, reviewer).post(reverse("review-next"), follow=True)
    assert b"The queue is empty" in resp.content


def test_save_draft_then_submit_through_the_form(client, reviewer, leased):
    login(client, reviewer)
    url = reverse("review-claim", args=[leased.claim_id])
    resp = client.post(url, verdict_post())
    assert resp.status_code == 302
    v = Verdict.objects.get(claim_id=leased.claim_id)
    assert v.status == "draft" and v.evidence.count() == 2
    resp = client.post(url, verdict_post(version=v.version, action="submit"))
    assert resp.status_code == 302
    assert Verdict.objects.get(pk=v.pk).status == "submitted"
    assert Assignment.objects.get(pk=leased.pk).outcome == "completed"


def test_invalid_evidence_url_is_shown_not_saved(client, reviewer, leased):
    login(client, reviewer)
    resp = client.post(reverse("review-claim", args=[leased.claim_id]),
                       verdict_post(rows=[{"url": "javascript:alert(1)", "stance": "supports"}]))
    assert resp.status_code == 400
    assert b"must start with http:// or https://" in resp.content
    assert b"javascript:alert(1)" in resp.content  # the user's input is kept (escaped) for correction
    assert not Verdict.objects.exists()


def test_stale_form_gets_409_with_the_conflict_message(client, reviewer, drafted, editor):
    _a, v = drafted
    services.save_verdict(claim_id=v.claim_id, user=editor, rating="true", rationale="editor", evidence=EVIDENCE,
                          expected_version=v.version)
    resp = login(client, reviewer).post(reverse("review-claim", args=[v.claim_id]), verdict_post(version=v.version))
    assert resp.status_code == 409
    assert b"someone else saved this verdict at" in resp.content
    assert Verdict.objects.get(pk=v.pk).rating == "true"


def test_add_evidence_row_without_javascript(client, reviewer, leased):
    resp = login(client, reviewer).post(reverse("review-claim", args=[leased.claim_id]),
                                        verdict_post(action="add_row"))
    assert resp.status_code == 200
    assert resp.content.count(b'class="evidence-row"') == 3
    assert not Verdict.objects.exists()


def test_evidence_row_partial(client, reviewer):
    resp = login(client, reviewer).get(reverse("review-evidence-row"), {"n": "7"}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    assert b'name="evidence-7-url"' in resp.content and b'<label for="evidence-7-url">' in resp.content


def test_release_and_skip_from_the_page(client, reviewer, leased, make_item):
    login(client, reviewer)
    resp = client.post(reverse("review-skip", args=[leased.pk]), {"reason": ""}, follow=True)
    assert b"Say why you skip" in resp.content
    client.post(reverse("review-skip", args=[leased.pk]), {"reason": "conflict of interest"})
    assert Assignment.objects.get(pk=leased.pk).outcome == "skipped"
    make_item(50)
    a = services.claim_next(reviewer)
    client.post(reverse("review-release", args=[a.pk]))
    assert Assignment.objects.get(pk=a.pk).outcome == "released"


def test_my_work_lists_current_and_past(client, reviewer, drafted):
    resp = login(client, reviewer).get(reverse("review-my-work"))
    assert resp.status_code == 200
    assert drafted[0].claim.text[:40].encode() in resp.content
    assert b"Draft" in resp.content


# --- editor pages -------------------------------------------------------------------------------

def test_queue_page_counts_include_assigned_items(client, editor, reviewer, queue):
    services.claim_next(reviewer)
    resp = login(client, editor).get(reverse("review-queue"))
    assert resp.status_code == 200
    assert b'<span data-count="assigned">1</span>' in resp.content
    assert b'<span data-count="queued">2</span>' in resp.content
    filtered = client.get(reverse("review-queue"), {"status": "assigned", "reviewer": reviewer.pk})
    assert filtered.content.count(b'class="status-assigned"') == 1


def test_queue_counts_follow_queue_filters_not_claim_filters(client, editor, reviewer, make_item):
    """The status counts apply the queue's own filters (reviewer, age) and leave out the claim's
    (kind, article, text), which would cost a claim row per queue item at scale; the page says so."""
    make_item(kind=Claim.Kind.QUOTE)
    make_item(kind=Claim.Kind.STATISTIC)
    make_item(kind=Claim.Kind.STATISTIC)
    services.claim_next(reviewer)
    login(client, editor)
    resp = client.get(reverse("review-queue"), {"kind": "quote"})
    assert b'<span data-count="queued">2</span>' in resp.content
    assert b'<span data-count="assigned">1</span>' in resp.content
    assert b"these counts leave out the kind, article and text filters" in resp.content
    assert resp.content.count(b'id="item-') == 1  # the rows do apply it
    resp = client.get(reverse("review-queue"), {"reviewer": reviewer.pk})
    assert b'<span data-count="queued">0</span>' in resp.content
    assert b'<span data-count="assigned">1</span>' in resp.content
    assert b"leave out the kind" not in resp.content
    resp = client.get(reverse("review-queue"), {"age": "7d"})
    assert b'<span data-count="queued">0</span>' in resp.content
    assert b'<span data-count="assigned">0</span>' in resp.content


def test_queue_filters_by_kind_article_and_age(client, editor, make_item):
    a = make_item(kind=Claim.Kind.QUOTE)
    make_item(kind=Claim.Kind.STATISTIC)
    login(client, editor)
    resp = client.get(reverse("review-queue"), {"kind": "quote"})
    assert resp.content.count(b'id="item-') == 1 and f'id="item-{a.pk}"'.encode() in resp.content
    resp = client.get(reverse("review-queue"), {"article": a.claim.article_id})
    assert resp.content.count(b'id="item-') == 1
    resp = client.get(reverse("review-queue"), {"age": "7d"})
    assert resp.content.count(b'id="item-') == 0
    resp = client.get(reverse("review-queue"), {"status": "bogus", "article": "x; drop"})
    assert resp.status_code == 200


def test_queue_actions(client, editor, reviewer, queue):
    login(client, editor)
    client.post(reverse("review-queue-priority", args=[queue[0].pk]), {"priority": "990"})
    assert QueueItem.objects.get(pk=queue[0].pk).priority == 990
    client.post(reverse("review-queue-reassign", args=[queue[0].pk]), {"to_user": reviewer.pk, "reason": "expert"})
    assert QueueItem.objects.get(pk=queue[0].pk).assigned_to == reviewer
    client.post(reverse("review-queue-remove", args=[queue[1].pk]))
    assert QueueItem.objects.get(pk=queue[1].pk).status == "removed"
    resp = client.post(reverse("review-queue-enqueue"), {"claim_id": queue[1].claim_id}, follow=True)
    assert QueueItem.objects.get(pk=queue[1].pk).status == "queued"
    assert resp.status_code == 200


def test_reassign_to_an_id_beyond_any_user_is_a_form_error(client, editor, queue):
    login(client, editor)
    for to_user in ("9" * 30, "abc", ""):
        resp = client.post(reverse("review-queue-reassign", args=[queue[0].pk]), {"to_user": to_user}, follow=True)
        assert resp.status_code == 200
        assert "Choose a reviewer." in resp.content.decode()
    assert QueueItem.objects.get(pk=queue[0].pk).assigned_to is None


def test_approval_page_approve_and_publish(client, editor, submitted):
    login(client, editor)
    resp = client.get(reverse("review-approvals"))
    assert submitted.claim.text[:30].encode() in resp.content
    detail = client.get(reverse("review-verdict", args=[submitted.pk]))
    assert b'id="approve"' in detail.content and b"History" in detail.content
    client.post(reverse("review-verdict-approve", args=[submitted.pk]), {"version": submitted.version})
    assert Verdict.objects.get(pk=submitted.pk).status == "approved"
    client.post(reverse("review-verdict-publish", args=[submitted.pk]))
    assert Verdict.objects.get(pk=submitted.pk).status == "published"


def test_return_needs_a_comment(client, editor, submitted):
    login(client, editor)
    resp = client.post(reverse("review-verdict-return", args=[submitted.pk]),
                       {"version": submitted.version, "comment": ""}, follow=True)
    assert b"Say what needs to change" in resp.content
    client.post(reverse("review-verdict-return", args=[submitted.pk]),
                {"version": submitted.version, "comment": "Add the ministry table."})
    assert Verdict.objects.get(pk=submitted.pk).status == "returned"


# --- articles, claims, search ---------------------------------------------------------------------

def test_article_page_highlights_claims_in_place_escaped_and_overlapping(client, reviewer):
    body = 'Intro <script>alert("x")</script> text. The mayor said 40% of roads & bridges were fixed. End.'
    article = ArticleFactory(body=body)
    s1 = body.index("The mayor")
    e1 = body.index("fixed.") + len("fixed.")
    s2 = body.index("40%")
    e2 = body.index(" were")
    outer = ClaimFactory(article=article, start=s1, end=e1, sentence_start=s1, sentence_end=e1,
                         text=body[s1:e1], status=Claim.Status.APPROVED)
    inner = ClaimFactory(article=article, start=s2, end=e2, sentence_start=s1, sentence_end=e1, text=body[s2:e2],
                         status=Claim.Status.QUEUED)
    resp = login(client, reviewer).get(reverse("article-detail", args=[article.pk]))
    html = resp.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    body_html = html.split('id="article-body">', 1)[1].split("</div>", 1)[0]
    assert body_html.count("<mark") == 3  # outer split around the nested inner claim
    assert f'data-claims="{outer.pk} {inner.pk}"' in body_html
    assert "roads &amp; bridges" in body_html
    assert 'class="claim-span status-approved"' in body_html
    assert "overlap" in body_html
    assert body_html.count('class="claim-ref"') == 2


def test_claim_detail_shows_context_links_and_visible_verdict(client, reviewer, reviewer2, drafted, editor):
    _a, v = drafted
    other = ClaimFactory(article=ArticleFactory())
    a, b = sorted([v.claim_id, other.pk])
    ClaimLink.objects.create(claim_id=a, other_id=b, similarity=0.91, status=ClaimLink.Status.SUGGESTED)
    resp = login(client, reviewer).get(reverse("claim-detail", args=[v.claim_id]))
    assert resp.status_code == 200
    assert other.text[:30].encode() in resp.content and b"similarity 0.91" in resp.content
    assert b"The official count was 12." in resp.content  # own draft
    resp = login(client, reviewer2).get(reverse("claim-detail", args=[v.claim_id]))
    assert b"The official count was 12." not in resp.content  # someone else's draft stays hidden


def test_search_finds_claims(client, reviewer):
    ClaimFactory(article=ArticleFactory(body="Unemployment fell to 4 percent in March. Other text."),
                 end=41)
    ClaimFactory(article=ArticleFactory(body="The bridge opened in May. More."), end=25)
    login(client, reviewer)
    resp = client.get(reverse("claim-search"), {"q": "unemployment"})
    assert resp.status_code == 200
    assert b"Unemployment fell" in resp.content and b"The bridge" not in resp.content
    assert client.get(reverse("claim-search"), {"q": ""}).status_code == 200


# --- authz: three personas per boundary ------------------------------------------------------------

@pytest.mark.authz
@pytest.mark.parametrize("name", ["review-next", "review-my-work", "review-evidence-row"])
def test_reviewer_pages(client, reviewer, editor, outsider, name):
    url = reverse(name)
    assert login(client, reviewer).get(url).status_code == 200
    assert login(client, editor).get(url).status_code == 200  # editors review too
    assert login(client, outsider).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.authz
@pytest.mark.parametrize("name", ["review-queue", "review-approvals"])
def test_editor_pages(client, editor, reviewer, outsider, name):
    url = reverse(name)
    assert login(client, editor).get(url).status_code == 200
    assert login(client, reviewer).get(url).status_code == 403
    assert login(client, outsider).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.authz
def test_verdict_work_page_of_someone_elses_claim(client, reviewer, reviewer2, editor, outsider, drafted):
    _a, v = drafted
    url = reverse("review-claim", args=[v.claim_id])
    assert login(client, reviewer).get(url).status_code == 200
    assert login(client, editor).get(url).status_code == 200
    assert login(client, reviewer2).get(url).status_code == 404
    assert login(client, reviewer2).post(url, verdict_post(version=v.version)).status_code == 404
    assert login(client, outsider).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert Verdict.objects.get(pk=v.pk).version == v.version


@pytest.mark.authz
def test_verdict_page(client, reviewer, reviewer2, editor, outsider, drafted):
    _a, v = drafted
    url = reverse("review-verdict", args=[v.pk])
    assert login(client, reviewer).get(url).status_code == 200
    assert login(client, editor).get(url).status_code == 200
    assert login(client, reviewer2).get(url).status_code == 404
    assert login(client, outsider).get(url).status_code == 403


@pytest.mark.authz
@pytest.mark.parametrize("name", ["review-verdict-approve", "review-verdict-return", "review-verdict-publish"])
def test_editor_verdict_actions(client, reviewer, outsider, submitted, name):
    url = reverse(name, args=[submitted.pk])
    data = {"version": submitted.version, "comment": "x"}
    assert login(client, reviewer).post(url, data).status_code == 403
    assert login(client, outsider).post(url, data).status_code == 403
    client.logout()
    assert client.post(url, data).status_code == 302
    assert Verdict.objects.get(pk=submitted.pk).status == "submitted"


@pytest.mark.authz
@pytest.mark.parametrize("name", ["review-queue-priority", "review-queue-remove", "review-queue-reassign"])
def test_queue_actions_need_manage_queue(client, reviewer, reviewer2, outsider, queue, name):
    url = reverse(name, args=[queue[0].pk])
    data = {"priority": "1", "to_user": reviewer2.pk}
    assert login(client, reviewer).post(url, data).status_code == 403
    assert login(client, outsider).post(url, data).status_code == 403
    client.logout()
    assert client.post(url, data).status_code == 302
    item = QueueItem.objects.get(pk=queue[0].pk)
    assert (item.priority, item.status, item.assigned_to) == (queue[0].priority, "queued", None)


@pytest.mark.authz
def test_enqueue_needs_queue_claim(client, reviewer, editor, outsider):
    claim = ClaimFactory()
    url = reverse("review-queue-enqueue")
    assert login(client, reviewer).post(url, {"claim_id": claim.pk}).status_code == 403
    assert login(client, outsider).post(url, {"claim_id": claim.pk}).status_code == 403
    assert not QueueItem.objects.exists()
    assert login(client, editor).post(url, {"claim_id": claim.pk}).status_code == 302
    assert QueueItem.objects.filter(claim=claim).exists()


@pytest.mark.authz
def test_release_or_skip_someone_elses_lease(client, reviewer2, outsider, leased):
    for user in (reviewer2, outsider):
        login(client, user)
        client.post(reverse("review-release", args=[leased.pk]))
        client.post(reverse("review-skip", args=[leased.pk]), {"reason": "mine now"})
    assert Assignment.objects.get(pk=leased.pk).outcome == "active"


@pytest.mark.authz
@pytest.mark.parametrize("name,args", [("claim-search", []), ("claim-detail", None), ("article-detail", None)])
def test_reading_pages(client, reviewer, editor, outsider, drafted, name, args):
    claim = drafted[0].claim
    if args is None:
        args = [claim.article_id] if name == "article-detail" else [claim.pk]
    url = reverse(name, args=args)
    assert login(client, reviewer).get(url).status_code == 200
    assert login(client, editor).get(url).status_code == 200
    assert login(client, outsider).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_next_page_says_how_long_the_lease_lasts(client, reviewer, settings):
    """It said "You hold it for a limited time": the page was never given the lease length."""
    login(client, reviewer)
    settings.LEASE_MINUTES = 45
    assert "You hold it for 45 minutes;" in client.get(reverse("review-next")).content.decode()
    settings.LEASE_MINUTES = 1
    assert "You hold it for 1 minute;" in client.get(reverse("review-next")).content.decode()


def test_review_page_links_to_the_claim_correction(client, reviewer, leased):
    """A reviewer reading the speaker, numbers and dates on the review page had no way there to the
    form that corrects them (it is on the claim page, which the review page did not link)."""
    login(client, reviewer)
    html = client.get(reverse("review-claim", args=[leased.claim_id])).content.decode()
    assert f'href="{reverse("claim-detail", args=[leased.claim_id])}#correct"' in html
    page = client.get(reverse("claim-detail", args=[leased.claim_id])).content.decode()
    assert 'id="correct"' in page


def test_a_too_long_rationale_says_the_limit(client, reviewer, leased):
    """The form said only "Too long." beside the rationale: not how long it may be."""
    login(client, reviewer)
    resp = client.post(reverse("review-claim", args=[leased.claim_id]),
                       verdict_post(rationale="r" * (services.MAX_RATIONALE_CHARS + 1)))
    html = resp.content.decode()
    assert resp.status_code == 400
    assert f"The rationale is longer than {services.MAX_RATIONALE_CHARS:,} characters (it has " in html
    assert ">Too long.<" not in html


def test_the_review_page_says_when_the_lease_has_ended(client, reviewer, leased):
    """It said "Held until 05:51 (saving extends it)" at 05:56 too: nothing told the reviewer the lease was
    over and the claim could go to someone else at the sweeper's next run (each minute)."""
    import datetime as dt

    from django.utils import timezone

    login(client, reviewer)
    url = reverse("review-claim", args=[leased.claim_id])
    page = client.get(url).content.decode()
    assert 'data-countdown-seconds="' in page and "seconds left</span> (saving extends it)" in page
    assert "Your lease ended" not in page and "js/countdown" in page
    Assignment.objects.filter(pk=leased.pk).update(lease_expires_at=timezone.now() - dt.timedelta(minutes=5))
    page = client.get(url).content.decode()
    assert "Your lease ended at" in page and "Save your draft now to keep it." in page
    assert "(saving extends it)" not in page
    resp = client.post(url, verdict_post())  # what the page says holds until the sweeper runs
    assert resp.status_code == 302
    assert Assignment.objects.get(pk=leased.pk).seconds_left > 0


@pytest.mark.parametrize("query, label", [("article=12a", "Article id"), ("article=99999999999999999999", "Article id"),
                                          ("reviewer=abc", "Reviewer")])
def test_the_queue_says_when_an_id_filter_was_left_out(client, editor, make_item, query, label):
    """An article id that is no id ("12a", 20 digits) was dropped without a word: the whole queue showed,
    the field emptied, as if it were the article's queue."""
    make_item(500)
    login(client, editor)
    page = client.get(f"/review/queue/?{query}").content.decode()
    assert f'id="filter-dropped">Not an id, so left out of the filter: {label}.' in page
    assert 'id="filter-dropped"' not in client.get("/review/queue/?article=1").content.decode()


def test_a_double_clicked_submit_is_the_submission_already_made(client, reviewer, reviewer2, leased):
    login(client, reviewer)
    url = reverse("review-claim", args=[leased.claim_id])
    client.post(url, verdict_post())
    v = Verdict.objects.get(claim_id=leased.claim_id)
    first = client.post(url, verdict_post(version=v.version, action="submit"))
    submitted = Verdict.objects.get(pk=v.pk)
    assert first.status_code == 302 and submitted.status == "submitted"
    # the second click sends the same form (loaded at the draft's version): not a 403 "only an editor ..."
    again = client.post(url, verdict_post(version=v.version, action="submit"), follow=True)
    assert again.status_code == 200 and b"Verdict submitted for approval" in again.content
    assert Verdict.objects.get(pk=v.pk).version == submitted.version  # nothing written twice
    # a different rating from the old form is a change, and a submitted verdict is the editors' now
    changed = client.post(url, verdict_post(version=v.version, action="submit", rating="true"))
    assert changed.status_code == 403 and Verdict.objects.get(pk=v.pk).rating == "false"
    # the same form from a colleague is not their submission
    other = login(client, reviewer2).post(url, verdict_post(version=v.version, action="submit"))
    assert other.status_code in (403, 404)


@pytest.mark.authz
def test_an_editor_who_changed_a_verdict_cannot_approve_it_alone(client, reviewer, editor, make_user, submitted):
    """Approval is a second pair of eyes: an editor who rewrote a submitted verdict's rating was still
    let approve it, because only the author field (the reviewer) was checked."""
    from rest_framework.test import APIClient

    colleague = make_user("edna_editor", "editor")
    v = services.save_verdict(claim_id=submitted.claim_id, user=editor, rating="true",
                              rationale="Rewritten by the editor.", evidence=EVIDENCE,
                              expected_version=submitted.version)
    assert v.status == "submitted"
    with pytest.raises(services.NotAllowed, match="You changed this verdict"):
        services.approve_verdict(v.pk, editor, v.version)
    resp = login(client, editor).post(reverse("review-verdict-approve", args=[v.pk]), {"version": v.version},
                                      follow=True)
    assert b"You changed this verdict" in resp.content and Verdict.objects.get(pk=v.pk).status == "submitted"
    api = APIClient()
    api.force_authenticate(editor)
    assert api.post(f"/api/verdicts/{v.pk}/approve/", {"version": v.version}, format="json").status_code == 403
    # the reviewer (its author) may not approve at all; another editor may
    with pytest.raises(services.NotAllowed):
        services.approve_verdict(v.pk, reviewer, v.version)
    assert services.approve_verdict(v.pk, colleague, v.version).status == "approved"


def test_the_verdict_page_says_why_instead_of_offering_approve(client, editor, make_user, submitted):
    colleague = make_user("edna_editor", "editor")
    url = reverse("review-verdict", args=[submitted.pk])
    assert b'id="approve"' in login(client, editor).get(url).content  # not yet changed by this editor
    services.save_verdict(claim_id=submitted.claim_id, user=editor, rating="true", rationale="Rewritten.",
                          evidence=EVIDENCE, expected_version=submitted.version)
    page = client.get(url).content.decode()
    assert 'id="approve"' not in page and "You changed this verdict" in page and 'id="return"' in page
    assert b'id="approve"' in login(client, colleague).get(url).content
