"""Start pages per role: each role lands on its own desk, with what it should look at first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from claims.models import Article
from reviewers import services
from reviewers.models import QueueItem
from tests.factories import ArticleFactory, ClaimLinkFactory, QueueItemFactory, decided_verdict

pytestmark = pytest.mark.django_db


@pytest.mark.authz
def test_home_sends_each_role_to_its_desk(client, reviewer, editor, outsider, make_user):
    for user, target in ((editor, "/start/editor/"), (reviewer, "/start/reviewer/")):
        client.force_login(user)
        assert client.get("/")["Location"] == target
    # an account in no role is told so (it was sent to the article list's 403, whose "Go to the start
    # page" link came back to it)
    client.force_login(outsider)
    resp = client.get("/")
    assert resp.status_code == 403 and "Your account has no role yet" in resp.content.decode()
    reader = make_user("rita_reader", None)
    reader.user_permissions.add(Permission.objects.get(codename="view_article", content_type__app_label="claims"))
    client.force_login(reader)
    assert client.get("/")["Location"] == "/articles/"
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


def test_editor_desk_re_extracts_in_place(client, editor, django_capture_on_commit_callbacks):
    failed = ArticleFactory(title="Broken upload", status=Article.Status.FAILED)
    Article.objects.filter(pk=failed.pk).update(extraction_error="boom")
    stuck = ArticleFactory(title="Stuck one", status=Article.Status.PENDING)
    Article.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - dt.timedelta(seconds=601))
    recent = ArticleFactory(title="Just arrived", status=Article.Status.PENDING)  # under STUCK_AFTER_SECONDS
    client.force_login(editor)
    html = client.get("/start/editor/").content.decode()
    for article in (failed, stuck):
        assert f'action="/articles/{article.pk}/re-extract/"' in html
        assert f'aria-label="Re-extract “{article.title}”"' in html
    assert f"/articles/{recent.pk}/re-extract/" not in html

    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/articles/{failed.pk}/re-extract/", {"next": "/start/editor/"}, follow=True)
    assert resp.redirect_chain == [("/start/editor/", 302)]
    assert "Extraction of “Broken upload” queued again" in resp.content.decode()
    failed.refresh_from_db()
    assert failed.status != Article.Status.FAILED


@pytest.mark.authz
@pytest.mark.parametrize("next_url", ["https://evil.example/start/", "//evil.example/", ""])
def test_re_extract_never_redirects_off_site(client, editor, next_url):
    article = ArticleFactory(status=Article.Status.FAILED)
    client.force_login(editor)
    resp = client.post(f"/articles/{article.pk}/re-extract/", {"next": next_url})
    assert resp["Location"] == f"/articles/{article.pk}/"


@pytest.mark.authz
def test_who_may_re_extract_from_the_desk(client, editor, reviewer, outsider):
    article = ArticleFactory(status=Article.Status.FAILED)
    url = f"/articles/{article.pk}/re-extract/"
    assert client.post(url, {"next": "/start/editor/"})["Location"].startswith("/accounts/login/")
    for user in (reviewer, outsider):
        client.force_login(user)
        assert client.post(url, {"next": "/start/editor/"}).status_code == 403
    assert Article.objects.get(pk=article.pk).status == Article.Status.FAILED
    client.force_login(editor)
    assert client.post(url, {"next": "/start/editor/"})["Location"] == "/start/editor/"
    assert Article.objects.get(pk=article.pk).status != Article.Status.FAILED
