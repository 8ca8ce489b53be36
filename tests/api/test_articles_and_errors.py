"""Articles over the API (JSON and upload, 202 + job URL, duplicates) and the error format."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Article
from tests.api.conftest import error_of
from tests.conftest import REPO

pytestmark = pytest.mark.django_db
BODY = "Officials said 41 people were hurt on Monday. The ministry announced 7 new schools in 2024."


def test_post_article_json_is_202_with_a_job_url_and_extraction_runs(editor, client_for,
                                                                     django_capture_on_commit_callbacks):
    api = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resp = api.post("/api/articles/", {"title": "Hurt", "body": BODY, "source": "Daily", "published": "2024-03-01",
                                           "url": "https://daily.example/a"}, format="json")
    assert resp.status_code == 202, resp.content
    data = resp.json()
    assert data["status"] == "pending"
    assert resp["Location"] == data["job"]
    assert data["job"].endswith(f"/api/articles/{data['id']}/")
    assert "body" not in data
    assert len(callbacks) >= 1  # extraction was queued on commit
    polled = api.get(data["job"]).json()
    assert polled["status"] == "extracted"
    assert polled["body"] == BODY
    assert polled["source"] == "Daily"
    assert Article.objects.get(pk=data["id"]).created_by == editor


def test_duplicate_body_returns_200_with_the_existing_article(editor, client_for):
    api = client_for(editor)
    first = api.post("/api/articles/", {"title": "One", "body": BODY}, format="json")
    again = api.post("/api/articles/", {"title": "Other title", "body": "  " + BODY + "\n"}, format="json")
    assert first.status_code == 202
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["title"] == "One"


def test_multipart_upload_of_a_seed_file(editor, client_for):
    raw = (REPO / "seeds" / "syria-shaaban-russian-withdrawal.txt").read_bytes()
    upload = SimpleUploadedFile("shaaban.txt", raw, content_type="text/plain")
    resp = client_for(editor).post("/api/articles/", {"title": "Shaaban", "file": upload, "source": "Press TV"},
                                   format="multipart")
    assert resp.status_code == 202, resp.content
    article = Article.objects.get(pk=resp.json()["id"])
    assert article.body == raw.decode("utf-8")


def test_html_upload_becomes_text(editor, client_for):
    upload = SimpleUploadedFile("a.html", b"<html><body><p>The mayor said 12 roads closed.</p><script>x()</script>"
                                          b"</body></html>", content_type="text/html")
    resp = client_for(editor).post("/api/articles/", {"file": upload}, format="multipart")
    assert resp.status_code == 202
    article = Article.objects.get(pk=resp.json()["id"])
    assert "The mayor said 12 roads closed." in article.body and "x()" not in article.body
    assert article.title.startswith("The mayor said")


def test_upload_of_invalid_utf8_is_400_naming_the_file_field(editor, client_for):
    upload = SimpleUploadedFile("latin1.txt", "Café says 3 things.".encode("latin-1"), content_type="text/plain")
    resp = client_for(editor).post("/api/articles/", {"title": "x", "file": upload}, format="multipart")
    assert resp.status_code == 400
    err = error_of(resp)
    assert err["code"] == "invalid"
    assert "UTF-8" in err["fields"]["file"][0]
    assert not Article.objects.exists()


def test_binary_upload_is_400(editor, client_for):
    upload = SimpleUploadedFile("x.bin", b"\x00\x01\x02abc", content_type="application/octet-stream")
    resp = client_for(editor).post("/api/articles/", {"title": "x", "file": upload}, format="multipart")
    assert resp.status_code == 400
    assert "file" in error_of(resp)["fields"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "t", "body": BODY, "colour": "red"}, "colour"),  # unknown field
        ({"title": "t", "body": BODY, "published": "2024-02-30"}, "published"),  # bad date
        ({"title": "t", "body": BODY, "published": 20240201}, "published"),  # wrong type
        ({"title": "t", "body": BODY, "url": "not a url"}, "url"),  # invalid URL
        ({"title": "t", "body": BODY, "url": "ftp://files.example/a"}, "url"),  # not http(s)
        ({"title": ["a", "list"], "body": BODY}, "title"),  # wrong type
        ({"title": "t", "body": ""}, "body"),  # empty
        ({"title": "t", "body": "nul\x00byte"}, "body"),
        ({"title": "x" * 501, "body": BODY}, "title"),
    ],
)
def test_bad_input_is_400_with_the_field_named(editor, client_for, payload, field):
    resp = client_for(editor).post("/api/articles/", payload, format="json")
    assert resp.status_code == 400, resp.content
    err = error_of(resp)
    assert field in err["fields"], err
    assert err["code"] == "invalid"


def test_malformed_json_and_non_object_json_are_400(editor, client_for):
    api = client_for(editor)
    resp = api.post("/api/articles/", data='{"title": ', content_type="application/json")
    assert resp.status_code == 400
    assert error_of(resp)["code"] == "parse_error"
    resp = api.post("/api/articles/", data=json.dumps(["a", "b"]), content_type="application/json")
    assert resp.status_code == 400
    error_of(resp)
    resp = api.post("/api/articles/", data=b'{"title": "\xff\xfe"}', content_type="application/json")
    assert resp.status_code == 400
    assert error_of(resp)["code"] == "parse_error"


def test_oversize_body_is_413(editor, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    resp = client_for(editor).post("/api/articles/", {"title": "big", "body": "word " * 1000}, format="json")
    assert resp.status_code == 413
    assert error_of(resp)["code"] == "request_too_large"
    upload = SimpleUploadedFile("big.txt", b"word " * 1000, content_type="text/plain")
    resp = client_for(editor).post("/api/articles/", {"title": "big", "file": upload}, format="multipart")
    assert resp.status_code == 413


def test_unsupported_media_type_and_method_are_4xx_with_error_body(editor, client_for):
    api = client_for(editor)
    resp = api.post("/api/articles/", data="title=x", content_type="text/plain")
    assert resp.status_code == 415
    assert error_of(resp)["code"] == "unsupported_media_type"
    resp = api.delete("/api/articles/")
    assert resp.status_code == 405
    assert error_of(resp)["code"] == "method_not_allowed"


def test_not_found_and_not_authenticated_bodies(editor, client_for):
    resp = client_for(editor).get("/api/articles/999999/")
    assert resp.status_code == 404
    assert error_of(resp)["code"] == "not_found"
    resp = client_for(None).get("/api/articles/")
    assert resp.status_code == 401
    assert error_of(resp)["code"] == "not_authenticated"
    resp = client_for(editor).get("/api/articles/99999999999999999999999/")
    assert resp.status_code == 404


@pytest.mark.parametrize("query", ["score_min=abc", "published_from=2024-13-45", "kind=poem", "article=-3",
                                   "article=999999999999999999999999", "status=nope", "rating=awful"])
def test_bad_filter_values_are_400(reviewer, client_for, query):
    resp = client_for(reviewer).get(f"/api/claims/?{query}")
    assert resp.status_code == 400, resp.content
    assert error_of(resp)["fields"]


def test_token_and_session_auth_both_work(editor, client):
    client.force_login(editor)
    assert client.get("/api/sources/").status_code == 200
