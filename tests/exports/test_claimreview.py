"""schema.org ClaimReview for a published verdict on a seed claim, field by field."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from claims.models import Article, Claim
from publishing.claimreview import speaker_entity
from tests.factories import decided_verdict

pytestmark = pytest.mark.django_db

PUBLISHED_AT = dt.datetime(2017, 12, 4, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def seed_claims(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", stdout=open("/dev/null", "w"))
    assert Claim.objects.count() > 0, "seed extraction produced no claims"
    article = Article.objects.get(title__startswith="Russia preparing to withdraw")
    Article.objects.filter(pk=article.pk).update(url="https://www.presstv.ir/Detail/2017/11/30/544130")
    return article


def _patrushev_claim(article: Article) -> Claim:
    claim = article.claims.filter(text__contains="preparing").order_by("start").first()
    assert claim is not None, [c.text for c in article.claims.all()]
    assert article.body[claim.start:claim.end]  # a real span of the seed text
    return claim


def test_claimreview_of_a_published_verdict_on_a_seed_claim(seed_claims, editor, client):
    claim = _patrushev_claim(seed_claims)
    assert claim.speaker.startswith("Nikolai Patrushev")
    verdict = decided_verdict("published", claim=claim, rating="mostly-true", editor=editor, when=PUBLISHED_AT)
    client.force_login(editor)
    resp = client.get(f"/exports/claimreview/{verdict.pk}.jsonld")
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/ld+json"
    data = json.loads(resp.content)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.text
    assert data["url"] == f"{settings.PUBLIC_BASE_URL}/exports/claimreview/{verdict.pk}.jsonld"
    assert data["datePublished"] == "2017-12-04"
    assert data["author"] == {"@type": "Organization", "name": settings.CLAIMREVIEW_AUTHOR["name"],
                              "url": settings.CLAIMREVIEW_AUTHOR["url"]}
    assert data["reviewRating"] == {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1,
                                    "alternateName": "Mostly true"}
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Nikolai Patrushev",
                              "jobTitle": "head of Russia's Security Council"}
    assert item["datePublished"] == "2017-11-30"
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://www.presstv.ir/Detail/2017/11/30/544130",
        "headline": "Russia preparing to withdraw military contingent from Syria: Patrushev",
        "datePublished": "2017-11-30",
        "publisher": {"@type": "Organization", "name": "Press TV", "url": "https://www.presstv.ir"},
    }
    assert set(data) == {"@context", "@type", "claimReviewed", "url", "datePublished", "author", "reviewRating",
                         "itemReviewed"}
    # the API serves the same document
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    assert api.get(f"/api/exports/claimreview/{verdict.pk}/").json() == data


def test_organisation_speaker_and_off_scale_rating(seed_claims, editor, client):
    claim = Claim.objects.filter(speaker__contains="Defense Ministry").first()
    assert claim is not None
    verdict = decided_verdict("approved", claim=claim, rating="misleading")
    client.force_login(editor)
    data = json.loads(client.get(f"/exports/claimreview/{verdict.pk}.jsonld").content)
    assert data["itemReviewed"]["author"] == {"@type": "Organization", "name": claim.speaker}
    # misleading has no place on the 1..5 scale: alternateName only
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading"}
    assert data["datePublished"] == verdict.approved_at.date().isoformat()  # approved, not yet published


def test_feed_holds_one_claimreview_per_decided_verdict(seed_claims, editor, client):
    claims = list(seed_claims.claims.order_by("start")[:3])
    published = decided_verdict("published", claim=claims[0], rating="false")
    approved = decided_verdict("approved", claim=claims[1], rating="true")
    decided_verdict("submitted", claim=claims[2], rating="true")
    client.force_login(editor)
    resp = client.get("/exports/claimreview/feed.jsonld")
    feed = json.loads(b"".join(resp.streaming_content))
    assert feed["@context"] == "https://schema.org"
    assert [g["url"].rsplit("/", 1)[1] for g in feed["@graph"]] == [f"{published.pk}.jsonld", f"{approved.pk}.jsonld"]
    assert all(g["@type"] == "ClaimReview" and "@context" not in g for g in feed["@graph"])
    assert feed["@graph"][0]["reviewRating"]["ratingValue"] == 1


def test_two_people_speaking_together_are_two_authors():
    # extraction names a joint statement's speakers "A B and C D" (tests/extraction/test_probes_fourth_round.py)
    assert speaker_entity("Dana Whitfield and Carlos Medina") == [
        {"@type": "Person", "name": "Dana Whitfield"}, {"@type": "Person", "name": "Carlos Medina"}]
    assert speaker_entity("Marks and Spencer") == {"@type": "Person", "name": "Marks and Spencer"}
    assert speaker_entity("Ministry of Health and Social Care")["@type"] == "Organization"


def test_the_writer_in_the_first_person_is_the_person_the_byline_names():
    # extraction's writer of an op-ed (claims.extraction.voices): "NAME (I, the author)", or "I (the author)"
    assert speaker_entity("Rachel Morgan (I, the author)") == {"@type": "Person", "name": "Rachel Morgan"}
    assert speaker_entity("I (the author)", "Tom Quill") == {"@type": "Person", "name": "Tom Quill"}
    assert speaker_entity("I (the author)") is None  # nobody named: the claim's author falls back to the outlet


def test_a_claimreview_of_the_writers_own_claim_names_the_writer_or_the_outlet():
    from publishing.claimreview import claimreview
    from tests.factories import ArticleFactory, ClaimFactory

    signed = ClaimFactory(article=ArticleFactory(author="Tom Quill"), speaker="I (the author)")
    item = claimreview(decided_verdict("published", claim=signed))["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Tom Quill"}
    unsigned = ClaimFactory(speaker="I (the author)")
    item = claimreview(decided_verdict("published", claim=unsigned))["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": unsigned.article.source.name}
