"""The evidence link checker: fetch a page over HTTP(S) with a bounded size, time and number of
redirects, refusing private and local addresses (checked on the connected socket), and read its title.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from html import unescape
from http import client as http_client
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from reviewers.models import EvidenceLink

EVIDENCE_MAX_BYTES = 256 * 1024


EVIDENCE_MAX_REDIRECTS = 5


class Refused(Exception):
    pass


def address_allowed(ip: str) -> bool:
    if settings.EVIDENCE_CHECK_ALLOW_PRIVATE:
        return True
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


class CheckedHTTPConnection(http_client.HTTPConnection):
    """Refuses to talk to private addresses, checked on the connected socket (so a DNS answer
    that changes between a check and the connect cannot sneak through)."""

    def connect(self) -> None:
        super().connect()
        verify_peer(self.sock)


class CheckedHTTPSConnection(http_client.HTTPSConnection):
    def connect(self) -> None:
        # HTTPSConnection.connect = TCP connect + TLS wrap; check the peer before the wrap.
        http_client.HTTPConnection.connect(self)
        verify_peer(self.sock)
        server_hostname = self.host
        self.sock = self._context.wrap_socket(self.sock, server_hostname=server_hostname)


def verify_peer(sock: socket.socket) -> None:
    ip = sock.getpeername()[0]
    if not address_allowed(ip):
        sock.close()
        raise Refused(f"refused to fetch a private or local address ({ip})")


class TitleParser:
    _re = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)

    @classmethod
    def title(cls, body: bytes, charset: str | None) -> str:
        m = cls._re.search(body)
        if not m:
            return ""
        raw = m.group(1)
        for enc in filter(None, [charset, "utf-8", "latin-1"]):
            try:
                text = raw.decode(enc)
                break
            except (LookupError, UnicodeDecodeError):
                continue
        return " ".join(unescape(text).split())[:500]


@dataclass
class CheckResult:
    check_status: str
    http_status: int | None = None
    final_url: str = ""
    page_title: str = ""
    check_error: str = ""


def fetch_evidence(url: str) -> CheckResult:
    """GET ``url`` following at most a few redirects, reading at most 256 KB, with the
    configured timeout per socket operation and an overall deadline."""
    timeout = float(settings.EVIDENCE_CHECK_TIMEOUT)
    deadline = time.monotonic() + 3 * timeout
    current = url
    for _hop in range(EVIDENCE_MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000],
                               check_error=f"only http and https links are checked (got {scheme or 'no'} scheme)")
        try:
            port = parts.port
        except ValueError:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000], check_error="bad port")
        if scheme == "https":
            conn: http_client.HTTPConnection = CheckedHTTPSConnection(
                parts.hostname, port, timeout=timeout, context=ssl.create_default_context())
        else:
            conn = CheckedHTTPConnection(parts.hostname, port, timeout=timeout)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            conn.request("GET", path, headers={
                "User-Agent": "factcheck-workbench-evidence-checker/1.0",
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            })
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308) and resp.getheader("Location"):
                current = urljoin(current, resp.getheader("Location", ""))
                conn.close()
                continue
            body = b""
            while len(body) < EVIDENCE_MAX_BYTES:
                if time.monotonic() > deadline:
                    raise TimeoutError("the page took too long to arrive")
                chunk = resp.read(min(16384, EVIDENCE_MAX_BYTES - len(body)))
                if not chunk:
                    break
                body += chunk
            ctype = resp.getheader("Content-Type", "") or ""
            charset = None
            m = re.search(r"charset=([\w.-]+)", ctype, re.IGNORECASE)
            if m:
                charset = m.group(1)
            title = TitleParser.title(body, charset) if "html" in ctype.lower() or b"<title" in body[:4096].lower() \
                else ""
            status = EvidenceLink.CheckStatus.OK if 200 <= resp.status < 400 else EvidenceLink.CheckStatus.BROKEN
            return CheckResult(status, http_status=resp.status, final_url=current[:2000], page_title=title,
                               check_error="" if status == EvidenceLink.CheckStatus.OK else f"HTTP {resp.status}")
        except Refused as exc:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000], check_error=str(exc))
        except TimeoutError:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000],
                               check_error=f"timed out after {timeout:g} s")
        except (OSError, http_client.HTTPException, ValueError) as exc:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000],
                               check_error=f"{type(exc).__name__}: {exc}"[:500])
        finally:
            conn.close()
        if time.monotonic() > deadline:
            break
    return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000],
                       check_error=f"more than {EVIDENCE_MAX_REDIRECTS} redirects")
