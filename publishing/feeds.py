"""RSS 2.0 and Atom feeds of the published checks (django.contrib.syndication). A corrected or
retracted check says so in its title and description, and its ``updated`` date moves."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from reviewers.models import Verdict

from . import selectors

FEED_ITEMS = 50


def _public(path: str) -> str:
    """``path`` on the public site (PUBLIC_BASE_URL), as the items' guids and the pages' ClaimReview
    url are: links built from the request's host pointed elsewhere behind a proxy or on another port."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


class PublishedChecksFeed(Feed):
    description_template = None
    url_name = "public-checks-rss"

    def feed_url(self) -> str:
        return _public(reverse(self.url_name))

    def title(self) -> str:
        return f"{selectors.organisation().name}: fact checks"

    def link(self) -> str:
        return _public(reverse("public-checks"))

    def description(self) -> str:
        return "Claims checked and published, newest first, with corrections."

    def items(self) -> list[Verdict]:
        return list(selectors.published_checks()[:FEED_ITEMS])

    def item_title(self, item: Verdict) -> str:
        prefix = "[Retracted] " if item.retracted_at else ("[Corrected] " if item.corrections.all() else "")
        return f"{prefix}{item.get_rating_display()}: {item.claim.text}"

    def item_description(self, item: Verdict) -> str:
        parts = []
        for c in item.corrections.all():
            parts.append(f"{c.get_kind_display()} ({c.created_at:%Y-%m-%d}): {c.note}")
        parts.append(item.rationale)
        return "\n\n".join(parts)

    def item_link(self, item: Verdict) -> str:
        return selectors.public_page_url(item) or self.link()

    def item_guid(self, item: Verdict) -> str:
        return selectors.public_page_url(item) or str(item.pk)

    item_guid_is_permalink = True

    def item_pubdate(self, item: Verdict):
        return item.published_at

    def item_updateddate(self, item: Verdict):
        corrections = list(item.corrections.all())
        return corrections[-1].created_at if corrections else item.published_at

    def item_author_name(self, item: Verdict) -> str:
        return selectors.organisation().name


class PublishedChecksAtomFeed(PublishedChecksFeed):
    feed_type = Atom1Feed
    url_name = "public-checks-atom"
    subtitle = PublishedChecksFeed.description
