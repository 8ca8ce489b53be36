"""schema.org ClaimReview for a verdict: the one builder behind the public page's embedded JSON-LD,
the per-verdict export, the ClaimReview feed export and the API.

- ``url`` is the fact check's own address: the newsroom CMS article when ``cms_url`` is set, else
  the verdict's public page (``PUBLIC_BASE_URL`` + ``/checks/<slug>/``);
- ``author`` is the organisation from the admin's organisation settings;
- ``reviewRating.ratingValue`` comes from ``settings.VERDICT_SCALE`` (5 = true ... 1 = false, with
  ``bestRating`` 5 and ``worstRating`` 1). Ratings off the true/false axis (``misleading``,
  ``unverifiable``) carry ``alternateName`` only, as schema.org and Google allow;
- ``itemReviewed`` is a ``Claim`` whose ``author`` is the claim's speaker, typed ``Organization``
  when the name looks like an institution (ministry, government, police, an acronym, ...) and
  ``Person`` otherwise (``"Name, title"`` gives ``name`` and ``jobTitle``; two full names joined by
  "and" are two ``Person``s); the writer of an opinion piece speaking in the first person ("Rachel Morgan (I, the
  author)", "I (the author)") is the ``Person`` the byline or the article's author field names; with no speaker
  (or a writer nobody names) the article's outlet; ``appearance`` is the article (with its ``url`` when it has one);
- corrections and retractions appear as ``correction`` (``CorrectionComment`` with text and date)
  and ``dateModified``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings

from claims.findings import WRITER
from reviewers.models import Verdict

from .selectors import Org, canonical_url, organisation

_ORG_WORDS = {
    "ministry", "ministries", "government", "department", "agency", "office", "council", "committee",
    "police", "army", "military", "forces", "officials", "authorities", "bank", "company", "corporation",
    "inc", "ltd", "corp", "university", "party", "commission", "authority", "administration", "organization",
    "organisation", "union", "association", "institute", "court", "parliament", "senate", "congress",
    "kremlin", "pentagon", "newspaper", "group", "coalition", "foundation", "board", "bureau", "service",
    "services", "embassy", "cabinet", "center", "centre", "tv", "press", "news", "radio", "agency's",
}


#: Two people who speak together, as extraction names them ("Dana Whitfield and Carlos Medina"): two full names.
_FULL_NAME = r"[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3}"
_TWO_PEOPLE = re.compile(rf"^(?P<a>{_FULL_NAME})\s+and\s+(?P<b>{_FULL_NAME})$")



def speaker_entity(speaker: str, writer: str = "") -> dict[str, Any] | list[dict[str, Any]] | None:
    """schema.org Person or Organization for a claim's speaker.

    The article's writer speaking in the first person ("Rachel Morgan (I, the author)") is a Person named by the
    byline, else by ``writer`` (the article's author field); None when neither names them ("I (the author)").

    ``"Nikolai Patrushev, head of Russia's Security Council"`` is a Person named by the part before
    the first comma, with the rest as ``jobTitle``; a name with an institution word (ministry,
    council, police, ...) or a lone acronym (NATO) is an Organization. Two full names joined by
    "and" ("Dana Whitfield and Carlos Medina", a joint statement) are two Persons (schema.org allows
    several authors); "Marks and Spencer" (one word each) stays one name.
    """
    if (me := WRITER.match(speaker.strip())) is not None:
        name = me.group("name") or writer.strip()
        return {"@type": "Person", "name": name} if name else None
    two = _TWO_PEOPLE.match(speaker.strip())
    if two and not any(w.lower() in _ORG_WORDS for w in re.findall(r"[\w']+", speaker)):
        return [{"@type": "Person", "name": two.group("a")}, {"@type": "Person", "name": two.group("b")}]
    head, _, rest = (part.strip() for part in speaker.partition(","))
    words = re.findall(r"[\w']+", head)
    is_org = any(w.lower().removesuffix("'s") in _ORG_WORDS for w in words) or (
        len(words) == 1 and len(words[0]) >= 2 and words[0].isupper()
    )
    if is_org:
        return {"@type": "Organization", "name": speaker}
    person: dict[str, Any] = {"@type": "Person", "name": head}
    if rest:
        person["jobTitle"] = rest
    return person


def rating(slug: str) -> dict[str, Any]:
    for s, label, value in settings.VERDICT_SCALE:
        if s == slug:
            if value is None:
                return {"@type": "Rating", "alternateName": label}
            best = max(v for _s, _l, v in settings.VERDICT_SCALE if v is not None)
            worst = min(v for _s, _l, v in settings.VERDICT_SCALE if v is not None)
            return {"@type": "Rating", "ratingValue": value, "bestRating": best, "worstRating": worst,
                    "alternateName": label}
    return {"@type": "Rating", "alternateName": slug}


def _day(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).date().isoformat()


def claimreview(verdict: Verdict, *, context: bool = True, org: Org | None = None) -> dict[str, Any]:
    """schema.org ClaimReview for an approved or published verdict (claim, article, source loaded;
    pass ``org`` when building many, to read the organisation settings once)."""
    claim = verdict.claim
    article = claim.article
    source = article.source
    publisher: dict[str, Any] | None = None
    if source is not None:
        publisher = {"@type": "Organization", "name": source.name}
        if source.homepage:
            publisher["url"] = source.homepage
    author = (speaker_entity(claim.speaker, article.author) if claim.speaker else None) or publisher
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    if publisher:
        appearance["publisher"] = publisher
    item: dict[str, Any] = {"@type": "Claim"}
    if author:
        item["author"] = author
    if article.published:
        item["datePublished"] = article.published.isoformat()
    item["appearance"] = appearance
    decided = verdict.published_at or verdict.approved_at or verdict.updated_at
    out: dict[str, Any] = {}
    if context:
        out["@context"] = "https://schema.org"
    out.update({
        "@type": "ClaimReview",
        "url": canonical_url(verdict),
        "claimReviewed": claim.text,
        "reviewRating": rating(verdict.rating),
        "itemReviewed": item,
        "author": (org or organisation()).as_schema(),
        "datePublished": _day(decided),
    })
    corrections = list(verdict.corrections.all()) if verdict.pk else []
    if corrections:
        out["dateModified"] = _day(corrections[-1].created_at)
        out["correction"] = [
            {"@type": "CorrectionComment", "text": f"{c.get_kind_display()}: {c.note}",
             "datePublished": _day(c.created_at)}
            for c in corrections
        ]
    return out
