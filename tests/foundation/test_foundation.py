"""The skeleton: settings, health, roles, seeds, admin, login."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Article, Source
from tests.conftest import REPO


def test_embedded_default_is_sqlite_and_eager_when_nothing_is_configured():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "import json; print(json.dumps([s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    engine, eager, debug = json.loads(out.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert eager is True
    assert debug is False  # safe default


def test_environment_switches_to_postgres_and_redis():
    env = {
        "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": "postgres://u@db.example:5433/fc", "REDIS_URL": "redis://cache.example:6379/2",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; import json; "
        "d=s.DATABASES['default']; print(json.dumps([d['ENGINE'], d['HOST'], d['PORT'], d['NAME'], "
        "s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [
        "django.db.backends.postgresql", "db.example", 5433, "fc", "redis://cache.example:6379/2", False,
    ]


def test_production_refuses_to_start_without_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "factcheck.settings", "PRODUCTION": "true"}
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


@pytest.mark.django_db
def test_health_reports_database_broker_and_workers(client):
    resp = client.get("/health/")
    assert resp.status_code == 200
    body = resp.json()
    assert body["ok"] is True
    assert body["database"]["ok"] is True
    assert body["broker"]["mode"] == "eager"


@pytest.mark.django_db
@pytest.mark.fault
def test_health_is_503_when_the_broker_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    resp = client.get("/health/")
    assert resp.status_code == 503
    assert resp.json()["broker"]["ok"] is False


@pytest.mark.django_db
def test_load_seeds_twice_stores_each_article_once():
    call_command("load_seeds")
    first = {a.content_hash: a.pk for a in Article.objects.all()}
    assert len(first) == 2
    call_command("load_seeds")
    assert {a.content_hash: a.pk for a in Article.objects.all()} == first
    assert Source.objects.filter(name="Press TV").count() == 1
    # The body is stored exactly as in the file.
    seed = (REPO / "seeds" / "russia-patrushev-syria-pullout.txt").read_text(encoding="utf-8")
    assert Article.objects.filter(body=seed).count() == 1


@pytest.mark.django_db
def test_add_user_creates_roles():
    from django.contrib.auth import get_user_model

    call_command("add_user", "val", "--role", "reviewer", "--password", "long-password-1")
    call_command("add_user", "ed", "--role", "editor", "--password", "long-password-2")
    User = get_user_model()
    val, ed = User.objects.get(username="val"), User.objects.get(username="ed")
    assert val.check_password("long-password-1")
    assert val.has_perm("reviewers.review_claim") and not val.has_perm("reviewers.approve_verdict")
    assert ed.has_perm("reviewers.approve_verdict") and ed.has_perm("reviewers.export_verdicts")
    assert ed.is_staff and not val.is_staff


@pytest.mark.django_db
def test_add_user_rejects_unknown_role():
    from django.core.management.base import CommandError

    with pytest.raises((CommandError, SystemExit)):
        call_command("add_user", "x", "--role", "overlord")


@pytest.mark.django_db
def test_login_page_and_article_list(client, reviewer):
    call_command("load_seeds")
    resp = client.get(reverse("article-list"))
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    assert client.get(reverse("login")).status_code == 200
    assert client.login(username="rita_reviewer", password="pw-for-tests-123")
    html = client.get(reverse("article-list")).content.decode()
    assert "Russia preparing to withdraw military contingent from Syria" in html
    assert "Time for US to pressure Turkey" in html


@pytest.mark.authz
@pytest.mark.django_db
def test_admin_usable_by_editor_not_by_reviewer_or_outsider(client, editor, reviewer, outsider):
    client.force_login(editor)
    assert client.get("/admin/claims/article/").status_code == 200
    assert client.get("/admin/reviewers/verdict/").status_code == 200
    for persona in (reviewer, outsider):
        client.force_login(persona)
        assert client.get("/admin/claims/article/").status_code == 302  # to the admin login


@pytest.mark.authz
@pytest.mark.django_db
def test_article_list_forbidden_for_outsider(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("article-list")).status_code == 403


def test_database_pass_deselects_only_tests_that_touch_no_database():
    """scripts/test.sh's PostgreSQL pass sets FC_DATABASE_TESTS_ONLY=1 (tests/conftest.py)."""
    files = ["tests/foundation/test_foundation.py"]

    def collected(extra_env: dict[str, str]) -> set[str]:
        env = {k: v for k, v in os.environ.items() if k != "FC_DATABASE_TESTS_ONLY"}
        out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                              *files], cwd=REPO, env={**env, **extra_env}, capture_output=True, text=True)
        return {line.split("::")[1] for line in out.stdout.splitlines() if "::" in line}

    everything, database_only = collected({}), collected({"FC_DATABASE_TESTS_ONLY": "1"})
    assert "test_environment_switches_to_postgres_and_redis" in everything  # a subprocess, no database
    assert "test_environment_switches_to_postgres_and_redis" not in database_only
    assert "test_add_user_creates_roles" in database_only  # django_db
    assert "test_login_page_and_article_list" in database_only  # a persona fixture that needs db
    assert "test_database_pass_deselects_only_tests_that_touch_no_database" not in database_only


@pytest.mark.django_db
@pytest.mark.fault
@pytest.mark.authz
def test_health_tells_why_to_staff_only(client, settings, editor, reviewer):
    """/health/ is public (load balancers): the driver's error text named the broker's host and port (and,
    for the database, its user) to anyone; now staff read it, others get states and counts."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    for user in (None, reviewer):
        client.logout()
        if user is not None:
            client.force_login(user)
        resp = client.get("/health/")
        body = resp.json()
        assert resp.status_code == 503 and body["broker"] == {"ok": False, "mode": "redis", "error": "unreachable"}
        assert "127.0.0.1" not in resp.content.decode() and "workers" not in body["workers"]
    client.force_login(editor)
    body = client.get("/health/").json()
    assert body["broker"]["ok"] is False and body["broker"]["error"] != "unreachable"
