"""The admin site is no way around the review workflow. Editors are staff (they keep articles and
sources there), and their role carried the model permissions to add and change verdicts, evidence,
claims and queue items: in /admin/ an editor could change a published check's rating with no
correction note for readers, approve their own verdict, or rewrite the speaker of a judged claim.
Those changes go through the pages and the API (the services), which keep the rules."""

from __future__ import annotations

import pytest

from claims.models import Claim
from reviewers.models import QueueItem, Verdict
from reviewers.publication import correct_verdict
from tests.factories import EvidenceLinkFactory, QueueItemFactory, decided_verdict

pytestmark = [pytest.mark.django_db, pytest.mark.authz]


@pytest.fixture
def published(editor):
    verdict = decided_verdict("published", public_slug="buses-were-bought-7", rating="false")
    EvidenceLinkFactory(verdict=verdict)
    return verdict


def _change(model: str, pk: int) -> str:
    return f"/admin/{model}/{pk}/change/"


def test_an_editor_reads_workflow_rows_in_the_admin_but_cannot_change_them(published, editor, client):
    own = decided_verdict("submitted", reviewer=editor)
    item = QueueItemFactory()
    claim = published.claim
    client.force_login(editor)
    for url in (_change("reviewers/verdict", published.pk), _change("claims/claim", claim.pk),
                _change("reviewers/queueitem", item.pk), _change("reviewers/evidencelink",
                                                                  published.evidence.get().pk)):
        page = client.get(url)
        assert page.status_code == 200, url  # still readable
        assert 'name="_save"' not in page.content.decode(), url
        assert client.post(url, {"rating": "true", "status": "published", "speaker": "Someone else",
                                 "priority": "99"}).status_code == 403, url
    assert client.post(_change("reviewers/verdict", own.pk), {"status": "approved"}).status_code == 403
    for path in ("reviewers/verdict", "reviewers/evidencelink", "claims/claim", "reviewers/queueitem"):
        assert client.get(f"/admin/{path}/add/").status_code == 403, path
    published.refresh_from_db()
    own.refresh_from_db()
    assert (published.rating, own.status) == ("false", Verdict.Status.SUBMITTED)
    assert Claim.objects.get(pk=claim.pk).speaker == claim.speaker
    assert QueueItem.objects.get(pk=item.pk).priority == item.priority
    # the way that may: a correction on the verdict page, with its note for readers
    correct_verdict(published.pk, editor, "The figure was 45, not 40.", rating="mostly-false")
    page = client.get("/checks/buses-were-bought-7/").content.decode()
    assert "Mostly false" in page and "The figure was 45, not 40." in page


def test_an_editor_keeps_the_admin_for_articles_and_sources(published, editor, client):
    client.force_login(editor)
    article = published.claim.article
    assert 'name="_save"' in client.get(_change("claims/article", article.pk)).content.decode()
    assert 'name="_save"' in client.get(_change("claims/source", article.source.pk)).content.decode()


def test_reviewers_and_outsiders_have_no_admin(published, reviewer, outsider, client):
    for user in (reviewer, outsider, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        resp = client.post(_change("reviewers/verdict", published.pk), {"rating": "true"})
        assert resp.status_code == 302 and "/admin/login/" in resp["Location"]
    published.refresh_from_db()
    assert published.rating == "false"
