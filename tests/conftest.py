"""Shared fixtures: personas per role, service guards, a real Celery worker.

Service guards: a test marked ``postgres``, ``celery`` or ``browser`` needs that service.
If it is not there the test is skipped on a developer's machine and FAILS under CI=true.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import hypothesis
import pytest
from django.db import connection

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CI = os.environ.get("CI", "").lower() == "true"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = "/usr/bin/chromium"

# CI replays the same generated examples every run (a failure there is reproducible, never luck);
# local runs keep exploring new ones.
hypothesis.settings.register_profile("ci", derandomize=True, print_blob=True)
if CI:
    hypothesis.settings.load_profile("ci")


def _missing(reason: str) -> None:
    if CI:
        pytest.fail(f"required service missing under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def redis_reachable(url: str = TEST_REDIS_URL) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:
    """PBKDF2 at production strength costs ~0.3 s per user; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _service_guard(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("PostgreSQL (run with DATABASE_URL=postgres://...)")
    if request.node.get_closest_marker("celery") and not redis_reachable():
        _missing(f"Redis at {TEST_REDIS_URL}")
    if request.node.get_closest_marker("browser") and not Path(CHROMIUM).exists():
        _missing(f"{CHROMIUM} (apt-get install chromium)")


# --- personas ----------------------------------------------------------------------------

def _make_user(username: str, role: str | None, password: str = "pw-for-tests-123"):
    from django.contrib.auth import get_user_model

    from accounts.services import create_user_with_role

    if role is None:
        return get_user_model().objects.create_user(username=username, password=password)
    return create_user_with_role(username, role, password)


@pytest.fixture
def reviewer(db):
    return _make_user("rita_reviewer", "reviewer")


@pytest.fixture
def reviewer2(db):
    return _make_user("rob_reviewer", "reviewer")


@pytest.fixture
def editor(db):
    return _make_user("eddie_editor", "editor")


@pytest.fixture
def admin_user(db):
    return _make_user("ada_admin", "admin")


@pytest.fixture
def outsider(db):
    """Logged in, but in no role."""
    return _make_user("olga_outsider", None)


@pytest.fixture
def make_user(db):
    return _make_user


# --- a real Celery worker ------------------------------------------------------------------

@pytest.fixture
def celery_worker_process(transactional_db, settings) -> Iterator[subprocess.Popen]:
    """Start ``celery worker`` as a separate process, on Redis, against this test database.

    The test itself must commit (transactional_db) for the worker to see its rows.
    """
    if not redis_reachable():
        _missing(f"Redis at {TEST_REDIS_URL}")
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        db_url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    else:
        _missing("a Celery worker needs a database shared between processes: run with DATABASE_URL=postgres://...")
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": TEST_REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    from factcheck.celery import app

    old = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}

    def _reset_pool() -> None:
        # The producer pool is built from broker_url on first use; rebuild it after changing the URL.
        # Dropped, not closed: the control mailbox may still hold the old pool lazily.
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.update(task_always_eager=False, broker_url=TEST_REDIS_URL, result_backend=TEST_REDIS_URL)
    _reset_pool()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = TEST_REDIS_URL
    log = open(ARTIFACTS.joinpath("celery-worker.log") if ARTIFACTS.exists() else os.devnull, "a")
    celery_bin = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    proc = subprocess.Popen(
        [celery_bin, "-A", "factcheck", "worker", "--pool=solo", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--loglevel=INFO", "-n", f"test-{os.getpid()}@%h"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"celery worker exited early with {proc.returncode}; see test-artifacts/celery-worker.log")
            with app.connection_for_write(TEST_REDIS_URL) as conn:
                if app.control.ping(timeout=0.5, connection=conn):
                    break
        else:
            pytest.fail("celery worker did not answer ping within 30 s")
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        app.conf.update(
            task_always_eager=old.get("task_always_eager", True),
            broker_url=old.get("broker_url"),
            result_backend=old.get("result_backend"),
        )
        _reset_pool()


# --- pass 2 runs what the database can change -------------------------------------------

_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                "live_server"}


def uses_database(item: pytest.Item) -> bool:
    """pytest-django refuses database access to a test without one of these, so a test that has
    none gives the same result on SQLite and PostgreSQL."""
    return bool(item.get_closest_marker("django_db")) or bool(_DB_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With FC_DATABASE_TESTS_ONLY=1 (scripts/test.sh's PostgreSQL pass), tests that touch no
    database and need no service are deselected: pass 1 ran them already, and the database is the
    only thing pass 2 changes. Run pass 2 without the variable to run everything again."""
    if os.environ.get("FC_DATABASE_TESTS_ONLY") != "1":
        return
    services = ("postgres", "celery", "browser")
    keep, drop = [], []
    for item in items:
        needed = uses_database(item) or any(item.get_closest_marker(m) for m in services)
        (keep if needed else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


# --- what ran where: a closing summary per service marker ---------------------------------

_SERVICE_MARKERS = ("postgres", "celery", "browser", "concurrency", "fault", "authz", "slow")
_outcomes: dict[str, dict[str, int]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        for marker in _SERVICE_MARKERS:
            if marker in report.keywords:
                counts = _outcomes.setdefault(marker, {"passed": 0, "failed": 0, "skipped": 0})
                counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    terminalreporter.section(f"service summary: database={engine}")
    for marker in _SERVICE_MARKERS:
        c = _outcomes.get(marker)
        if c:
            terminalreporter.write_line(
                f"{marker:12s} {c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped"
            )
