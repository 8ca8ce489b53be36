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


DATED = ("The minister said on Monday that unemployment fell to 4 percent last year. "
         "Yesterday the council approved 2,000 homes; next year it builds 3,000.")


@pytest.mark.parametrize("published, why", [("0001-01-01", "not plausible"), ("1799-12-31", "not plausible"),
                                            ("9999-12-31", "in the future"), ("2999-01-01", "in the future")])
def test_an_implausible_publication_date_is_refused_everywhere(client, editor, published, why):
    """Extraction counts 'last year' and 'next year' from the publication date: an article dated 0001 or 9999
    made it compute year 0 or 10000 (ValueError), a 500 on POST /api/articles/ (eager extraction) or a failed
    extraction in a worker. Now a 400 on the field, in the form, the API and the ingest command."""
    from datetime import date, timedelta

    from django.core.management import CommandError, call_command
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    client.force_login(editor)
    resp = client.post(reverse("article-ingest"), {"title": "Jobs", "body": DATED, "published": published})
    assert resp.status_code == 400 and why in resp.content.decode()
    token = Token.objects.get_or_create(user=editor)[0].key
    resp = client.post("/api/articles/", {"title": "Jobs", "body": DATED, "published": published},
                       content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
    assert resp.status_code == 400 and list(resp.json()["error"]["fields"]) == ["published"]
    assert why in resp.json()["error"]["message"]
    with pytest.raises(CommandError):  # the command reports it and exits non-zero
        call_command("ingest", __file__, "--published", published)
    assert Article.objects.count() == 0
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()  # a desk ahead of the server's zone
    for ok in ("1800-01-01", str(date(2016, 3, 15)), tomorrow):
        resp = client.post("/api/articles/", {"title": ok, "body": f"{DATED} ({ok})", "published": ok},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}")
        assert resp.status_code == 202, resp.content


def test_pasted_text_and_a_file_together_are_refused_not_half_ignored(client, editor):
    """The form took the file and dropped the pasted text without a word (the API refuses both); now
    it says so, stores nothing, and the pasted text is still in the form."""
    client.force_login(editor)
    other = b"The mayor said 300 new buses would arrive in 2026."
    resp = client.post(reverse("article-ingest"), {"title": "Schools", "body": BODY,
                                                   "file": SimpleUploadedFile("a.txt", other)})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "Paste the text or upload a file, not both" in html
    assert "1,200 schools were rebuilt" in html  # nothing typed is lost
    assert Article.objects.count() == 0


def test_the_same_text_again_says_what_it_entered_was_not_used(client, editor, tmp_path, capsys):
    """A desk that forgot the date pastes the article again with it: it was told 'This article was
    stored before; here it is.' and the date was dropped without a word (the stored article keeps its
    own). Now the answer names what was not used and where to change it; a paste that only repeats
    the text (its title from the first line) warns of nothing."""
    from django.core.management import call_command

    client.force_login(editor)
    client.post(reverse("article-ingest"), {"body": BODY, "source": "Wire"})
    resp = client.post(reverse("article-ingest"), {"body": BODY, "source": "Wire", "published": "2024-01-05",
                                                   "url": "https://wire.example.org/schools"}, follow=True)
    html = resp.content.decode()
    assert "This article was stored before; here it is." in html
    assert "what you entered for its URL and date was not used" in html
    article = Article.objects.get()
    assert article.published is None and article.url == ""  # as stored first
    resp = client.post(reverse("article-ingest"), {"body": BODY, "source": "Wire"}, follow=True)
    assert "was not used" not in resp.content.decode()
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    call_command("ingest", str(path), "--published", "2024-01-05")
    assert "already stored (its own date kept" in capsys.readouterr().out
