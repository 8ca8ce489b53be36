"""Ingest through the web form: pasted text, uploads, and bad input that loses nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article

pytestmark = pytest.mark.django_db

BODY = "The ministry said 1,200 schools were rebuilt in 2023. Officials added that 40% of roads reopened."


def test_editor_pastes_an_article(client, editor):
    client.force_login(editor)
    resp = client.post(reverse("article-ingest"), {"title": "Schools", "source": "Wire", "body": BODY,
                                                   "published": "2024-01-05"})
    article = Article.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("article-detail", args=[article.pk])
    assert article.body == BODY and article.source.name == "Wire" and str(article.published) == "2024-01-05"


def test_same_text_twice_is_stored_once(client, editor):
    client.force_login(editor)
    for _ in range(2):
        client.post(reverse("article-ingest"), {"title": "Schools", "body": BODY})
    assert Article.objects.count() == 1


def test_html_upload_drops_scripts(client, editor):
    client.force_login(editor)
    html = b"<html><head><script>alert('x')</script></head><body><p>" + BODY.encode() + b"</p></body></html>"
    client.post(reverse("article-ingest"), {"title": "H", "file": SimpleUploadedFile("a.html", html, "text/html")})
    article = Article.objects.get()
    assert "alert" not in article.body and "1,200 schools" in article.body


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"\xff\xfe\x00bad", "binary"),
        (b"caf\xe9 au lait, 12 people", "not valid UTF-8"),
    ],
)
def test_bad_uploads_get_a_clear_error_and_store_nothing(client, editor, payload, message):
    client.force_login(editor)
    resp = client.post(reverse("article-ingest"), {"title": "x", "file": SimpleUploadedFile("a.txt", payload)})
    assert resp.status_code == 400
    assert message in resp.content.decode()
    assert Article.objects.count() == 0


def test_empty_text_and_bad_url_are_refused(client, editor):
    client.force_login(editor)
    resp = client.post(reverse("article-ingest"), {"title": "x", "body": "   "})
    assert resp.status_code == 400 and "Paste the article text" in resp.content.decode()
    resp = client.post(reverse("article-ingest"), {"title": "x", "body": BODY, "url": "javascript:alert(1)"})
    assert resp.status_code == 400 and Article.objects.count() == 0


def test_hostile_html_in_body_is_escaped_on_the_article_page(client, editor):
    client.force_login(editor)
    client.post(reverse("article-ingest"), {"title": "<b>t</b>", "body": "<script>alert(1)</script> " + BODY})
    page = client.get(reverse("article-detail", args=[Article.objects.get().pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.authz
def test_only_editors_may_ingest(client, editor, reviewer, outsider):
    client.force_login(editor)
    assert client.get(reverse("article-ingest")).status_code == 200
    for persona in (reviewer, outsider):
        client.force_login(persona)
        assert client.post(reverse("article-ingest"), {"title": "x", "body": BODY}).status_code == 403
    client.logout()
    assert client.get(reverse("article-ingest")).status_code == 302
    assert Article.objects.count() == 0


def test_pasted_html_is_read_as_html(client, editor):
    """HTML pasted from a page's source: the tags were stored as text, the title was "<p>..." and
    extraction found no claim in it (found walking the product as an editor)."""
    client.force_login(editor)
    resp = client.post(reverse("article-ingest"), {"body": f"<h1>Schools rebuilt</h1>\n<p>{BODY}</p>"})
    article = Article.objects.get()
    assert resp.status_code == 302
    assert article.title == "Schools rebuilt"
    assert article.body == "Schools rebuilt\n\n" + BODY


def test_pasted_text_with_angle_brackets_stays_as_typed(client, editor):
    client.force_login(editor)
    body = "<b>Note</b> the ministry said 1,200 schools were rebuilt in 2023 and 3 < 4."
    client.post(reverse("article-ingest"), {"title": "t", "body": body})
    assert Article.objects.get().body == body


@pytest.mark.parametrize("name, payload", [("a.html", b"<html><body><script>var x = 1;</script></body></html>"),
                                           ("a.txt", b"  \n\n  ")])
def test_an_upload_without_text_is_a_file_error(client, editor, name, payload):
    """An HTML file with only a script was told "Paste the article text or upload a file." under the
    text box, though a file was uploaded."""
    client.force_login(editor)
    resp = client.post(reverse("article-ingest"), {"title": "x", "file": SimpleUploadedFile(name, payload)})
    html = resp.content.decode()
    assert resp.status_code == 400 and "The file has no article text." in html
    assert "Paste the article text" not in html
    assert Article.objects.count() == 0


def test_text_over_the_form_limit_says_so(client, editor, settings):
    """Text over DATA_UPLOAD_MAX_MEMORY_SIZE (12 MB: 5M characters of CJK text in UTF-8 pass the
    article's character limit and not this one) got the generic "The request could not be understood"."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    client.force_login(editor)
    resp = client.post(reverse("article-ingest"), {"title": "long", "body": "word " * 500_000})
    html = resp.content.decode()
    assert resp.status_code == 413
    assert "more than 2 MB of text" in html and "upload it" in html
    assert "could not be understood" not in html
    assert Article.objects.count() == 0
    # other bad requests keep the usual page
    assert client.get("/", HTTP_HOST="bad host").status_code == 400
