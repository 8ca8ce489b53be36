"""Every answer under /api/ is JSON, also where no API view answers (a misspelt endpoint, an id
that is not a number: Django's HTML 404 page), and a write to a URL missing its slash is
redirected with 308 (method and body kept), not 301: clients follow a 301 with a GET, so
``POST /api/articles`` created nothing and answered 200 with the article list."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from claims.models import Article
from tests.api.conftest import error_of

pytestmark = pytest.mark.django_db

BODY = {"title": "Jobs", "body": "The minister said unemployment fell to 4.1 percent in March.", "source": "Wire"}


@pytest.mark.parametrize("url", ["/api/nope/", "/api/claims/abc/", "/api/articles/1/nope/",
                                 "/api/exports/claimreview/x/"])
def test_no_such_api_url_is_a_json_404(editor, client_for, url):
    resp = client_for(editor).get(url)
    assert resp.status_code == 404
    assert resp["Content-Type"] == "application/json"
    assert error_of(resp)["code"] == "not_found"
    assert "/api/docs/" in error_of(resp)["message"]


def test_no_such_page_outside_the_api_is_still_the_html_page(client, editor):
    client.force_login(editor)
    resp = client.get("/no-such-page/")
    assert resp.status_code == 404 and resp["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_missing_its_slash_is_redirected_keeping_the_method(editor, client_for, method):
    api = client_for(editor)
    resp = getattr(api, method)("/api/articles?x=1", data=json.dumps(BODY), content_type="application/json")
    assert resp.status_code == 308
    assert resp["Location"] == "/api/articles/?x=1"
    assert not Article.objects.exists()  # nothing done at the wrong URL; the client repeats the POST there


def test_following_the_redirect_creates_the_article(editor, client_for):
    api = client_for(editor)
    resp = api.post("/api/articles", data=json.dumps(BODY), content_type="application/json", follow=True)
    assert resp.status_code == 202, resp.content
    assert Article.objects.get().title == "Jobs"


def test_a_read_missing_its_slash_is_still_a_301(editor, client_for):
    resp = client_for(editor).get("/api/claims?page_size=1")
    assert resp.status_code == 301 and resp["Location"] == "/api/claims/?page_size=1"


def test_a_disallowed_host_under_the_api_is_a_json_400(editor, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    resp = Client(HTTP_HOST="evil.example").get("/api/claims/")
    assert resp.status_code == 400
    assert resp["Content-Type"] == "application/json"
    assert error_of(resp)["code"] == "bad_request"
