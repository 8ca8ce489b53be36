"""The review state shown for a claim (claims.review_state) across the lease's life, on SQLite and
PostgreSQL: claim-next and the lease services never write the claim, yet every page, filter, count
and API answer shows "in review" while a reviewer holds it, and the claim's history stays complete."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import review_state, selectors
from claims.models import Claim
from reviewers import services
from reviewers.models import Assignment, QueueItem, Verdict
from reviewers.selectors import claim_history
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory

from .conftest import EVIDENCE

pytestmark = pytest.mark.django_db

IN_REVIEW, QUEUED = Claim.Status.IN_REVIEW, Claim.Status.QUEUED


def shown(claim_id: int) -> dict[str, str]:
    """The state of one claim as every reader computes it: Python on a fresh row, the SQL
    annotation, and which ``filter_state`` finds it (exactly one)."""
    claim = Claim.objects.get(pk=claim_id)
    annotated = review_state.with_review_state(Claim.objects.filter(pk=claim_id)).get()
    found = [s for s in Claim.Status.values if review_state.filter_state(Claim.objects.filter(pk=claim_id), s)]
    return {"python": review_state.state_of(claim), "sql": annotated.review_state, "filter": "/".join(found)}


def assert_state(claim_id: int, state: str) -> None:
    assert shown(claim_id) == {"python": state, "sql": state, "filter": state}


def api_status(user, claim_id: int) -> str:
    api = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    one = api.get(f"/api/claims/{claim_id}/")
    assert one.status_code == 200, one.content
    state = one.json()["status"]
    listed = api.get("/api/claims/", {"status": state})
    assert claim_id in [c["id"] for c in listed.json()["results"]]
    return state


@pytest.fixture
def item(db) -> QueueItem:
    return QueueItemFactory(priority=500, claim=ClaimFactory(status=QUEUED))


def test_hand_out_then_release_skip_expiry_and_reassign(item, reviewer, reviewer2, editor):
    claim_id = item.claim_id
    assert_state(claim_id, QUEUED)
    a = services.claim_next(reviewer)
    assert a.claim_id == claim_id
    assert_state(claim_id, IN_REVIEW)
    assert Claim.objects.get(pk=claim_id).status == QUEUED  # the hand-out did not write the claim
    assert api_status(editor, claim_id) == IN_REVIEW
    services.release(a.pk, reviewer)
    assert_state(claim_id, QUEUED)
    b = services.claim_next(reviewer2)
    assert_state(claim_id, IN_REVIEW)
    services.skip(b.pk, reviewer2, "I wrote about this myself")
    assert_state(claim_id, QUEUED)
    c = services.claim_next(reviewer)
    assert c.claim_id == claim_id
    # a lease past its time is still held (its holder may save) until it is expired
    QueueItem.objects.filter(pk=item.pk).update(lease_expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert_state(claim_id, IN_REVIEW)
    assert services.expire_leases() == 1
    assert_state(claim_id, QUEUED)
    assert api_status(reviewer, claim_id) == QUEUED
    services.reassign(item.pk, reviewer2, editor, "knows the topic")
    assert_state(claim_id, IN_REVIEW)
    services.reassign(item.pk, reviewer, editor)
    assert_state(claim_id, IN_REVIEW)
    services.remove_from_queue(item.pk, editor)
    assert_state(claim_id, Claim.Status.DISMISSED)


def test_verdict_submit_return_approve_publish(item, reviewer, editor):
    a = services.claim_next(reviewer)
    v = services.save_verdict(claim_id=a.claim_id, user=reviewer, rating="false", rationale="No.",
                              evidence=EVIDENCE, expected_version=None)
    assert_state(a.claim_id, IN_REVIEW)
    v = services.submit_verdict(v.pk, reviewer, v.version)
    assert_state(a.claim_id, Claim.Status.SUBMITTED)
    v = services.return_verdict(v.pk, editor, "Cite the table.", v.version)
    assert_state(a.claim_id, IN_REVIEW)  # back with its reviewer: the verdict transition stores it
    v = services.save_verdict(claim_id=a.claim_id, user=reviewer, rating="false", rationale="Cited.",
                              evidence=EVIDENCE, expected_version=v.version)
    v = services.submit_verdict(v.pk, reviewer, v.version)
    assert_state(a.claim_id, Claim.Status.SUBMITTED)
    v = services.approve_verdict(v.pk, editor, v.version)
    assert_state(a.claim_id, Claim.Status.APPROVED)
    services.publish_verdict(v.pk, editor)
    assert_state(a.claim_id, Claim.Status.PUBLISHED)
    assert api_status(reviewer, a.claim_id) == Claim.Status.PUBLISHED


def test_history_merges_the_leases(item, reviewer, reviewer2, editor):
    a = services.claim_next(reviewer)
    services.release(a.pk, reviewer)
    b = services.claim_next(reviewer2)
    services.skip(b.pk, reviewer2, "conflict of interest")
    c = services.claim_next(reviewer)
    services.expire_leases(now=timezone.now() + dt.timedelta(hours=1))
    services.reassign(item.pk, reviewer2, editor)
    d = Assignment.objects.get(claim_id=item.claim_id, outcome=Assignment.Outcome.ACTIVE)
    v = services.save_verdict(claim_id=item.claim_id, user=reviewer2, rating="false", rationale="No.",
                              evidence=EVIDENCE, expected_version=None)
    services.submit_verdict(v.pk, reviewer2, v.version)
    # the claim's own history has no lease rows at all ...
    assert not Claim.history.filter(id=item.claim_id, status=IN_REVIEW).exists()
    # ... and what a person reads has every lease: who, what, when, oldest first here
    lines = [(e.what, e.who or e.default_who, e.state) for e in reversed(claim_history(editor, item.claim))]
    assert lines[-8:] == [
        ("claimed", reviewer.username, IN_REVIEW), ("released", reviewer.username, QUEUED),
        ("claimed", reviewer2.username, IN_REVIEW), ("skipped", reviewer2.username, QUEUED),
        ("claimed", reviewer.username, IN_REVIEW), ("lease expired", "system", QUEUED),
        (f"assigned to {reviewer2.username}", editor.username, IN_REVIEW),
        ("verdict submitted", reviewer2.username, Claim.Status.SUBMITTED),
    ]
    starts = [e.when for e in claim_history(editor, item.claim) if e.what == "claimed"]
    assert sorted(starts) == sorted(x.started_at for x in (a, b, c))
    assert d.reviewer == reviewer2


def test_history_of_old_data_does_not_repeat_the_lease(item, reviewer):
    """Rows the claim history got from claim-next before this change ("claimed", "released") are
    replaced by the lease records, not shown twice."""
    a = services.claim_next(reviewer)
    claim = Claim.objects.get(pk=item.claim_id)
    claim.status = IN_REVIEW
    services._history(Claim, [claim], reviewer, "claimed")
    services.release(a.pk, reviewer)
    claim.status = QUEUED
    services._history(Claim, [claim], reviewer, "released")
    whats = [e.what for e in claim_history(reviewer, claim)]
    assert whats.count("claimed") == 1 and whats.count("released") == 1


def test_pages_show_in_review(item, reviewer, editor, client):
    other = ClaimFactory(article=item.claim.article, start=item.claim.end + 1, end=item.claim.end + 5,
                         sentence_start=item.claim.end + 1, sentence_end=item.claim.end + 5, status=QUEUED)
    QueueItemFactory(claim=other, priority=1)
    a = services.claim_next(reviewer)
    assert a.claim_id == item.claim_id
    client.force_login(editor)
    page = client.get(f"/claims/{item.claim_id}/").content.decode()
    assert 'class="badge status-in_review" id="claim-status">In review<' in page
    assert "Queue for review" not in page  # nothing to queue: it is in the queue, held
    assert '<tr class="history-lease">' in page and ">claimed<" in page
    article = client.get(f"/articles/{item.claim.article_id}/").content.decode()
    assert f'class="claim status-in_review" id="claim-n1" data-claim-id="{item.claim_id}"' in article
    assert f'class="claim status-queued" id="claim-n2" data-claim-id="{other.pk}"' in article
    found = client.get("/claims/search/", {"status": "in_review"}).content.decode()
    assert f"/claims/{item.claim_id}/" in found and f"/claims/{other.pk}/" not in found
    assert 'status-in_review">In review<' in found
    found = client.get("/claims/search/", {"status": "queued"}).content.decode()
    assert f"/claims/{other.pk}/" in found and f"/claims/{item.claim_id}/" not in found
    client.force_login(reviewer)
    work = client.get(f"/review/claims/{item.claim_id}/").content.decode()
    assert "· In review</p>" in work


def test_article_counts_use_the_review_state(db, reviewer):
    article = ArticleFactory()
    items = [QueueItemFactory(priority=p, claim=ClaimFactory(article=article, status=QUEUED, start=10 * p,
                                                             end=10 * p + 5)) for p in (1, 2, 3)]
    ClaimFactory(article=article, status=Claim.Status.EXTRACTED, start=100, end=105)
    services.claim_next(reviewer)
    [counted] = selectors.with_claim_counts([article])
    assert (counted.claim_count, counted.queued_count) == (4, 2)
    assert items


def test_claim_next_payload_says_in_review(item, reviewer):
    api = APIClient()
    token, _ = Token.objects.get_or_create(user=reviewer)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    resp = api.post("/api/queue/next/")
    assert resp.status_code == 200, resp.content
    assert resp.json()["claim"]["status"] == IN_REVIEW
    listed = api.get("/api/assignments/")
    assert listed.json()["results"][0]["claim"]["status"] == IN_REVIEW


def test_data_migration_moves_leases_out_of_the_claim(db, reviewer, editor, make_item):
    """reviewers 0011: claims stored "in_review" because of a lease become "queued" (shown in review
    while the lease lasts); a returned verdict's claims keep "in_review"."""
    held = make_item(900)
    a = services.claim_next(reviewer)
    assert a.queue_item_id == held.pk
    returned = make_item(800)
    b = services.claim_next(editor)
    v = services.save_verdict(claim_id=b.claim_id, user=editor, rating="false", rationale="No.",
                              evidence=EVIDENCE, expected_version=None)
    v = services.submit_verdict(v.pk, editor, v.version)
    Verdict.objects.filter(pk=v.pk).update(status=Verdict.Status.RETURNED)
    waiting = make_item(700)
    Claim.objects.filter(pk__in=[held.claim_id, returned.claim_id]).update(status=IN_REVIEW)  # as stored before
    migration = importlib.import_module("reviewers.migrations.0011_claim_status_lease_derived")
    migration.forwards(apps, connection.schema_editor())
    stored = dict(Claim.objects.filter(pk__in=[held.claim_id, returned.claim_id, waiting.claim_id])
                  .values_list("pk", "status"))
    assert stored == {held.claim_id: QUEUED, returned.claim_id: IN_REVIEW, waiting.claim_id: QUEUED}
    assert_state(held.claim_id, IN_REVIEW)
    assert_state(returned.claim_id, IN_REVIEW)
    assert_state(waiting.claim_id, QUEUED)


