"""Fault-injection harness: real Celery workers we can SIGKILL, outages of PostgreSQL and Redis
simulated per test (a closed port, ``pg_terminate_backend`` on our own connection, flushing our own
Redis database). The shared PostgreSQL and Redis servers are never stopped."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import ARTIFACTS, REPO, TEST_REDIS_URL, _missing, redis_reachable


def closed_port() -> int:
    """A local TCP port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def child_pids(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may contain spaces; split after the last ')'
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.append(int(entry.name))
    return sorted(out)


class Worker:
    """A ``celery worker`` process (prefork pool) in its own process group, against the test database."""

    def __init__(self, concurrency: int = 2, name: str = "fault", db_url: str | None = None) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": db_url or database_url(),
            "REDIS_URL": TEST_REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        }
        self.log = open(ARTIFACTS / "celery-fault-worker.log" if ARTIFACTS.exists() else os.devnull, "a")
        celery_bin = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
        self.proc = subprocess.Popen(
            [celery_bin, "-A", "factcheck", "worker", f"--concurrency={concurrency}", "--pool=prefork",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
             "-n", f"{name}-{os.getpid()}-{time.monotonic_ns()}@%h"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.concurrency = concurrency

    def wait_ready(self, timeout: float = 60) -> None:
        from factcheck.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"celery worker exited early with {self.proc.returncode}; see test-artifacts/")
            if len(child_pids(self.proc.pid)) >= self.concurrency:
                with app.connection_for_write(TEST_REDIS_URL) as conn:
                    if app.control.ping(timeout=0.5, connection=conn, destination=None):
                        return
            time.sleep(0.2)
        pytest.fail("celery worker did not answer ping in time")

    def children(self) -> list[int]:
        return child_pids(self.proc.pid)

    def kill_child(self) -> int:
        """SIGKILL one pool process (the main process forks a replacement)."""
        pid = self.children()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill(self) -> None:
        """SIGKILL the whole worker: main process and pool at once (a machine lost)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.terminate()  # warm shutdown: the main process stops its pool itself
                self.proc.wait(timeout=20)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                self.kill()
        self.log.close()


@pytest.fixture
def broker(transactional_db, settings) -> Iterator[str]:
    """This process publishes to the test Redis database (emptied first), as the web app would."""
    if not redis_reachable():
        _missing(f"Redis at {TEST_REDIS_URL}")
    if connection.vendor != "postgresql":
        _missing("worker processes need a database shared between processes: run with DATABASE_URL=postgres://...")
    import redis

    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    from factcheck.celery import app

    old = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=TEST_REDIS_URL, result_backend=TEST_REDIS_URL)
    reset_producer_pool()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = TEST_REDIS_URL
    try:
        yield TEST_REDIS_URL
    finally:
        app.conf.update(**old)
        reset_producer_pool()


def reset_producer_pool() -> None:
    """The producer pool is built from broker_url on first use; rebuild it after changing the URL."""
    from factcheck.celery import app

    app._pool = None
    app.amqp._producer_pool = None
    app.__dict__.pop("control", None)  # its mailbox (ping, /health/) caches the pool it first used


@pytest.fixture
def workers(broker) -> Iterator[Callable[..., Worker]]:
    """Start workers on demand; all are stopped (or were killed) at the end."""
    started: list[Worker] = []

    def start(concurrency: int = 2, wait: bool = True, db_url: str | None = None) -> Worker:
        worker = Worker(concurrency, db_url=db_url)
        started.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


def big_bodies(n: int, repeat: int = 12) -> list[str]:
    """``n`` distinct articles of ~25 KB each, built from the sample articles (extraction takes a
    second or more each, long enough to kill a worker in the middle of one)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "tests" / "data" / "articles").glob("*.txt"))]
    bodies = []
    for k in range(n):
        parts = [f"Report {k + 1} from the desk."]
        for j in range(repeat):
            parts.append(texts[(k + j) % len(texts)])
        bodies.append("\n\n".join(parts))
    return bodies


def expected_queue_items(article_id: int) -> int:
    """How many of the article's claims a clean run queues (the queueing rule itself, applied once)."""
    from django.conf import settings

    from claims.models import Claim
    from reviewers.services import top_claims_to_queue

    scored = Claim.objects.filter(article_id=article_id).values_list("pk", "article_id", "score")
    return len(top_claims_to_queue(scored, settings.QUEUE_MAX_PER_ARTICLE, settings.QUEUE_SCORE_THRESHOLD))


class TcpProxy:
    """A TCP forwarder to PostgreSQL that a test can cut (every connection dropped, new ones refused
    by closing them at once) and restore: the database "stopped" for the processes behind it only."""

    def __init__(self, target_host: str, target_port: int) -> None:
        import threading

        self.target = (target_host, target_port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.down = False
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import threading

        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.down = True
        with self.lock:
            conns, self.conns = self.conns, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass

    def restore(self) -> None:
        self.down = False

    def close(self) -> None:
        self.closed = True
        self.cut()
        self.listener.close()
