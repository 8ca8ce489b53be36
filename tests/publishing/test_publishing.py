"""Publishing: public verdict pages with ClaimReview JSON-LD, the index and feeds, corrections and
retractions, ``public_url`` in the API, organisation settings as ClaimReview ``author``."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from publishing.models import Organisation
from reviewers import services
from reviewers.models import Verdict
from reviewers.publication import correct_verdict, retract_verdict
from reviewers.services import InvalidInput, NotAllowed
from tests.factories import ArticleFactory, ClaimFactory, EvidenceLinkFactory, decided_verdict

pytestmark = pytest.mark.django_db
JSONLD = re.compile(r'<script type="application/ld\+json" id="claimreview-jsonld">(.*?)</script>', re.S)


@pytest.fixture
def org(db):
    return Organisation.objects.create(name="Desk Verify", url="https://verify.example.net",
                                       logo_url="https://verify.example.net/logo.png")


@pytest.fixture
def approved(db, reviewer):
    article = ArticleFactory(title="Bus fleet grows", url="https://news.example.org/buses",
                             body="The mayor said 40 new buses were bought in 2024. Others disagree.")
    claim = ClaimFactory(article=article, speaker="Jane Doe, mayor of Springfield", status="approved")
    verdict = decided_verdict("approved", claim=claim, reviewer=reviewer, rating="mostly-false",
                              rationale="The fleet register lists 28 buses.")
    EvidenceLinkFactory(verdict=verdict, title="Fleet register", quote="28 buses delivered in 2024")
    return verdict


def _jsonld(html: str) -> dict:
    match = JSONLD.search(html)
    assert match, "no ClaimReview JSON-LD on the page"
    return json.loads(match.group(1))


def test_publishing_gives_a_public_page_with_claimreview(client, approved, editor, org):
    api = APIClient()
    api.force_authenticate(editor)
    assert api.get(f"/api/verdicts/{approved.pk}/").json()["public_url"] is None

    verdict = services.publish_verdict(approved.pk, editor)
    assert verdict.public_slug == f"the-mayor-said-40-new-buses-were-bought-in-2024-{verdict.pk}"
    path = f"/checks/{verdict.public_slug}/"
    page_url = settings.PUBLIC_BASE_URL.rstrip("/") + path
    assert api.get(f"/api/verdicts/{approved.pk}/").json()["public_url"] == page_url

    resp = client.get(path)  # logged out
    assert resp.status_code == 200
    html = resp.content.decode()
    for text in ("The mayor said 40 new buses were bought in 2024.", "Jane Doe, mayor of Springfield",
                 "Bus fleet grows", "Mostly false", "The fleet register lists 28 buses.",
                 "28 buses delivered in 2024", "Desk Verify", f'<link rel="canonical" href="{page_url}">'):
        assert text in html, text
    data = _jsonld(html)
    assert data["@type"] == "ClaimReview" and data["@context"] == "https://schema.org"
    assert data["url"] == page_url
    assert data["claimReviewed"] == "The mayor said 40 new buses were bought in 2024."
    assert data["reviewRating"] == {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
                                    "alternateName": "Mostly false"}
    assert data["author"] == {"@type": "Organization", "name": "Desk Verify", "url": "https://verify.example.net",
                              "logo": {"@type": "ImageObject", "url": "https://verify.example.net/logo.png"}}
    assert data["datePublished"] == verdict.published_at.date().isoformat()
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Jane Doe", "jobTitle": "mayor of Springfield"}
    assert item["datePublished"] == approved.claim.article.published.isoformat()
    assert item["appearance"]["url"] == "https://news.example.org/buses"
    assert "correction" not in data

    # the editor-only export is built by the same function and says the same
    client.force_login(editor)
    assert json.loads(client.get(f"/exports/claimreview/{verdict.pk}.jsonld").content) == data
    # the slug is fixed: publishing cannot run twice, and a later claim edit does not move the page
    with pytest.raises(InvalidInput):
        services.publish_verdict(verdict.pk, editor)
    verdict.claim.text = "Something else entirely"
    verdict.claim.save()
    assert Verdict.objects.get(pk=verdict.pk).public_slug == verdict.public_slug


def test_cms_url_is_the_claimreview_url_when_set(client, approved, editor):
    verdict = services.publish_verdict(approved.pk, editor, cms_url="https://cms.example.net/checks/buses")
    html = client.get(f"/checks/{verdict.public_slug}/").content.decode()
    data = _jsonld(html)
    assert data["url"] == "https://cms.example.net/checks/buses"
    # the page names the same address as its canonical one: it said "I am the fact check" while its
    # ClaimReview said the CMS article is, so search engines saw two pages claiming the one check
    assert '<link rel="canonical" href="https://cms.example.net/checks/buses">' in html
    assert html.count('rel="canonical"') == 1
    with pytest.raises(InvalidInput):
        services.publish_verdict(decided_verdict("approved").pk, editor, cms_url="javascript:alert(1)")


def test_without_organisation_settings_the_environment_stands_in(client, approved, editor):
    verdict = services.publish_verdict(approved.pk, editor)
    data = _jsonld(client.get(f"/checks/{verdict.public_slug}/").content.decode())
    assert data["author"] == {"@type": "Organization", **{k: settings.CLAIMREVIEW_AUTHOR[k] for k in ("name", "url")}}


def test_only_published_verdicts_are_public(client, approved, editor):
    decided_verdict("submitted")
    assert client.get(f"/checks/anything-{approved.pk}/").status_code == 404
    assert "Nothing has been published yet." in client.get("/checks/").content.decode()
    verdict = services.publish_verdict(approved.pk, editor)
    index = client.get("/checks/").content.decode()
    assert f'href="/checks/{verdict.public_slug}/"' in index and index.count("<li class=\"card\">") == 1


def test_claim_text_cannot_break_out_of_the_jsonld_script(client, editor, reviewer):
    text = 'He said "</script><script>alert(1)</script>" & left.'
    claim = ClaimFactory(article=ArticleFactory(body=text), end=len(text), text=text)
    verdict = services.publish_verdict(decided_verdict("approved", claim=claim, reviewer=reviewer).pk, editor)
    html = client.get(f"/checks/{verdict.public_slug}/").content.decode()
    assert "<script>alert(1)" not in html
    assert _jsonld(html)["claimReviewed"] == text


def test_correction_shows_on_page_jsonld_feed_and_history(client, approved, editor):
    verdict = services.publish_verdict(approved.pk, editor)
    correction = correct_verdict(verdict.pk, editor, "The register was updated: 31 buses, not 28.",
                                 rating="half-true", rationale="The fleet register lists 31 buses.")
    path = f"/checks/{verdict.public_slug}/"
    html = client.get(path).content.decode()
    assert "The register was updated: 31 buses, not 28." in html and "Half true" in html
    assert f"updated <time datetime=\"{correction.created_at.isoformat()}\">" in html
    data = _jsonld(html)
    assert data["reviewRating"]["alternateName"] == "Half true"
    assert data["correction"] == [{"@type": "CorrectionComment",
                                   "text": "Correction: The register was updated: 31 buses, not 28.",
                                   "datePublished": correction.created_at.date().isoformat()}]
    assert data["dateModified"] == correction.created_at.date().isoformat()
    ratings = list(Verdict.history.filter(id=verdict.pk).order_by("history_date").values_list(
        "rating", "history_change_reason"))
    assert ("mostly-false", "published") in ratings and ("half-true", "corrected") in ratings
    rss = client.get("/checks/feed.rss")
    item = ET.fromstring(rss.content).find("channel/item")
    assert item.findtext("title").startswith("[Corrected] Half true: The mayor said")
    assert "31 buses, not 28" in item.findtext("description")
    assert item.findtext("link").endswith(path)


def test_retraction_keeps_the_page_with_a_notice(client, approved, editor):
    verdict = services.publish_verdict(approved.pk, editor)
    retract_verdict(verdict.pk, editor, "The claim was misattributed; we withdraw this check.")
    html = client.get(f"/checks/{verdict.public_slug}/").content.decode()
    assert 'id="retraction"' in html and "we withdraw this check" in html
    assert _jsonld(html)["correction"][0]["text"].startswith("Retraction: The claim was misattributed")
    atom = ET.fromstring(client.get("/checks/feed.atom").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("a:entry/a:title", ns).text.startswith("[Retracted] Mostly false")
    with pytest.raises(InvalidInput):
        correct_verdict(verdict.pk, editor, "again")
    with pytest.raises(InvalidInput):
        retract_verdict(verdict.pk, editor, "twice")


def test_a_correction_needs_a_note_and_a_published_verdict(approved, editor):
    with pytest.raises(InvalidInput, match="published"):
        correct_verdict(approved.pk, editor, "Too early.")
    verdict = services.publish_verdict(approved.pk, editor)
    with pytest.raises(InvalidInput) as err:
        correct_verdict(verdict.pk, editor, "  ", rating="nonsense")
    assert set(err.value.errors) == {"note", "rating"}


@pytest.mark.authz
def test_who_may_correct(client, approved, editor, reviewer, outsider):
    verdict = services.publish_verdict(approved.pk, editor)
    url = f"/review/verdicts/{verdict.pk}/correct/"
    for user in (reviewer, outsider):
        with pytest.raises(NotAllowed):
            correct_verdict(verdict.pk, user, "No.")
        client.force_login(user)
        assert client.post(url, {"note": "No."}).status_code == 403
    api = APIClient()
    api.force_authenticate(reviewer)
    assert api.post(f"/api/verdicts/{verdict.pk}/correct/", {"note": "No."}, format="json").status_code in (403, 404)
    client.force_login(editor)
    resp = client.post(url, {"note": "Typo in the rationale fixed.", "version": verdict.version})
    assert resp.status_code == 302
    assert verdict.corrections.get().note == "Typo in the rationale fixed."
    api.force_authenticate(editor)
    resp = api.post(f"/api/verdicts/{verdict.pk}/correct/", {"kind": "retraction", "note": "Withdrawn."},
                    format="json")
    assert resp.status_code == 200 and resp.json()["retracted_at"]
    assert Verdict.objects.get(pk=verdict.pk).corrections.count() == 2


def test_cms_url_given_after_publication_becomes_the_claimreview_url(client, approved, editor):
    from reviewers.publication import set_cms_url

    with pytest.raises(InvalidInput, match="when publishing"):
        set_cms_url(approved.pk, editor, "https://cms.example.net/checks/buses")
    verdict = services.publish_verdict(approved.pk, editor)
    public = verdict.public_url
    page = f"/checks/{verdict.public_slug}/"
    client.force_login(editor)
    html = client.get(f"/review/verdicts/{verdict.pk}/").content.decode()
    assert 'id="cms-url-form"' in html and 'value=""' in html

    resp = client.post(f"/review/verdicts/{verdict.pk}/cms-url/", {"cms_url": "https://cms.example.net/checks/buses"},
                       follow=True)
    assert "ClaimReview url is now https://cms.example.net/checks/buses." in resp.content.decode()
    assert _jsonld(client.get(page).content.decode())["url"] == "https://cms.example.net/checks/buses"
    with pytest.raises(InvalidInput) as err:
        set_cms_url(verdict.pk, editor, "javascript:alert(1)")
    assert set(err.value.errors) == {"cms_url"}

    api = APIClient()
    api.force_authenticate(editor)
    resp = api.post(f"/api/verdicts/{verdict.pk}/cms-url/", {"cms_url": ""}, format="json")
    assert resp.status_code == 200 and resp.json()["cms_url"] == "" and resp.json()["public_url"] == public
    assert _jsonld(client.get(page).content.decode())["url"] == public
    reasons = list(Verdict.objects.get(pk=verdict.pk).history.values_list("history_change_reason", "cms_url")[:2])
    assert reasons == [("CMS address cleared", ""), ("CMS address set", "https://cms.example.net/checks/buses")]


@pytest.mark.authz
def test_who_may_set_the_cms_url(client, approved, editor, reviewer, outsider):
    from reviewers.publication import set_cms_url

    verdict = services.publish_verdict(approved.pk, editor)
    url = f"/review/verdicts/{verdict.pk}/cms-url/"
    api = APIClient()
    for user in (reviewer, outsider):
        with pytest.raises(NotAllowed):
            set_cms_url(verdict.pk, user, "https://cms.example.net/x")
        client.force_login(user)
        assert client.post(url, {"cms_url": "https://cms.example.net/x"}).status_code == 403
        api.force_authenticate(user)
        assert api.post(f"/api/verdicts/{verdict.pk}/cms-url/", {"cms_url": "https://cms.example.net/x"},
                        format="json").status_code in (403, 404)
    assert Verdict.objects.get(pk=verdict.pk).cms_url == ""
    client.logout()
    assert client.post(url, {"cms_url": "https://cms.example.net/x"})["Location"].startswith("/accounts/login/")
    client.force_login(editor)
    assert client.post(url, {"cms_url": "https://cms.example.net/x"}).status_code == 302
    assert Verdict.objects.get(pk=verdict.pk).cms_url == "https://cms.example.net/x"


def test_feeds_link_to_the_public_site(client, approved, editor, settings):
    """The feeds' item links, channel link and self link were built from the request's host while the
    guid (and the pages' ClaimReview url) used PUBLIC_BASE_URL: on another port or behind a proxy a
    reader's link and the guid named two different addresses (found walking the demo on :8766)."""
    settings.PUBLIC_BASE_URL = "https://checks.example.org/"
    verdict = services.publish_verdict(approved.pk, editor)
    page = f"https://checks.example.org/checks/{verdict.public_slug}/"
    channel = ET.fromstring(client.get("/checks/feed.rss").content).find("channel")
    assert channel.findtext("link") == "https://checks.example.org/checks/"
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == "https://checks.example.org/checks/feed.rss"
    assert channel.findtext("item/link") == page == channel.findtext("item/guid")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    atom = ET.fromstring(client.get("/checks/feed.atom").content)
    assert atom.find("a:link[@rel='self']", ns).get("href") == "https://checks.example.org/checks/feed.atom"
    assert atom.find("a:entry/a:link", ns).get("href") == page
    assert "testserver" not in client.get("/checks/feed.rss").content.decode()


@pytest.mark.parametrize("version", ["abc", "-1", "1.5"])
def test_a_damaged_version_is_refused_not_a_skipped_conflict_check(client, approved, editor, reviewer, version):
    """The forms send the version they were loaded at; a tampered one skipped the edit-conflict check."""
    client.force_login(editor)
    resp = client.post(f"/review/verdicts/{approved.pk}/approve/", {"version": version}, follow=True)
    assert "version is damaged" in resp.content.decode()
    assert Verdict.objects.get(pk=approved.pk).status == "approved" and approved.version == Verdict.objects.get(
        pk=approved.pk).version
    verdict = services.publish_verdict(approved.pk, editor)
    resp = client.post(f"/review/verdicts/{verdict.pk}/correct/", {"note": "Typo fixed.", "version": version},
                       follow=True)
    assert "version is damaged" in resp.content.decode() and not verdict.corrections.exists()
    resp = client.post(f"/review/verdicts/{verdict.pk}/correct/", {"note": "Typo fixed.",
                                                                    "version": verdict.version})
    assert resp.status_code == 302 and verdict.corrections.count() == 1


def test_public_pages_and_health_answer_head_requests(client, approved, editor):
    """HEAD is how link checkers, CMS link validators, uptime monitors and some crawlers ask whether an
    address is there: the public check page, the index and /health/ answered 405 Method Not Allowed
    (``require_GET``), so a published check's ClaimReview url looked broken. Now as GET, without a body;
    a write is still refused."""
    verdict = services.publish_verdict(approved.pk, editor)
    for path in (f"/checks/{verdict.public_slug}/", "/checks/", "/checks/feed.rss", "/health/"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"", path
        assert head["Content-Type"] == got["Content-Type"], path
    assert client.head("/checks/no-such-check-1/").status_code == 404
    assert client.post(f"/checks/{verdict.public_slug}/").status_code == 405
    assert client.post("/health/").status_code == 405


def test_a_repeated_correction_is_recorded_once(client, approved, editor):
    """An API client retrying POST .../correct/ after a timeout (the version is optional there), or a
    double click, published the same correction twice: two identical notes on the public page, in the
    JSON-LD and the feed, and two verdict.corrected webhooks. The same note again, changing nothing, is
    the correction already made; a new note is a new correction."""
    verdict = services.publish_verdict(approved.pk, editor)
    api = APIClient()
    api.force_authenticate(editor)
    body = {"note": "The register was updated: 30 buses, not 28.", "rating": "false"}
    answers = [api.post(f"/api/verdicts/{verdict.pk}/correct/", body, format="json") for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json()["version"] == answers[1].json()["version"]
    assert verdict.corrections.count() == 1
    html = client.get(f"/checks/{verdict.public_slug}/").content.decode()
    assert html.count('class="correction-note correction"') == 1
    assert len(_jsonld(html)["correction"]) == 1
    correct_verdict(verdict.pk, editor, "A second source was added.")
    correct_verdict(verdict.pk, editor, "The register was updated: 30 buses, not 28.", rating="mostly-false")
    assert verdict.corrections.count() == 3  # a new note, or the same note with a change, is recorded


def test_an_editor_is_told_when_the_public_address_names_this_machine(client, approved, editor, settings):
    """PUBLIC_BASE_URL defaults to http://localhost:8000 (docker-compose too): a desk that deployed
    without setting it published checks whose page links, ClaimReview url and feeds pointed at
    localhost, and nothing said so. The verdict page now warns the editor, before and after
    publishing; not when the workbench itself runs on this machine, nor with a real address."""
    settings.ALLOWED_HOSTS = ["desk.example.org", "localhost", "testserver"]
    settings.PUBLIC_BASE_URL = "http://localhost:8000"
    client.force_login(editor)
    url = f"/review/verdicts/{approved.pk}/"
    warning = 'id="public-address-warning"'
    assert warning in client.get(url, HTTP_HOST="desk.example.org").content.decode()
    services.publish_verdict(approved.pk, editor)
    html = client.get(url, HTTP_HOST="desk.example.org").content.decode()
    assert warning in html and "PUBLIC_BASE_URL is http://localhost:8000" in html
    assert warning not in client.get(url, HTTP_HOST="localhost:8000").content.decode()
    settings.PUBLIC_BASE_URL = "https://checks.example.org"
    assert warning not in client.get(url, HTTP_HOST="desk.example.org").content.decode()


def test_a_refused_correction_gives_back_what_the_editor_typed_once(client, approved, editor):
    """The correct-or-retract form redirected to the verdict page with the error and an empty form: a
    long note for readers had to be written again (factcheck.form_drafts)."""
    verdict = services.publish_verdict(approved.pk, editor)
    client.force_login(editor)
    note = "The register we cited was revised on 3 March: 31 buses, not 28. <b>bold</b>"
    resp = client.post(f"/review/verdicts/{verdict.pk}/correct/",
                       {"note": note, "kind": "retraction", "rating": "false", "rationale": "New count.",
                        "version": verdict.version - 1}, follow=True)  # stale: someone corrected it first
    html = resp.content.decode()
    assert not verdict.corrections.exists()
    assert ">The register we cited was revised on 3 March: 31 buses, not 28. &lt;b&gt;bold&lt;/b&gt;</textarea>" in html
    assert 'value="retraction" checked' in html and 'value="correction" checked' not in html
    assert '<option value="false" selected>' in html and ">New count.</textarea>" in html
    again = client.get(f"/review/verdicts/{verdict.pk}/").content.decode()  # read once
    assert "31 buses" not in again and 'value="correction" checked' in again
