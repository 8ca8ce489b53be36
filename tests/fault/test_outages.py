"""PostgreSQL and Redis outages, simulated per test (never by stopping the shared servers): the
database's connection terminated mid-request (``pg_terminate_backend`` on our own backend) or pointed
at a closed port; Redis (cache and broker) pointed at a closed port. The API answers JSON (503 with
``Retry-After`` when it cannot work), the UI a styled 503 page, nothing is half-stored, and it all
recovers without a restart."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Article, Source
from tests.fault.conftest import closed_port, reset_producer_pool

pytestmark = pytest.mark.fault

BODY = "The ministry said 1,200 schools closed on Monday. Officials expect 40% of them to reopen by June."


def _api(user) -> APIClient:
    api = APIClient(raise_request_exception=False)  # as in production: the response, not the exception
    token, _ = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _web(user) -> Client:
    web = Client(raise_request_exception=False)
    web.force_login(user)
    return web


def _assert_json_503(resp) -> None:
    assert resp.status_code == 503, resp.content[:500]
    assert resp["Content-Type"].startswith("application/json")
    assert int(resp["Retry-After"]) > 0
    assert resp.json()["error"]["code"] == "service_unavailable"


def _assert_styled_503(resp) -> None:
    assert resp.status_code == 503
    html = resp.content.decode()
    assert resp["Content-Type"].startswith("text/html") and int(resp["Retry-After"]) > 0
    assert "css/app.css" in html and "Temporarily unavailable" in html and 'class="topbar"' in html


# --- PostgreSQL ------------------------------------------------------------------------------


@contextlib.contextmanager
def terminate_backend_on(fragment: str) -> Iterator[list[str]]:
    """Terminate this connection's PostgreSQL backend (from a second connection) just before the first
    statement containing ``fragment`` runs: that statement then meets a dead connection."""
    import psycopg

    db = connection.settings_dict
    admin = psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"] or "postgres",
                            dbname=db["NAME"], autocommit=True)
    fired: list[str] = []

    def wrapper(execute, sql, params, many, context):
        if fragment in sql and not fired:
            pid = context["connection"].connection.info.backend_pid
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            fired.append(sql)
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(wrapper):
            yield fired
    finally:
        admin.close()
        next_request()


def next_request() -> None:
    """What Django's request handler does between two requests (the test client leaves it out to keep
    its test transaction): drop a connection that errored and is no longer usable."""
    close_old_connections()


@contextlib.contextmanager
def database_unreachable() -> Iterator[None]:
    db = connection.settings_dict
    saved = db["HOST"], db["PORT"]
    connection.close()
    db["HOST"], db["PORT"] = "127.0.0.1", closed_port()
    try:
        yield
    finally:
        connection.close()
        db["HOST"], db["PORT"] = saved


@pytest.mark.postgres
def test_connection_terminated_mid_request_is_a_json_503_and_nothing_half_stored(transactional_db, editor):
    api = _api(editor)
    with terminate_backend_on('INSERT INTO "claims_article"') as fired:
        resp = api.post("/api/articles/", {"title": "Schools", "body": BODY, "source": "Wire"}, format="json")
    assert fired, "the fault was not injected"
    _assert_json_503(resp)
    # the transaction died with the connection: no article, no source, no history row
    assert Article.objects.count() == 0 and Source.objects.count() == 0
    assert Article.history.count() == 0
    # recovery, no restart: the next request reconnects
    resp = api.post("/api/articles/", {"title": "Schools", "body": BODY, "source": "Wire"}, format="json")
    assert resp.status_code == 202, resp.content
    assert Article.objects.count() == 1 and Source.objects.count() == 1

    with terminate_backend_on('FROM "claims_claim"') as fired:
        resp = api.get("/api/claims/")
    assert fired
    _assert_json_503(resp)
    assert api.get("/api/claims/").status_code == 200

    client = _web(editor)
    with terminate_backend_on('FROM "django_session"') as fired:
        resp = client.get(reverse("article-list"))
    assert fired
    _assert_styled_503(resp)
    assert client.get(reverse("article-list")).status_code == 200


@pytest.mark.postgres
def test_database_unreachable_api_json_503_ui_styled_503_health_503_then_recovery(transactional_db, editor):
    api = _api(editor)
    client = _web(editor)
    assert api.get("/api/articles/").status_code == 200
    with database_unreachable():
        _assert_json_503(api.get("/api/articles/"))
        _assert_json_503(api.post("/api/articles/", {"title": "S", "body": BODY}, format="json"))
        _assert_styled_503(client.get(reverse("article-list")))
        health = client.get("/health/")
        assert health.status_code == 503 and health.json()["database"]["ok"] is False
    assert api.get("/api/articles/").status_code == 200
    assert client.get(reverse("article-list")).status_code == 200
    assert client.get("/health/").status_code == 200
    assert Article.objects.count() == 0


# --- Redis (cache for throttling + broker) ----------------------------------------------------


@contextlib.contextmanager
def redis_unreachable(settings) -> Iterator[str]:
    from factcheck.celery import app

    dead = f"redis://127.0.0.1:{closed_port()}/0"
    old_caches = settings.CACHES
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dead,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    old = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    old_settings = settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL, old_caches
    app.conf.update(task_always_eager=False, broker_url=dead, result_backend=dead)
    reset_producer_pool()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = dead
    try:
        yield dead
    finally:
        # Celery's configuration reads through to Django's settings: restore both
        settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL, settings.CACHES = old_settings
        app.conf.update(**old)
        reset_producer_pool()


def test_redis_unreachable_api_reads_and_writes_answer_and_web_form_stores_once(transactional_db, settings, editor,
                                                                               client):
    api = _api(editor)
    with redis_unreachable(settings):
        # throttling keeps its counters in the (dead) cache: it lets requests through instead of failing
        assert api.get("/api/articles/").status_code == 200
        resp = api.post("/api/articles/", {"title": "Schools", "body": BODY}, format="json")
        assert resp.status_code == 202, resp.content
        assert resp.json()["extraction_queued"] is False and resp.json()["status"] == "pending"

        client.force_login(editor)
        other = BODY.replace("1,200", "1,300")
        resp = client.post(reverse("article-ingest"), {"title": "Schools 2", "body": other}, follow=True)
        assert resp.status_code == 200
        assert "extraction starts when the task queue is back" in resp.content.decode()
        resp = client.post(reverse("article-ingest"), {"title": "Schools 2", "body": other}, follow=True)
        assert resp.status_code == 200 and "stored before" in resp.content.decode()
        assert Article.objects.count() == 2
        assert set(Article.objects.values_list("status", flat=True)) == {"pending"}

        health = client.get("/health/")
        assert health.status_code == 503 and health.json()["broker"]["ok"] is False
        assert health.json()["work"]["articles_stuck"] == 0  # not yet past STUCK_AFTER_SECONDS


@pytest.mark.celery
@pytest.mark.postgres
@pytest.mark.slow
def test_after_a_redis_outage_the_sweeper_queues_what_was_stored(workers, settings, editor):
    from factcheck.sweeper import sweep
    from tests.fault.conftest import wait_for

    api = _api(editor)
    with redis_unreachable(settings):
        resp = api.post("/api/articles/", {"title": "Schools", "body": BODY}, format="json")
        assert resp.status_code == 202 and resp.json()["extraction_queued"] is False
        settings.STUCK_AFTER_SECONDS = 0
        report = sweep()  # still down: it says so, and the article stays for the next sweep
        assert report.not_sent == 1
    # Redis back (the `workers` fixture's broker): a worker and the next sweep finish the job
    workers(concurrency=1)
    article_id = resp.json()["id"]
    assert sweep().articles_requeued == [article_id]
    assert wait_for(lambda: Article.objects.get(pk=article_id).status == "extracted", 60)
    assert Article.objects.get(pk=article_id).claims.count() > 0


# --- one extraction per article at a time --------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_double_extraction_stores_claims_and_queue_items_once(transactional_db, settings):
    from django.db import connections

    from claims.extraction import extract_claims
    from claims.models import Claim
    from claims.services import ingest_article, run_extraction
    from reviewers.models import QueueItem
    from tests.fault.conftest import big_bodies, expected_queue_items

    body = big_bodies(1, repeat=4)[0]
    expected = len(extract_claims(body, published=None, outlet=None))
    article = ingest_article(title="Twice", body=body, extract=False).article
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def extract() -> None:
        try:
            start.wait()
            run_extraction(article.pk)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=extract) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert Claim.objects.filter(article=article).count() == expected
    counts = (Claim.objects.filter(article=article).count(), QueueItem.objects.filter(claim__article=article).count())
    run_extraction(article.pk)  # a clean, single run afterwards changes nothing
    assert counts == (Claim.objects.filter(article=article).count(),
                      QueueItem.objects.filter(claim__article=article).count())
    fingerprints = list(Claim.objects.filter(article=article).values_list("fingerprint", "start"))
    assert len(fingerprints) == len(set(fingerprints)), "the same claim stored twice"
    assert counts[1] == expected_queue_items(article.pk) > 0
