"""The claims API's filters with the review side's one: a verdict's rating (as the caller may see it)."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.db.models import QuerySet

from claims.filters import ClaimFilter as BaseClaimFilter
from claims.models import Claim

from .visibility import rated_claims

RATING_CHOICES = [(slug, label) for slug, label, _value in settings.VERDICT_SCALE]


class ClaimFilter(BaseClaimFilter):
    rating = django_filters.ChoiceFilter(
        choices=RATING_CHOICES, method="filter_rating",
        help_text="Rating of the claim's verdict (only verdicts the caller may see).",
    )

    class Meta(BaseClaimFilter.Meta):
        fields = [*BaseClaimFilter.Meta.fields, "rating"]

    def filter_rating(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return rated_claims(queryset, value, getattr(self.request, "user", None))
