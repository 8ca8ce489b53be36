"""django-filter filter sets for the claims API (the verdict rating filter: reviewers.filters)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from factcheck.filtersets import FilterSet

from . import review_state, selectors
from .models import Article, Claim

MAX_INT = 2**63 - 1


class IdFilter(django_filters.Filter):
    """An integer id; values outside BIGINT are rejected with 400 rather than reaching the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_INT)
        super().__init__(*args, **kwargs)


class ArticleFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=Article.Status.choices)
    source = IdFilter(field_name="source_id")
    published_from = django_filters.DateFilter(field_name="published", lookup_expr="gte")
    published_to = django_filters.DateFilter(field_name="published", lookup_expr="lte")

    class Meta:
        model = Article
        fields = ["status", "source", "published_from", "published_to"]


class ClaimFilter(FilterSet):
    article = IdFilter(field_name="article_id", help_text="Article id.")
    group = IdFilter(field_name="group_id", help_text="Claim group id.")
    status = django_filters.ChoiceFilter(
        choices=Claim.Status.choices, method="filter_status",
        help_text="Review state (claims.review_state): in_review includes claims a reviewer holds.")
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices)
    speaker = django_filters.CharFilter(field_name="speaker", lookup_expr="icontains", max_length=300)
    score_min = django_filters.NumberFilter(field_name="score", lookup_expr="gte", min_value=-1e9, max_value=1e9)
    score_max = django_filters.NumberFilter(field_name="score", lookup_expr="lte", min_value=-1e9, max_value=1e9)
    published_from = django_filters.DateFilter(field_name="article__published", lookup_expr="gte",
                                               help_text="Article published on or after (YYYY-MM-DD).")
    published_to = django_filters.DateFilter(field_name="article__published", lookup_expr="lte",
                                             help_text="Article published on or before (YYYY-MM-DD).")
    q = django_filters.CharFilter(
        method="filter_q", max_length=500,
        help_text='Full-text query over the claim text, sentence and speaker (websearch syntax: "a phrase", '
                  "-word, or; English stemming; 470000 matches 470,000).")

    class Meta:
        model = Claim
        fields = ["article", "group", "status", "kind", "speaker", "score_min", "score_max",
                  "published_from", "published_to", "q"]

    def filter_status(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        if self.form.cleaned_data.get("q"):
            return queryset  # with words, search_claims applies the state too (filter_q): one query shape
        return review_state.filter_state(queryset, value)

    def filter_q(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return selectors.search_claims(value, qs=queryset, status=self.form.cleaned_data.get("status") or None)
