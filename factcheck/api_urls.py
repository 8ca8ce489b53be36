"""Everything under /api/. Apps register their routers here."""

import os

from django.http import JsonResponse
from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims.api import ArticleViewSet, ClaimGroupViewSet, SourceViewSet
from desk.api import AgreementView
from exports.api import (
    ClaimReviewView,
    ExportClaimReviewFeedView,
    ExportCsvView,
    ExportJobViewSet,
    ExportJsonLinesView,
    ExportJsonView,
)
from integrations.api import LookupView, WebhookDeliveryViewSet, WebhookEndpointViewSet
from reviewers.claim_api import ClaimViewSet
from reviewers.queue_api import AssignmentViewSet, QueueViewSet
from reviewers.second_review_api import AdjudicationViewSet, IndependentReviewViewSet, SecondReviewRuleViewSet
from reviewers.verdict_api import VerdictViewSet


class SelfHostedRedocView(SpectacularRedocView):
    """ReDoc from our static files. Its bundle hard-codes one image from cdn.redoc.ly (the "API docs
    by Redocly" logo); the CSP keeps the browser from fetching it (ReDoc then drops the image)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = "img-src 'self' data:; font-src 'self' data:; connect-src 'self'"
        return response


router = DefaultRouter()
router.include_root_view = False
router.register("sources", SourceViewSet, basename="api-source")
router.register("articles", ArticleViewSet, basename="api-article")
router.register("claims", ClaimViewSet, basename="api-claim")
router.register("claim-groups", ClaimGroupViewSet, basename="api-claimgroup")
router.register("queue", QueueViewSet, basename="api-queue")
router.register("assignments", AssignmentViewSet, basename="api-assignment")
router.register("verdicts", VerdictViewSet, basename="api-verdict")
router.register("second-review-rules", SecondReviewRuleViewSet, basename="api-secondreviewrule")
router.register("independent-reviews", IndependentReviewViewSet, basename="api-independentreview")
router.register("adjudications", AdjudicationViewSet, basename="api-adjudication")
router.register("export-jobs", ExportJobViewSet, basename="api-exportjob")
router.register("webhooks", WebhookEndpointViewSet, basename="api-webhook")
router.register("webhook-deliveries", WebhookDeliveryViewSet, basename="api-webhookdelivery")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SelfHostedRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("exports/claimreview/<int:pk>/", ClaimReviewView.as_view(), name="api-export-claimreview"),
    path("lookup/", LookupView.as_view(), name="api-lookup"),
    path("dashboard/agreement/", AgreementView.as_view(), name="api-dashboard-agreement"),
    path("exports/csv/", ExportCsvView.as_view(), name="api-export-csv"),
    path("exports/json/", ExportJsonView.as_view(), name="api-export-json"),
    path("exports/jsonl/", ExportJsonLinesView.as_view(), name="api-export-jsonl"),
    path("exports/claimreview/", ExportClaimReviewFeedView.as_view(), name="api-export-claimreview-feed"),
    path("", include(router.urls)),
]

if os.environ.get("BENCH_TRIVIAL_VIEW") == "1":  # bench/bench_claim_next_api.py only; off by default
    from django.views.decorators.csrf import csrf_exempt

    @csrf_exempt
    def _bench_trivial(request):  # pragma: no cover - benchmark baseline
        return JsonResponse({"ok": True})

    urlpatterns.append(path("bench/trivial/", _bench_trivial))
