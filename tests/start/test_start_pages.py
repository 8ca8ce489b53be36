"""Start pages per role: each role lands on its own desk, with what it should look at first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import Article
from reviewers import services
from reviewers.models import QueueItem
from tests.factories import ArticleFactory, ClaimLinkFactory, QueueItemFactory, decided_verdict

pytestmark = pytest.mark.django_db


@pytest.mark.authz
def test_home_sends_each_role_to_its_desk(client, reviewer, editor, outsider):
    for user, target in ((editor, "/start/editor/"), (reviewer, "/start/reviewer/"), (outsider, "/articles/")):
        client.force_login(user)
        assert client.get("/")["Location"] == target
    client.force_login(outsider)
    assert client.get("/start/reviewer/").status_code == 403
    client.force_login(reviewer)
    assert client.get("/start/editor/").status_code == 403


def test_reviewer_desk(client, reviewer, editor):
    QueueItemFactory(priority=10)
    top = QueueItemFactory(priority=900)
    returned = decided_verdict("returned", reviewer=reviewer, editor=editor, editor_comment="Add the 2023 figure.")
    draft = decided_verdict("draft", reviewer=reviewer, rating="")
    decided_verdict("draft")  # someone else's
    assignment = services.claim_next(reviewer)
    assert assignment.claim_id == top.claim_id
    client.force_login(reviewer)
    html = client.get("/start/reviewer/").content.decode()
    assert top.claim.text in html and "Continue with this claim" in html
    assert 'data-countdown-seconds="' in html and "UTC" in html
    assert '<span id="waiting-count">1</span>' in html
    assert "Add the 2023 figure." in html and f"/review/claims/{returned.claim_id}/" in html
    assert f"/review/claims/{draft.claim_id}/" in html
    assert html.count("saved ") == 1


def test_editor_desk(client, editor):
    submitted = decided_verdict("submitted")
    approved = decided_verdict("approved")
    stale = QueueItemFactory(status=QueueItem.Status.ASSIGNED, assigned_to=editor,
                             lease_expires_at=timezone.now() - dt.timedelta(minutes=5))
    failed = ArticleFactory(title="Broken upload", status=Article.Status.FAILED)
    Article.objects.filter(pk=failed.pk).update(extraction_error="boom")
    stuck = ArticleFactory(title="Stuck one", status=Article.Status.EXTRACTING)
    Article.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    ClaimLinkFactory()
    client.force_login(editor)
    html = client.get("/start/editor/").content.decode()
    assert f"/review/verdicts/{submitted.pk}/" in html and f"/review/verdicts/{approved.pk}/" in html
    assert stale.claim.text[:50] in html and "Broken upload" in html and "Stuck one" in html
    assert "1 suggested link to confirm or reject" in html
