"""``/api/claims/``: claims with their verdicts (where the caller may see them) and the rating
filter. On the review side because it shows verdicts; the claim-only API is claims.api."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from claims import review_state
from claims.models import Claim
from factcheck.api import ApiViewMixin
from factcheck.pagination import KeysetPagination

from .filters import ClaimFilter
from .serializers import ClaimSerializer, claim_unread


@extend_schema_view(
    list=extend_schema(summary="List and filter claims"),
    retrieve=extend_schema(summary="One claim"),
)
class ClaimViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ClaimSerializer
    pagination_class = KeysetPagination
    keyset_ordering = ("article_id", "start", "id")  # index claim_article_pos_idx
    filterset_class = ClaimFilter
    action_perms = {"*": ("claims.view_claim",)}

    def get_queryset(self) -> QuerySet[Claim]:
        claims = Claim.objects.select_related("verdict").defer(*claim_unread())
        return review_state.with_review_state(claims).order_by(*self.keyset_ordering)

    def keyset_rows(self, keys: QuerySet) -> QuerySet[Claim]:
        """The page's rows by key (factcheck.pagination.keyset_page's deferred join): the filters
        pick the page's keys on the claims alone, then the verdict and queue item are joined for
        those rows only."""
        return self.get_queryset().filter(pk__in=keys)
