"""The sweeper, retries, re-extract and the input faults, in-process (both test passes)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import services as claim_services
from claims.models import Article, Claim
from claims.services import ingest_article
from claims.tasks import extract_article
from exports.models import ExportJob
from factcheck.sweeper import sweep
from reviewers.models import EvidenceLink
from tests.factories import EvidenceLinkFactory, VerdictFactory

pytestmark = [pytest.mark.fault, pytest.mark.django_db]

BODY = "The ministry said 1,200 schools closed on Monday. Officials expect 40% of them to reopen by June."


def _age(article: Article, seconds: int = 3600, **values) -> None:
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - dt.timedelta(seconds=seconds), **values)


def _api(user) -> APIClient:
    api = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_requeue_stuck_requeues_old_pending_and_extracting_articles_only():
    fresh = ingest_article(title="fresh", body=BODY, extract=False).article
    pending = ingest_article(title="pending", body=BODY + " A.", extract=False).article
    extracting = ingest_article(title="extracting", body=BODY + " B.", extract=False).article
    _age(pending)
    _age(extracting, status=Article.Status.EXTRACTING)
    out = io.StringIO()
    call_command("requeue_stuck", stdout=out)  # eager here: extraction runs at once
    assert f"articles re-queued: 2 ({pending.pk}, {extracting.pk})" in out.getvalue(), out.getvalue()
    assert Article.objects.get(pk=fresh.pk).status == Article.Status.PENDING
    for article in (pending, extracting):
        article.refresh_from_db()
        assert article.status == Article.Status.EXTRACTED and article.claims.count() > 0
    assert json.loads(_json_sweep())["articles_requeued"] == []  # nothing left to do


def _json_sweep() -> str:
    out = io.StringIO()
    call_command("requeue_stuck", "--json", stdout=out)
    return out.getvalue()


def test_failed_articles_are_retried_while_attempts_are_left_then_stay_failed(settings):
    settings.EXTRACTION_MAX_ATTEMPTS = 3
    retry = ingest_article(title="retry", body=BODY, extract=False).article
    given_up = ingest_article(title="given up", body=BODY + " C.", extract=False).article
    killer = ingest_article(title="kills its worker", body=BODY + " D.", extract=False).article
    _age(retry, status=Article.Status.FAILED, extraction_attempts=1, extraction_error="OperationalError: gone")
    _age(given_up, status=Article.Status.FAILED, extraction_attempts=3, extraction_error="ValueError: bad")
    _age(killer, status=Article.Status.EXTRACTING, extraction_attempts=3)
    report = sweep()
    assert report.articles_requeued == [retry.pk]
    assert report.articles_failed == [killer.pk]
    assert Article.objects.get(pk=retry.pk).status == Article.Status.EXTRACTED
    assert Article.objects.get(pk=given_up.pk).status == Article.Status.FAILED
    killer.refresh_from_db()
    assert killer.status == Article.Status.FAILED and "after 3 attempts" in killer.extraction_error


def test_stuck_export_jobs_evidence_checks_and_linking_are_requeued(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    old = timezone.now() - dt.timedelta(hours=1)
    queued = ExportJob.objects.create(format="csv")
    ExportJob.objects.filter(pk=queued.pk).update(created_at=old)
    running = ExportJob.objects.create(format="json", status=ExportJob.Status.RUNNING, started_at=old,
                                       heartbeat_at=old, attempts=1)
    beating = ExportJob.objects.create(format="json", status=ExportJob.Status.RUNNING, started_at=old,
                                       heartbeat_at=timezone.now(), attempts=1)
    link = EvidenceLinkFactory(verdict=VerdictFactory())
    EvidenceLink.objects.filter(pk=link.pk).update(created_at=old)
    article = ingest_article(title="linked later", body=BODY, extract=False).article
    claim_services.run_extraction(article.pk)
    Claim.objects.filter(article=article).update(created_at=old)
    from claims.models import ClaimSignature

    ClaimSignature.objects.filter(claim__article=article).delete()  # as if the link_claims message was lost
    checked = []
    monkeypatch.setattr("reviewers.services.check_evidence_link", lambda pk: checked.append(pk))
    report = sweep()
    assert sorted(report.exports_requeued) == sorted([queued.pk, running.pk])
    assert report.evidence_requeued == [link.pk] and checked == [link.pk]
    assert report.claims_relinked == article.claims.count() > 0
    assert ClaimSignature.objects.filter(claim__article=article).exists()
    assert ExportJob.objects.get(pk=beating.pk).status == ExportJob.Status.RUNNING  # alive: left alone
    for job in (queued, running):
        assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE


def test_extraction_task_retries_database_errors_and_marks_failed_when_they_persist(monkeypatch, settings):
    settings.CELERY_TASK_EAGER_PROPAGATES = False  # in-process retries run at once instead of raising Retry
    article = ingest_article(title="flaky", body=BODY, extract=False).article
    real = claim_services.run_extraction
    calls = []

    def flaky(article_id: int):
        calls.append(article_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(article_id)

    monkeypatch.setattr(claim_services, "run_extraction", flaky)
    result = extract_article.apply(args=[article.pk], throw=False)  # in-process: the retry runs at once
    assert result.successful() and len(calls) == 2
    assert Article.objects.get(pk=article.pk).status == Article.Status.EXTRACTED

    down = ingest_article(title="down", body=BODY + " E.", extract=False).article

    def always_down(article_id: int):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(claim_services, "run_extraction", always_down)
    monkeypatch.setattr(extract_article, "max_retries", 2)
    result = extract_article.apply(args=[down.pk], throw=False)
    assert result.failed() and isinstance(result.result, OperationalError)
    down.refresh_from_db()
    assert down.status == Article.Status.FAILED and "OperationalError" in down.extraction_error


def test_sending_a_stuck_or_failed_article_again_requeues_it(django_capture_on_commit_callbacks):
    article = ingest_article(title="stuck", body=BODY, extract=False).article
    assert ingest_article(title="again", body=BODY).requeued is False  # fresh pending: left alone
    _age(article)
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest_article(title="again", body=BODY)
    assert result.created is False and result.requeued is True and result.queued is True
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED and article.claims.count() > 0
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, extraction_error="x")
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest_article(title="again", body=BODY).requeued is True
    assert Article.objects.get(pk=article.pk).status == Article.Status.EXTRACTED


@pytest.mark.authz
def test_re_extract_editor_may_reviewer_and_outsider_may_not(client, editor, reviewer, outsider,
                                                             django_capture_on_commit_callbacks):
    article = ingest_article(title="re", body=BODY, extract=False).article
    Article.objects.filter(pk=article.pk).update(status=Article.Status.FAILED, extraction_error="boom")
    url = reverse("article-reextract", args=[article.pk])
    api_url = f"/api/articles/{article.pk}/re-extract/"
    for user in (reviewer, outsider):
        client.force_login(user)
        assert client.post(url).status_code == 403
        assert _api(user).post(api_url).status_code == 403
        assert Article.objects.get(pk=article.pk).status == Article.Status.FAILED
    client.logout()
    assert client.post(url).status_code in (302, 403)
    assert APIClient().post(api_url).status_code == 401

    client.force_login(editor)
    page = client.get(reverse("article-detail", args=[article.pk])).content.decode()
    assert "Re-extract claims" in page and "boom" in page
    client.force_login(reviewer)
    assert "Re-extract claims" not in client.get(reverse("article-detail", args=[article.pk])).content.decode()

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.EXTRACTED
    n = Claim.objects.filter(article=article).count()
    with django_capture_on_commit_callbacks(execute=True):
        resp = _api(editor).post(api_url)
    assert resp.status_code == 202 and resp.json()["extraction_queued"] is True
    assert Claim.objects.filter(article=article).count() == n  # matched by fingerprint, not added again


def test_health_reports_stuck_and_failed_work(client):
    a = ingest_article(title="a", body=BODY, extract=False).article
    b = ingest_article(title="b", body=BODY + " F.", extract=False).article
    _age(a)
    _age(b, status=Article.Status.FAILED)
    ExportJob.objects.create(format="csv", status=ExportJob.Status.FAILED)
    work = client.get("/health/").json()["work"]
    assert (work["articles_stuck"], work["articles_failed"], work["exports_stuck"], work["exports_failed"]) == \
        (1, 1, 0, 1)


def test_celery_settings_recover_lost_work(settings):
    from factcheck.celery import app

    assert settings.CELERY_BEAT_SCHEDULE["requeue-stuck"]["task"] == "factcheck.sweep"
    assert "factcheck.sweep" in app.tasks
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert OperationalError in extract_article.autoretry_for


def test_json_nested_10000_deep_is_a_400(editor):
    body = '{"title": "x", "body": ' + "[" * 10_000 + "]" * 10_000 + "}"
    resp = _api(editor).post("/api/articles/", body, content_type="application/json")
    assert resp.status_code == 400, resp.content[:300]
    assert resp.json()["error"]["code"] == "parse_error"
    assert Article.objects.count() == 0


def test_html_upload_with_style_and_script_blocks_extracts_only_the_text(editor, django_capture_on_commit_callbacks):
    html = ("<!doctype html><html><head><title>Schools</title><style>body { margin: 12px; } .lead { font-size: 2em; }"
            "</style><script>var total = 1200; console.log('5 people');</script><body>"
            "<style>p { color: red; width: 300px }</style><p class='lead'>" + BODY + "</p>"
            "<noscript>Enable JavaScript to see 3 more stories.</noscript>"
            "<button>Share with 5 friends</button></body></html>")
    upload = SimpleUploadedFile("schools.html", html.encode(), "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        resp = _api(editor).post("/api/articles/", {"file": upload, "title": "Schools"}, format="multipart")
    assert resp.status_code == 202, resp.content
    article = Article.objects.get(pk=resp.json()["id"])
    for junk in ("margin", "font-size", "color", "console", "JavaScript", "friends"):
        assert junk not in article.body
    assert "1,200 schools" in article.body
    texts = " ".join(Claim.objects.filter(article=article).values_list("text", flat=True))
    assert "1,200 schools" in texts and "px" not in texts and "console" not in texts


def test_a_crash_inside_in_process_extraction_is_no_500_and_the_article_says_failed(editor, monkeypatch,
                                                                                   django_capture_on_commit_callbacks):
    """Embedded default (eager Celery): a bug in extraction used to answer 500 to the POST that had already
    stored the article; now the article is created (201/202) and marked failed with the error, as a worker
    would leave it."""
    def broken(article_id: int):
        raise ValueError("extractor bug")

    monkeypatch.setattr(claim_services, "run_extraction", broken)
    with django_capture_on_commit_callbacks(execute=True):
        resp = _api(editor).post("/api/articles/", {"title": "Schools", "body": BODY}, format="json")
    assert resp.status_code in (201, 202), resp.content[:300]
    article = Article.objects.get(pk=resp.json()["id"])
    assert article.status == Article.Status.FAILED and "ValueError: extractor bug" in article.extraction_error
