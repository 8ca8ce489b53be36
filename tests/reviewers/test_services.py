"""The review workflow services, on whichever database the run uses (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims import review_state
from claims.models import Claim
from reviewers import services, tasks
from reviewers.models import Assignment, EvidenceLink, QueueItem, Verdict
from reviewers.selectors import claim_history
from reviewers.services import ConflictError, InvalidInput, NotAllowed

from .conftest import EVIDENCE

pytestmark = pytest.mark.django_db


def outcome(assignment: Assignment) -> str:
    return Assignment.objects.get(pk=assignment.pk).outcome


# --- claim-next ----------------------------------------------------------------------------

def test_claim_next_hands_out_highest_priority_first(queue, reviewer, reviewer2, editor):
    first = services.claim_next(reviewer)
    second = services.claim_next(reviewer2)
    third = services.claim_next(editor)  # editors can review too
    assert [first.queue_item_id, second.queue_item_id, third.queue_item_id] == [queue[1].pk, queue[2].pk, queue[0].pk]
    item = QueueItem.objects.get(pk=queue[1].pk)
    assert item.status == QueueItem.Status.ASSIGNED
    assert item.assigned_to == reviewer
    assert item.lease_expires_at == first.lease_expires_at
    assert first.outcome == Assignment.Outcome.ACTIVE
    # shown "in review" (claims.review_state, read from the queue item); the claim row is untouched
    claim = Claim.objects.get(pk=first.claim_id)
    assert review_state.state_of(claim) == Claim.Status.IN_REVIEW
    assert claim.status == Claim.Status.QUEUED


def test_claim_next_ties_go_to_the_oldest(make_item, reviewer):
    a = make_item(300)
    make_item(300)
    assert services.claim_next(reviewer).queue_item_id == a.pk


def test_claim_next_is_idempotent_for_a_reviewer_with_a_lease(queue, reviewer):
    first = services.claim_next(reviewer)
    again = services.claim_next(reviewer)
    assert again.pk == first.pk
    assert Assignment.objects.filter(reviewer=reviewer).count() == 1


def test_claim_next_returns_none_when_the_queue_is_empty(db, reviewer):
    assert services.claim_next(reviewer) is None


def test_claim_next_needs_the_review_permission(queue, outsider):
    with pytest.raises(NotAllowed):
        services.claim_next(outsider)
    assert not Assignment.objects.exists()


def test_lease_length_comes_from_settings(queue, reviewer, settings):
    settings.LEASE_MINUTES = 7
    before = timezone.now()
    a = services.claim_next(reviewer)
    assert before + dt.timedelta(minutes=7) <= a.lease_expires_at <= timezone.now() + dt.timedelta(minutes=7)


def test_skipped_claims_never_come_back_to_that_reviewer(queue, reviewer, reviewer2):
    top = services.claim_next(reviewer)
    services.skip(top.pk, reviewer, "I wrote the original story")
    assert outcome(top) == Assignment.Outcome.SKIPPED
    assert Assignment.objects.get(pk=top.pk).reason == "I wrote the original story"
    assert QueueItem.objects.get(pk=top.queue_item_id).status == QueueItem.Status.QUEUED
    seen = []
    while (a := services.claim_next(reviewer)) is not None:
        seen.append(a.queue_item_id)
        services.release(a.pk, reviewer)
        if len(seen) > 5:
            break
    # after a release the same item comes straight back; the skipped one never does
    assert top.queue_item_id not in seen
    # another reviewer still gets it
    assert services.claim_next(reviewer2).queue_item_id == top.queue_item_id


def test_skip_needs_a_reason(queue, reviewer):
    a = services.claim_next(reviewer)
    with pytest.raises(InvalidInput):
        services.skip(a.pk, reviewer, "   ")
    assert outcome(a) == Assignment.Outcome.ACTIVE


def test_release_puts_the_claim_back(queue, reviewer, reviewer2):
    a = services.claim_next(reviewer)
    services.release(a.pk, reviewer)
    assert outcome(a) == Assignment.Outcome.RELEASED
    item = QueueItem.objects.get(pk=a.queue_item_id)
    assert (item.status, item.assigned_to_id, item.lease_expires_at) == (QueueItem.Status.QUEUED, None, None)
    assert Claim.objects.get(pk=a.claim_id).status == Claim.Status.QUEUED
    assert services.claim_next(reviewer2).queue_item_id == a.queue_item_id


def test_only_the_holder_releases_or_skips(queue, reviewer, reviewer2):
    a = services.claim_next(reviewer)
    with pytest.raises(NotAllowed):
        services.release(a.pk, reviewer2)
    with pytest.raises(NotAllowed):
        services.skip(a.pk, reviewer2, "not mine")
    services.release(a.pk, reviewer)
    with pytest.raises(ConflictError):
        services.release(a.pk, reviewer)


# --- leases ----------------------------------------------------------------------------------

def test_expired_lease_goes_back_lazily_at_claim_next(queue, reviewer, reviewer2):
    a = services.claim_next(reviewer)
    QueueItem.objects.filter(pk=a.queue_item_id).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    b = services.claim_next(reviewer2)
    assert b.queue_item_id == a.queue_item_id  # highest priority again, now free
    assert outcome(a) == Assignment.Outcome.EXPIRED
    assert QueueItem.objects.get(pk=a.queue_item_id).assigned_to == reviewer2


def test_reviewer_whose_lease_expired_gets_a_fresh_one(queue, reviewer):
    a = services.claim_next(reviewer)
    QueueItem.objects.filter(pk=a.queue_item_id).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    b = services.claim_next(reviewer)
    assert b.pk != a.pk
    assert outcome(a) == Assignment.Outcome.EXPIRED
    assert b.outcome == Assignment.Outcome.ACTIVE


def test_expire_leases_task_returns_the_count(queue, reviewer, reviewer2):
    a = services.claim_next(reviewer)
    services.claim_next(reviewer2)
    later = timezone.now() + dt.timedelta(minutes=31)
    assert services.expire_leases(now=timezone.now()) == 0
    assert services.expire_leases(now=later) == 2
    assert services.expire_leases(now=later) == 0
    assert QueueItem.objects.filter(status=QueueItem.Status.ASSIGNED).count() == 0
    assert outcome(a) == Assignment.Outcome.EXPIRED
    assert Claim.objects.get(pk=a.claim_id).status == Claim.Status.QUEUED


def test_expire_leases_beat_task(queue, reviewer):
    a = services.claim_next(reviewer)
    QueueItem.objects.filter(pk=a.queue_item_id).update(lease_expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert tasks.expire_leases.delay().get() == 1
    assert outcome(a) == Assignment.Outcome.EXPIRED


# --- editor queue operations ---------------------------------------------------------------

def test_reassign_moves_a_lease_to_another_reviewer(queue, reviewer, reviewer2, editor):
    a = services.claim_next(reviewer)
    b = services.reassign(a.queue_item_id, reviewer2, editor, reason="Rita is off sick")
    assert outcome(a) == Assignment.Outcome.REASSIGNED
    assert b.reviewer == reviewer2 and b.outcome == Assignment.Outcome.ACTIVE
    assert QueueItem.objects.get(pk=a.queue_item_id).assigned_to == reviewer2
    assert services.claim_next(reviewer2).pk == b.pk  # it is now their current lease


def test_reassign_a_queued_item(queue, reviewer, editor):
    b = services.reassign(queue[0].pk, reviewer, editor)
    assert b.queue_item_id == queue[0].pk
    assert services.claim_next(reviewer).pk == b.pk


def test_reassign_needs_manage_queue_and_a_reviewer_target(queue, reviewer, reviewer2, outsider, editor):
    with pytest.raises(NotAllowed):
        services.reassign(queue[0].pk, reviewer2, reviewer)
    with pytest.raises(InvalidInput):
        services.reassign(queue[0].pk, outsider, editor)


def test_enqueue_set_priority_and_remove(db, editor, reviewer):
    from tests.factories import ClaimFactory

    claim = ClaimFactory(score=0.2)
    item = services.enqueue_claim(claim.pk, editor)
    assert item.origin == QueueItem.Origin.MANUAL and item.priority == 200 and item.enqueued_by == editor
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.QUEUED
    assert services.enqueue_claim(claim.pk, editor, priority=5).pk == item.pk  # idempotent, takes the priority
    services.set_priority(item.pk, 999, editor)
    assert QueueItem.objects.get(pk=item.pk).priority == 999
    with pytest.raises(InvalidInput):
        services.set_priority(item.pk, "lots", editor)
    a = services.claim_next(reviewer)
    services.remove_from_queue(item.pk, editor)
    assert outcome(a) == Assignment.Outcome.REMOVED
    assert QueueItem.objects.get(pk=item.pk).status == QueueItem.Status.REMOVED
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DISMISSED
    assert services.claim_next(reviewer) is None
    services.enqueue_claim(claim.pk, editor)  # and back
    assert services.claim_next(reviewer).queue_item_id == item.pk


def test_queue_management_is_for_editors(queue, reviewer):
    from tests.factories import ClaimFactory

    with pytest.raises(NotAllowed):
        services.enqueue_claim(ClaimFactory().pk, reviewer)
    with pytest.raises(NotAllowed):
        services.set_priority(queue[0].pk, 1, reviewer)
    with pytest.raises(NotAllowed):
        services.remove_from_queue(queue[0].pk, reviewer)


# --- groups ----------------------------------------------------------------------------------

def test_a_group_is_handed_out_once(group_of_two, make_item, reviewer, reviewer2):
    group, (g1, g2) = group_of_two
    lone = make_item(100)
    a = services.claim_next(reviewer)
    assert a.queue_item_id == g1.pk
    b = services.claim_next(reviewer2)
    assert b.queue_item_id == lone.pk  # g2 waits while its group is with someone
    services.release(a.pk, reviewer)
    services.release(b.pk, reviewer2)
    assert services.claim_next(reviewer2).queue_item_id == g1.pk


def test_skipping_a_group_member_skips_the_group(group_of_two, reviewer):
    _group, (g1, g2) = group_of_two
    a = services.claim_next(reviewer)
    services.skip(a.pk, reviewer, "conflict of interest")
    assert services.claim_next(reviewer) is None


def test_group_verdict_applies_to_every_claim(group_of_two, reviewer, editor):
    group, (g1, g2) = group_of_two
    a = services.claim_next(reviewer)
    v = services.save_verdict(claim_id=a.claim_id, user=reviewer, rating="false", rationale="No.",
                              evidence=EVIDENCE, expected_version=None)
    v = services.submit_verdict(v.pk, reviewer, v.version)
    assert set(Claim.objects.filter(group=group).values_list("status", flat=True)) == {Claim.Status.SUBMITTED}
    assert set(QueueItem.objects.filter(claim__group=group).values_list("status", flat=True)) == {"done"}
    v = services.approve_verdict(v.pk, editor, v.version)
    services.publish_verdict(v.pk, editor)
    assert set(Claim.objects.filter(group=group).values_list("status", flat=True)) == {Claim.Status.PUBLISHED}
    assert services.verdict_for_claim(g2.claim).pk == v.pk


# --- verdicts --------------------------------------------------------------------------------

def test_verdict_state_machine(drafted, reviewer, editor):
    assignment, v = drafted
    assert v.status == Verdict.Status.DRAFT and v.version == 1
    assert [e.url for e in v.evidence.all()] == [EVIDENCE[0]["url"], EVIDENCE[1]["url"]]
    with pytest.raises(InvalidInput):
        services.approve_verdict(v.pk, editor, v.version)  # not submitted yet
    v = services.submit_verdict(v.pk, reviewer, v.version)
    assert v.status == Verdict.Status.SUBMITTED and v.submitted_at
    assert outcome(assignment) == Assignment.Outcome.COMPLETED
    assert QueueItem.objects.get(pk=assignment.queue_item_id).status == QueueItem.Status.DONE
    with pytest.raises(InvalidInput):
        services.publish_verdict(v.pk, editor)  # only approved can be published
    with pytest.raises(InvalidInput):
        services.return_verdict(v.pk, editor, "", v.version)  # comment required
    v = services.return_verdict(v.pk, editor, "Cite the ministry table.", v.version)
    assert v.status == Verdict.Status.RETURNED and v.editor_comment == "Cite the ministry table."
    assert Claim.objects.get(pk=v.claim_id).status == Claim.Status.IN_REVIEW
    v = services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="mostly-false", rationale="Better now.",
                              evidence=EVIDENCE[:1], expected_version=v.version)
    assert v.evidence.count() == 1
    v = services.submit_verdict(v.pk, reviewer, v.version)
    v = services.approve_verdict(v.pk, editor, v.version, comment="Good.")
    assert v.status == Verdict.Status.APPROVED and v.editor == editor and v.approved_at
    assert Claim.objects.get(pk=v.claim_id).status == Claim.Status.APPROVED
    with pytest.raises(InvalidInput):
        services.save_verdict(claim_id=v.claim_id, user=editor, rating="true", rationale="x", evidence=[],
                              expected_version=v.version)
    v = services.publish_verdict(v.pk, editor)
    assert v.status == Verdict.Status.PUBLISHED and v.published_at
    assert Claim.objects.get(pk=v.claim_id).status == Claim.Status.PUBLISHED


def test_submit_needs_rating_rationale_and_evidence(reviewer, make_item):
    make_item()
    a = services.claim_next(reviewer)
    v = services.save_verdict(claim_id=a.claim_id, user=reviewer, rating="", rationale="", evidence=[],
                              expected_version=None)
    with pytest.raises(InvalidInput) as exc:
        services.submit_verdict(v.pk, reviewer, v.version)
    assert set(exc.value.errors) == {"rating", "rationale", "evidence"}


def test_optimistic_lock_conflict(drafted, reviewer, editor):
    _a, v = drafted
    services.save_verdict(claim_id=v.claim_id, user=editor, rating="misleading", rationale="Editor's take.",
                          evidence=EVIDENCE, expected_version=v.version)
    with pytest.raises(ConflictError) as exc:
        services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="true", rationale="Stale tab.",
                              evidence=EVIDENCE, expected_version=v.version)
    msg = str(exc.value)
    assert msg.startswith("someone else saved this verdict at ") and msg.endswith("; reload to see their changes")
    current = Verdict.objects.get(pk=v.pk)
    assert (current.rating, current.version) == ("misleading", 2)  # the stale save wrote nothing
    with pytest.raises(ConflictError):
        services.submit_verdict(v.pk, reviewer, 1)


def test_only_the_lease_holder_or_an_editor_edits(drafted, reviewer2, outsider, editor):
    _a, v = drafted
    for user in (reviewer2, outsider):
        with pytest.raises(NotAllowed):
            services.save_verdict(claim_id=v.claim_id, user=user, rating="true", rationale="mine now",
                                  evidence=[], expected_version=v.version)
        with pytest.raises(NotAllowed):
            services.submit_verdict(v.pk, user, v.version)
    with pytest.raises(NotAllowed):
        services.approve_verdict(v.pk, reviewer2, v.version)
    services.save_verdict(claim_id=v.claim_id, user=editor, rating="true", rationale="fine", evidence=EVIDENCE,
                          expected_version=v.version)


def test_an_editor_cannot_approve_their_own_verdict(make_item, editor, admin_user):
    make_item()
    a = services.claim_next(editor)
    v = services.save_verdict(claim_id=a.claim_id, user=editor, rating="true", rationale="ok", evidence=EVIDENCE,
                              expected_version=None)
    v = services.submit_verdict(v.pk, editor, v.version)
    with pytest.raises(NotAllowed):
        services.approve_verdict(v.pk, editor, v.version)
    assert services.approve_verdict(v.pk, admin_user, v.version).status == Verdict.Status.APPROVED


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "file:///etc/passwd", "not a url",
                                 "http://"])
def test_evidence_urls_must_be_http(drafted, reviewer, url):
    _a, v = drafted
    with pytest.raises(InvalidInput) as exc:
        services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="false", rationale="x",
                              evidence=[{"url": url, "stance": "supports"}], expected_version=v.version)
    assert "Evidence row 1" in str(exc.value)
    assert Verdict.objects.get(pk=v.pk).version == v.version


def test_replacing_evidence_keeps_check_results_of_unchanged_urls(drafted, reviewer):
    _a, v = drafted
    kept = v.evidence.get(url=EVIDENCE[0]["url"])
    EvidenceLink.objects.filter(pk=kept.pk).update(check_status="ok", http_status=200)
    new = [EVIDENCE[0], {"url": "https://third.example.net/", "stance": "supports"}]
    v = services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="false", rationale="x", evidence=new,
                              expected_version=v.version)
    links = {e.url: e for e in v.evidence.all()}
    assert set(links) == {EVIDENCE[0]["url"], "https://third.example.net/"}
    assert links[EVIDENCE[0]["url"]].pk == kept.pk and links[EVIDENCE[0]["url"]].check_status == "ok"


def test_evidence_checks_are_queued_after_commit(reviewer, make_item, django_capture_on_commit_callbacks,
                                                 monkeypatch):
    checked = []
    monkeypatch.setattr(services, "check_evidence_link", lambda link_id: checked.append(link_id))
    make_item()
    a = services.claim_next(reviewer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        v = services.save_verdict(claim_id=a.claim_id, user=reviewer, rating="false", rationale="x",
                                  evidence=EVIDENCE, expected_version=None)
    assert len(callbacks) == 2
    assert sorted(checked) == sorted(v.evidence.values_list("pk", flat=True))


def test_saving_extends_the_lease(drafted, reviewer):
    a, v = drafted
    Assignment.objects.filter(pk=a.pk).update(lease_expires_at=timezone.now() + dt.timedelta(minutes=1))
    services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="false", rationale="more", evidence=EVIDENCE,
                          expected_version=v.version)
    assert Assignment.objects.get(pk=a.pk).lease_expires_at > timezone.now() + dt.timedelta(minutes=20)


def test_a_new_reviewer_takes_over_an_expired_draft(drafted, reviewer, reviewer2):
    a, v = drafted
    services.expire_leases(now=timezone.now() + dt.timedelta(hours=1))
    b = services.claim_next(reviewer2)
    assert b.claim_id == v.claim_id
    v2 = services.save_verdict(claim_id=v.claim_id, user=reviewer2, rating="false", rationale="picked up",
                               evidence=EVIDENCE, expected_version=v.version)
    assert v2.reviewer == reviewer2
    with pytest.raises(NotAllowed):
        services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="true", rationale="mine",
                              evidence=EVIDENCE, expected_version=v2.version)


# --- history -----------------------------------------------------------------------------------

def test_history_records_who_and_when(drafted, reviewer, editor):
    a, v = drafted
    v = services.submit_verdict(v.pk, reviewer, v.version)
    v = services.approve_verdict(v.pk, editor, v.version)
    vh = list(Verdict.history.filter(id=v.pk).order_by("history_date", "history_id"))
    assert [h.status for h in vh] == ["draft", "submitted", "approved"]
    assert [h.history_user for h in vh] == [reviewer, reviewer, editor]
    assert all(h.history_date for h in vh)
    assert vh[-1].history_change_reason == "approved"
    # claim-next is recorded by the Assignment row itself (who took which item, when, until
    # when; no duplicate "+"/"~" history rows and no claim row), which the claim history merges
    started = Assignment.objects.get(pk=a.pk)
    assert (started.reviewer, started.queue_item_id, started.claim_id) == (reviewer, a.queue_item_id, a.claim_id)
    assert started.started_at and started.lease_expires_at > started.started_at
    ah = list(Assignment.history.filter(id=a.pk).order_by("history_date", "history_id"))
    assert ah[0].history_date >= started.started_at and ah[-1].outcome == "completed"
    qh = list(QueueItem.history.filter(id=a.queue_item_id).order_by("history_date", "history_id"))
    assert qh[-1].status == "done"
    ch = list(Claim.history.filter(id=a.claim_id).order_by("history_date", "history_id"))
    assert [h.status for h in ch][-2:] == ["submitted", "approved"]
    assert not [h for h in ch if h.history_change_reason == "claimed"]
    assert ch[-1].history_user == editor
    shown = list(reversed(claim_history(editor, Claim.objects.get(pk=a.claim_id))))
    assert [(e.what, e.who, e.state) for e in shown][-3:] == [
        ("claimed", reviewer.username, "in_review"), ("verdict submitted", reviewer.username, "submitted"),
        ("verdict approved", editor.username, "approved")]
    assert shown[-3].when == started.started_at
    eh = EvidenceLink.history.filter(verdict_id=v.pk, history_type="+")
    assert eh.count() == 2 and {h.history_user for h in eh} == {reviewer}
    delta = vh[-1].diff_against(vh[-2])
    assert "status" in delta.changed_fields


def test_history_of_expiry_and_skip(queue, reviewer):
    a = services.claim_next(reviewer)
    services.skip(a.pk, reviewer, "too close to home")
    last = Assignment.history.filter(id=a.pk).latest()
    assert (last.outcome, last.reason, last.history_user) == ("skipped", "too close to home", reviewer)
    b = services.claim_next(reviewer)
    services.expire_leases(now=timezone.now() + dt.timedelta(hours=1))
    last = QueueItem.history.filter(id=b.queue_item_id).latest()
    assert (last.status, last.history_change_reason, last.history_user) == ("queued", "lease expired", None)


def test_enqueue_top_claims_writes_history(db, settings):
    from tests.factories import ClaimFactory

    settings.QUEUE_SCORE_THRESHOLD = 0.5
    hi, lo = ClaimFactory(score=0.8), ClaimFactory(score=0.1)
    assert services.enqueue_top_claims([hi.pk, lo.pk]) == 1
    assert QueueItem.history.filter(claim_id=hi.pk, history_type="+").exists()
    assert Claim.history.filter(id=hi.pk, status="queued").exists()
    assert not QueueItem.objects.filter(claim_id=lo.pk).exists()


def test_top_claims_to_queue_caps_each_article_and_keeps_the_threshold():
    scored = [(1, 10, 0.9), (2, 10, 0.7), (3, 10, 0.95), (4, 10, 0.3), (5, 20, 0.6), (6, 20, 0.6), (7, 20, 0.2)]
    assert services.top_claims_to_queue(scored, limit=2, threshold=0.5) == [1, 3, 5, 6]
    assert services.top_claims_to_queue(scored, limit=1, threshold=0.5) == [3, 5]  # a tie goes to the lower id
    assert services.top_claims_to_queue(scored, limit=0, threshold=0.5) == [1, 2, 3, 5, 6]  # 0 = no cap
    assert services.top_claims_to_queue(scored, limit=8, threshold=0.96) == []


def test_enqueue_top_claims_counts_the_articles_claims_already_queued(db, settings):
    """A re-extraction must not push the article past the cap: every claim of the article competes for it."""
    from tests.factories import ArticleFactory, ClaimFactory

    settings.QUEUE_SCORE_THRESHOLD = 0.4
    settings.QUEUE_MAX_PER_ARTICLE = 2
    article = ArticleFactory()
    a, b, c = (ClaimFactory(article=article, score=s) for s in (0.9, 0.8, 0.7))
    assert services.enqueue_top_claims([a.pk, b.pk, c.pk]) == 2
    assert set(QueueItem.objects.values_list("claim_id", flat=True)) == {a.pk, b.pk}
    new = ClaimFactory(article=article, score=0.6)
    assert services.enqueue_top_claims([a.pk, b.pk, c.pk, new.pk]) == 0
    assert QueueItem.objects.count() == 2


def test_a_conflict_with_your_own_save_does_not_blame_someone_else(drafted, reviewer, editor):
    """A reviewer's second tab (or an API client POSTing the claim's verdict again without a version)
    was told "someone else saved this verdict"; it was them."""
    _a, v = drafted
    services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="false", rationale="Tab one.",
                          evidence=EVIDENCE, expected_version=v.version)
    with pytest.raises(ConflictError) as exc:  # tab two, still on the first version
        services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="true", rationale="Tab two.",
                              evidence=EVIDENCE, expected_version=v.version)
    assert str(exc.value).startswith("you saved this verdict at ") and "now version 2" in str(exc.value)
    with pytest.raises(ConflictError) as exc:  # a create when the claim has its verdict already
        services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="true", rationale="Again.",
                              evidence=EVIDENCE, expected_version=None)
    assert str(exc.value).startswith("you saved this verdict at ")
    with pytest.raises(ConflictError) as exc:  # a submit from the stale tab
        services.submit_verdict(v.pk, reviewer, v.version)
    assert str(exc.value).startswith("you saved this verdict at ")
    services.save_verdict(claim_id=v.claim_id, user=editor, rating="misleading", rationale="Editor's take.",
                          evidence=EVIDENCE, expected_version=2)
    with pytest.raises(ConflictError) as exc:  # and someone else's save is still someone else's
        services.save_verdict(claim_id=v.claim_id, user=reviewer, rating="true", rationale="Stale.",
                              evidence=EVIDENCE, expected_version=2)
    assert str(exc.value).startswith("someone else saved this verdict at ")
