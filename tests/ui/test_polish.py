"""Production polish without a browser: self-hosted API docs, styled error pages, favicon, LICENSE."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

from factcheck.urls import urlpatterns as real_urlpatterns

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db
ASSET = re.compile(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']')


def _boom(request):
    raise RuntimeError("kaboom")


urlpatterns = [path("boom/", _boom), *real_urlpatterns]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_load_only_same_host_assets(client, url):
    resp = client.get(url)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "cdn.jsdelivr" not in html and "@latest" not in html and "fonts.googleapis" not in html
    assets = ASSET.findall(html)
    assert any(a.endswith(".js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), f"{url} loads {asset} from outside the app"
        assert client.get(asset).status_code == 200, asset
    assert not re.search(r"https?://", html), "the page names another host"


def test_redoc_page_forbids_images_from_other_hosts(client):
    assert "img-src 'self'" in client.get("/api/redoc/")["Content-Security-Policy"]


def test_404_is_styled_not_the_debug_page(client):
    resp = client.get("/no-such-page/")
    assert resp.status_code == 404
    html = resp.content.decode()
    assert "<h1>Page not found</h1>" in html and "/static/css/app.css" in html
    assert "URLconf" not in html and "api/schema" not in html


def test_403_is_styled(client, reviewer):
    client.force_login(reviewer)
    resp = client.get("/articles/new/")
    assert resp.status_code == 403
    assert "<h1>Not allowed</h1>" in resp.content.decode()


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_is_styled_and_needs_no_request_context():
    resp = Client(raise_request_exception=False).get("/boom/")
    assert resp.status_code == 500
    html = resp.content.decode()
    assert "<h1>Something went wrong</h1>" in html and "kaboom" not in html and "Traceback" not in html


def test_favicon(client):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/accounts/login/").content.decode()
    resp = client.get("/favicon.ico")
    assert resp.status_code == 301 and resp["Location"].endswith("/static/favicon.svg")
    assert client.get("/static/favicon.svg").status_code == 200


def test_licence_is_osi_and_named_in_readme():
    assert (REPO / "LICENSE").read_text().startswith("MIT License")
    assert "MIT: see `LICENSE`" in (REPO / "README.md").read_text()
