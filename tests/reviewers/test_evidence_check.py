"""The evidence link checker against a local HTTP server: titles, redirects, errors,
timeouts, refused schemes and private addresses."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reviewers import services, tasks
from reviewers.models import EvidenceLink
from tests.factories import EvidenceLinkFactory

pytestmark = [pytest.mark.fault, pytest.mark.django_db]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        path = self.path
        if path == "/ok":
            self._send(200, b"<html><head><title> Official &amp; final\n figures </title></head><body>12</body></html>")
        elif path == "/hop1":
            self._send(301, Location="/hop2")
        elif path == "/hop2":
            self._send(302, Location=f"http://127.0.0.1:{self.server.server_port}/ok")
        elif path == "/loop":
            self._send(302, Location="/loop")
        elif path == "/missing":
            self._send(404, b"<title>Not here</title>")
        elif path == "/slow":
            time.sleep(self.server.slow_seconds)
            self._send(200, b"<title>too late</title>")
        elif path == "/big":
            self._send(200, b"<title>big</title>" + b"x" * (2 * 1024 * 1024))
        elif path == "/pdf":
            self._send(200, b"%PDF-1.4", ctype="application/pdf")
        else:
            self._send(500, b"boom")


@pytest.fixture
def server(settings) -> Iterator[str]:
    settings.EVIDENCE_CHECK_ALLOW_PRIVATE = True
    settings.EVIDENCE_CHECK_TIMEOUT = 0.5
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.slow_seconds = 3
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def check(url: str) -> EvidenceLink:
    link = EvidenceLinkFactory(url=url)
    services.check_evidence_link(link.pk)
    return EvidenceLink.objects.get(pk=link.pk)


def test_reachable_page_records_status_and_title(server):
    link = check(f"{server}/ok")
    assert (link.check_status, link.http_status) == ("ok", 200)
    assert link.page_title == "Official & final figures"
    assert link.final_url == f"{server}/ok"
    assert link.checked_at is not None and link.check_error == ""


def test_redirect_chain_is_followed_to_the_final_url(server):
    link = check(f"{server}/hop1")
    assert (link.check_status, link.http_status, link.final_url) == ("ok", 200, f"{server}/ok")
    assert link.page_title.startswith("Official")


def test_redirect_loop_is_capped(server):
    link = check(f"{server}/loop")
    assert link.check_status == "error" and "redirects" in link.check_error


def test_404_is_broken(server):
    link = check(f"{server}/missing")
    assert (link.check_status, link.http_status) == ("broken", 404)


def test_timeout_is_recorded_not_raised(server):
    link = check(f"{server}/slow")
    assert link.check_status == "error" and "timed out" in link.check_error
    assert link.http_status is None


def test_reads_at_most_256_kb_and_non_html_has_no_title(server):
    assert check(f"{server}/big").page_title == "big"
    pdf = check(f"{server}/pdf")
    assert (pdf.check_status, pdf.page_title) == ("ok", "")


def test_private_addresses_are_refused_by_default(server, settings):
    settings.EVIDENCE_CHECK_ALLOW_PRIVATE = False
    link = check(f"{server}/ok")
    assert link.check_status == "error" and "private" in link.check_error
    assert link.http_status is None


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1/"])
def test_non_http_schemes_are_not_fetched(db, url):
    result = services.fetch_evidence(url)
    assert result.check_status == "error" and "only http and https" in result.check_error


def test_connection_refused(settings):
    settings.EVIDENCE_CHECK_ALLOW_PRIVATE = True
    result = services.fetch_evidence("http://127.0.0.1:1/")
    assert result.check_status == "error"


def test_task_is_idempotent_and_ignores_deleted_links(server):
    link = EvidenceLinkFactory(url=f"{server}/ok")
    assert tasks.check_evidence_link.delay(link.pk).get() == "ok"
    assert tasks.check_evidence_link.delay(link.pk).get() == "ok"
    assert EvidenceLink.objects.get(pk=link.pk).page_title.startswith("Official")
    link.delete()
    assert tasks.check_evidence_link.delay(link.pk).get() is None


def test_saving_a_verdict_checks_new_links_after_commit(server, reviewer, make_item,
                                                       django_capture_on_commit_callbacks):
    make_item()
    a = services.claim_next(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        v = services.save_verdict(claim_id=a.claim_id, user=reviewer, rating="false", rationale="x",
                                  evidence=[{"url": f"{server}/ok"}, {"url": f"{server}/missing"}],
                                  expected_version=None)
    status = dict(v.evidence.values_list("url", "check_status"))
    assert status == {f"{server}/ok": "ok", f"{server}/missing": "broken"}