def test_admin_list_filters_and_shows_the_review_state(item, reviewer, admin_user, client):
    other = QueueItemFactory(priority=1, claim=ClaimFactory(status=QUEUED, text="Nobody holds this one."))
    services.claim_next(reviewer)
    client.force_login(admin_user)
    held = client.get("/admin/claims/claim/", {"status": IN_REVIEW}).content.decode()
    assert f"/admin/claims/claim/{item.claim_id}/change/" in held
    assert f"/admin/claims/claim/{other.claim_id}/change/" not in held
    assert '<td class="field-shown_status">In review</td>' in held
    waiting = client.get("/admin/claims/claim/", {"status": QUEUED}).content.decode()
    assert f"/admin/claims/claim/{other.claim_id}/change/" in waiting
    assert f"/admin/claims/claim/{item.claim_id}/change/" not in waiting


def test_history_shows_a_correction_during_a_lease_in_review(item, reviewer, editor):
    """A correction made while a reviewer holds the claim stores the claim's row as "queued" (the
    lease lives on the queue item); the history a person reads says "in review" for it, and
    "queued" again for one made after the lease ended."""
    from claims import corrections

    a = services.claim_next(reviewer)
    corrections.edit_claim(item.claim_id, reviewer, speaker="The minister")
    services.release(a.pk, reviewer)
    corrections.edit_claim(item.claim_id, editor, speaker="The finance minister")
    lines = [(e.what, e.state) for e in reversed(claim_history(editor, item.claim))]
    assert lines[-4:] == [("claimed", IN_REVIEW), ("corrected speaker", IN_REVIEW),
                          ("released", QUEUED), ("corrected speaker", QUEUED)]
