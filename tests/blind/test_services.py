"""Blind second review, service layer: rules, the two rounds, claim-next's exclusions, the outcome
(agreement -> round 1 becomes the verdict; disagreement -> adjudication) and what each person sees."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim
from reviewers import selectors, services
from reviewers.agreement import agreement
from reviewers.models import Assignment, IndependentReview, QueueItem, SecondReviewRule, Verdict
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory, SourceFactory

from .conftest import EVIDENCE, write_round

# --- rules -------------------------------------------------------------------------------------


def test_rules_decide_which_claims_need_two_reviews_when_queued(editor, settings):
    settings.QUEUE_SCORE_THRESHOLD = 0.1
    settings.QUEUE_MAX_PER_ARTICLE = 0
    wire = SourceFactory(name="Wire")
    services.create_rule(editor, source_id=wire.pk)
    services.create_rule(editor, kind=Claim.Kind.QUOTE, min_score=0.8)
    from_wire = ClaimFactory(article=ArticleFactory(source=wire), score=0.3)
    quote_high = ClaimFactory(kind=Claim.Kind.QUOTE, score=0.85)
    quote_low = ClaimFactory(kind=Claim.Kind.QUOTE, score=0.5)
    other = ClaimFactory(score=0.95)
    services.enqueue_top_claims([c.pk for c in (from_wire, quote_high, quote_low, other)])
    rounds = dict(QueueItem.objects.values_list("claim_id", "rounds_required"))
    assert rounds == {from_wire.pk: 2, quote_high.pk: 2, quote_low.pk: 1, other.pk: 1}


def test_rule_needs_a_criterion_and_the_permission(editor, reviewer):
    with pytest.raises(services.InvalidInput):
        services.create_rule(editor)
    with pytest.raises(services.InvalidInput):
        services.create_rule(editor, min_score=1.5)
    with pytest.raises(services.NotAllowed):
        services.create_rule(reviewer, kind="quote")
    rule = services.create_rule(editor, kind="quote")
    services.set_rule_active(rule.pk, editor, False)
    assert services.blind.claims_needing_two([ClaimFactory(kind="quote")]) == set()
    with pytest.raises(services.NotAllowed):
        services.delete_rule(rule.pk, reviewer)
    services.delete_rule(rule.pk, editor)
    assert not SecondReviewRule.objects.exists()


def test_by_hand_on_a_waiting_claim_applies_at_once_and_is_refused_after_a_verdict(editor, reviewer, make_item):
    item = make_item(500)
    services.require_second_review(item.claim_id, editor, note="sensitive")
    item.refresh_from_db()
    assert item.rounds_required == 2
    # manual queueing of a claim named by a rule
    claim = ClaimFactory()
    SecondReviewRule.objects.create(claim=claim, created_by=editor)
    assert services.enqueue_claim(claim.pk, editor).rounds_required == 2
    # a claim someone already wrote a verdict for
    plain = make_item(100)
    services.claim_next(reviewer)  # takes the blind one (priority 500)
    other = make_item(50)
    Verdict.objects.create(claim=other.claim, reviewer=reviewer, rating="true")
    with pytest.raises(services.InvalidInput):
        services.require_second_review(other.claim_id, editor)
    assert plain.rounds_required == 1


# --- the two rounds -----------------------------------------------------------------------------


def test_agreeing_rounds_make_round_one_the_verdict(blind_item, reviewer, reviewer2, editor, editor2):
    claim_id = blind_item.claim_id
    a = services.claim_next(reviewer)
    assert a.claim_id == claim_id
    with pytest.raises(services.InvalidInput):  # the verdict path refuses a blind claim (even to editors)
        services.save_verdict(claim_id=claim_id, user=editor, rating="false", rationale="x", evidence=EVIDENCE,
                              expected_version=None)
    first = write_round(reviewer, claim_id, "false", "Round one reasons.")
    assert first.round == 1 and first.status == "submitted"
    assert not Verdict.objects.filter(claim_id=claim_id).exists()
    assert Claim.objects.get(pk=claim_id).status == Claim.Status.QUEUED
    assert services.claim_next(reviewer) is None  # never round 2 to round 1's author
    b = services.claim_next(reviewer2)
    assert b.claim_id == claim_id
    second = write_round(reviewer2, claim_id, "false", "Round two reasons.")
    assert second.round == 2
    verdict = Verdict.objects.get(claim_id=claim_id)
    assert (verdict.reviewer_id, verdict.rating, verdict.rationale, verdict.status) == (
        reviewer.pk, "false", "Round one reasons.", Verdict.Status.SUBMITTED)
    assert [e.url for e in verdict.evidence.all()] == [EVIDENCE[0]["url"]]
    blind_item.refresh_from_db()
    assert blind_item.status == QueueItem.Status.DONE and not blind_item.needs_adjudication
    assert Claim.objects.get(pk=claim_id).status == Claim.Status.SUBMITTED
    services.approve_verdict(verdict.pk, editor, verdict.version)
    services.publish_verdict(verdict.pk, editor2)
    # the rounds stay as submitted, and agreement is computed from them
    report = agreement()
    assert (report.overall.nominal.n, report.overall.nominal.value) == (1, None)  # one claim: n, no figure
    assert {(r.round, r.rating) for r in IndependentReview.objects.filter(claim_id=claim_id)} == {
        (1, "false"), (2, "false")}


def test_differing_rounds_go_to_adjudication(round_one_done, reviewer, reviewer2, editor, editor2):
    claim_id = round_one_done.claim_id
    services.claim_next(reviewer2)
    write_round(reviewer2, claim_id, "true")
    item = QueueItem.objects.get(pk=round_one_done.pk)
    assert item.needs_adjudication and item.status == QueueItem.Status.DONE
    assert not Verdict.objects.filter(claim_id=claim_id).exists()
    assert list(selectors.adjudication_queue()) == [item]
    with pytest.raises(services.NotAllowed):
        services.adjudicate(claim_id, reviewer2, rating="true", rationale="x", evidence=EVIDENCE)
    with pytest.raises(services.InvalidInput):
        services.adjudicate(claim_id, editor, rating="", rationale="", evidence=[])
    verdict = services.adjudicate(claim_id, editor, rating="mostly-false", rationale="Both half right.",
                                  evidence=EVIDENCE)
    assert (verdict.reviewer_id, verdict.rating, verdict.status) == (editor.pk, "mostly-false", "submitted")
    assert not QueueItem.objects.get(pk=item.pk).needs_adjudication
    with pytest.raises(services.ConflictError):  # decided once
        services.adjudicate(claim_id, editor2, rating="true", rationale="x", evidence=EVIDENCE)
    with pytest.raises(services.NotAllowed):  # four eyes: the adjudicator does not approve their own
        services.approve_verdict(verdict.pk, editor, verdict.version)
    approved = services.approve_verdict(verdict.pk, editor2, verdict.version)
    published = services.publish_verdict(approved.pk, editor2)
    assert published.status == Verdict.Status.PUBLISHED and published.rating == "mostly-false"
    # history keeps all three: both rounds as submitted, and the adjudicated verdict
    rounds = {r.round: r for r in IndependentReview.objects.filter(claim_id=claim_id)}
    assert (rounds[1].rating, rounds[2].rating) == ("false", "true")
    assert rounds[1].history.filter(history_change_reason="round 1 submitted").exists()
    assert rounds[2].history.filter(history_change_reason="round 2 submitted").exists()
    assert verdict.history.filter(history_change_reason="adjudicated").exists()


def test_an_author_of_a_round_cannot_adjudicate(round_one_done, reviewer2, make_user):
    chief = make_user("chief", "editor")
    services.claim_next(chief)  # an editor can be the second reviewer
    write_round(chief, round_one_done.claim_id, "true")
    with pytest.raises(services.NotAllowed):
        services.adjudicate(round_one_done.claim_id, chief, rating="true", rationale="x", evidence=EVIDENCE)


def test_submitting_needs_rating_rationale_and_evidence(blind_item, reviewer):
    services.claim_next(reviewer)
    review = services.save_round(claim_id=blind_item.claim_id, user=reviewer, rating="true", rationale="",
                                 evidence=[], expected_version=None)
    with pytest.raises(services.InvalidInput) as exc:
        services.submit_round(blind_item.claim_id, reviewer, review.version)
    assert set(exc.value.errors) == {"rationale", "evidence"}


def test_only_the_lease_holder_writes_the_round(blind_item, reviewer, reviewer2, editor):
    services.claim_next(reviewer)
    for other in (reviewer2, editor):
        with pytest.raises(services.NotAllowed):
            services.save_round(claim_id=blind_item.claim_id, user=other, rating="true", rationale="x",
                                evidence=EVIDENCE, expected_version=None)


def test_skipper_and_first_reviewer_never_get_round_two(blind_item, reviewer, reviewer2, reviewer3):
    a = services.claim_next(reviewer3)
    services.skip(a.pk, reviewer3, "I know the speaker")
    services.claim_next(reviewer)
    write_round(reviewer, blind_item.claim_id, "false")
    assert services.claim_next(reviewer3) is None
    assert services.claim_next(reviewer) is None
    assert services.claim_next(reviewer2).claim_id == blind_item.claim_id


def test_a_released_round_two_starts_blank_for_the_next_reviewer(round_one_done, reviewer2, reviewer3):
    a = services.claim_next(reviewer2)
    write_round(reviewer2, round_one_done.claim_id, "true", "Rob's draft", submit=False)
    services.release(a.pk, reviewer2)
    services.claim_next(reviewer3)
    assert services.blind.my_round(round_one_done.claim_id, reviewer3) is None  # nothing of Rob's shown
    review = write_round(reviewer3, round_one_done.claim_id, "false", "Rosa's reasons")
    assert review.reviewer_id == reviewer3.pk and review.rationale == "Rosa's reasons"


def test_reassigning_round_two_to_the_first_reviewer_is_refused(round_one_done, reviewer, editor):
    with pytest.raises(services.InvalidInput):
        services.reassign(round_one_done.pk, reviewer, editor)


def test_the_database_refuses_round_two_to_the_first_reviewer(round_one_done, reviewer):
    with pytest.raises(IntegrityError), transaction.atomic():
        QueueItem.objects.filter(pk=round_one_done.pk).update(status="assigned", assigned_to=reviewer)


def test_a_grouped_blind_claim_holds_its_group_until_round_two(reviewer, reviewer2, reviewer3, editor):
    from claims.models import ClaimGroup

    group = ClaimGroup.objects.create(label="g")
    blind = QueueItemFactory(priority=900, rounds_required=2,
                             claim=ClaimFactory(group=group, status=Claim.Status.QUEUED))
    other = QueueItemFactory(priority=800, claim=ClaimFactory(group=group, status=Claim.Status.QUEUED))
    services.claim_next(reviewer)
    write_round(reviewer, blind.claim_id, "true")
    # the other member waits while the group's round 2 is pending; round 2 goes to someone else
    b = services.claim_next(reviewer2)
    assert b.queue_item_id == blind.pk
    assert services.claim_next(reviewer3) is None
    write_round(reviewer2, blind.claim_id, "true")
    assert QueueItem.objects.get(pk=other.pk).status == QueueItem.Status.DONE
    assert selectors.verdict_for_claim(other.claim).rating == "true"


# --- what each person sees ------------------------------------------------------------------------


def test_nobody_but_the_author_sees_a_round_while_blind(round_one_done, reviewer, reviewer2, editor, editor2):
    claim = round_one_done.claim
    services.claim_next(reviewer2)
    write_round(reviewer2, claim.pk, "true", submit=False)
    assert [r.round for r in selectors.visible_rounds(reviewer2, claim)] == [2]
    assert [r.round for r in selectors.visible_rounds(reviewer, claim)] == [1]
    assert selectors.visible_rounds(editor, claim) == []
    assert list(selectors.visible_rounds_qs(editor).filter(claim=claim)) == []
    assert {r.round for r in selectors.visible_rounds_qs(reviewer2)} == {2}
    # who had the claim: assignments, queue row, claim history
    assert not selectors.visible_assignments(editor).filter(claim=claim).exists()
    assert {a.reviewer_id for a in selectors.visible_assignments(reviewer2).filter(claim=claim)} == {reviewer2.pk}
    item = QueueItem.objects.select_related("assigned_to").get(pk=round_one_done.pk)
    assert selectors.shown_assignee(editor, item) is None
    assert selectors.shown_assignee(reviewer2, item) == reviewer2
    names = {h.history_user_id for h in selectors.claim_history(reviewer2, claim)}
    assert reviewer.pk not in names
    # once both are in: editors and the two authors see both rounds; other reviewers neither
    services.submit_round(claim.pk, reviewer2)
    assert [r.round for r in selectors.visible_rounds(reviewer2, claim)] == [1, 2]
    assert [r.round for r in selectors.visible_rounds(editor2, claim)] == [1, 2]
    assert {r.round for r in selectors.visible_rounds_qs(reviewer)} == {1, 2}
    assert selectors.visible_assignments(editor).filter(claim=claim).count() == 2


def test_hidden_by_blind_review_is_the_one_rule(reviewer, reviewer2):
    assert selectors.hidden_by_blind_review(reviewer2, reviewer.pk, blind=True)
    assert not selectors.hidden_by_blind_review(reviewer, reviewer.pk, blind=True)
    assert not selectors.hidden_by_blind_review(reviewer2, reviewer.pk, blind=False)
    assert not selectors.hidden_by_blind_review(reviewer2, None, blind=True)


def test_agreement_reads_the_rounds_written_through_the_workflow(reviewer, reviewer2, make_item):
    for rating_a, rating_b in [("true", "true"), ("false", "false"), ("true", "false")]:
        item = make_item(500)
        QueueItem.objects.filter(pk=item.pk).update(rounds_required=2)
        services.claim_next(reviewer)
        write_round(reviewer, item.claim_id, rating_a)
        services.claim_next(reviewer2)
        write_round(reviewer2, item.claim_id, rating_b)
        Assignment.objects.filter(outcome="active").delete()
    report = agreement()
    assert report.overall.nominal.n == 3
    assert report.pairs[0].kappa.n == 3
    # the dashboard's agreement figure (desk) reads the same rows
    from desk import selectors as desk_selectors

    (row,) = desk_selectors.agreement_over_time().rows
    assert row[4] == 3 and row[3] == pytest.approx(report.overall.nominal.value, abs=1e-4)


def test_a_rule_applies_when_a_removed_claim_is_queued_again(editor, make_item):
    item = make_item(500, kind=Claim.Kind.EVENT)
    services.remove_from_queue(item.pk, editor)
    services.create_rule(editor, kind=Claim.Kind.EVENT)
    assert services.enqueue_claim(item.claim_id, editor).rounds_required == 2


def test_no_verdict_can_exist_while_a_claim_is_blind(round_one_done, reviewer2, editor):
    """The invariant the verdict pages, exports, search and APIs rely on (they show verdicts only)."""
    claim_id = round_one_done.claim_id
    with pytest.raises(services.ConflictError):  # not waiting for adjudication: round 2 is not in
        services.adjudicate(claim_id, editor, rating="true", rationale="x", evidence=EVIDENCE)
    services.claim_next(reviewer2)
    for user in (reviewer2, editor):
        with pytest.raises(services.InvalidInput):
            services.save_verdict(claim_id=claim_id, user=user, rating="true", rationale="x", evidence=EVIDENCE,
                                  expected_version=None)
    assert not Verdict.objects.filter(claim_id=claim_id).exists()
