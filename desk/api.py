"""``GET /api/dashboard/agreement/``: the agreement figures of the blind second reviews (as last
computed by the dashboard's periodic refresh), for editors."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api import HasPerms

from . import selectors, services
from .views import VIEW_PERM


class FigureValueSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True, help_text="None when it cannot be computed")
    n = serializers.IntegerField(help_text="claims behind the value")


class AlphaSerializer(serializers.Serializer):
    ordinal = FigureValueSerializer(help_text="Krippendorff's alpha over the true..false scale")
    nominal = FigureValueSerializer(help_text="Krippendorff's alpha over every rating")


class PairSerializer(serializers.Serializer):
    reviewer_a = serializers.CharField()
    reviewer_b = serializers.CharField()
    kappa = FigureValueSerializer(help_text="Cohen's kappa over the claims both rated")


class ReviewerAlphaSerializer(serializers.Serializer):
    reviewer = serializers.CharField()
    alpha = AlphaSerializer()


class PeriodAlphaSerializer(serializers.Serializer):
    period = serializers.DateField(help_text="first day of the month of the second rating")
    alpha = AlphaSerializer()


class AgreementSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField(allow_null=True)
    overall = AlphaSerializer(allow_null=True)
    pairs = PairSerializer(many=True)
    reviewers = ReviewerAlphaSerializer(many=True)
    periods = PeriodAlphaSerializer(many=True)


class AgreementView(APIView):
    def get_permissions(self) -> list:
        return [HasPerms((VIEW_PERM,))]

    @extend_schema(summary="Agreement of the blind second reviews: Cohen's kappa per pair, Krippendorff's alpha "
                           "overall, per reviewer and per month, each with the number of claims behind it",
                   responses={200: AgreementSerializer})
    def get(self, request: Request) -> Response:
        figure = selectors.stored_figure("agreement")
        if figure is None:
            services.refresh_dashboard(["agreement"])  # once, before the first periodic refresh
            figure = selectors.stored_figure("agreement")
        report = dict(figure.data.get("extra", {}).get("agreement") or {}) if figure else {}
        body = {"computed_at": figure.computed_at if figure else None, "overall": report.get("overall"),
                "pairs": report.get("pairs", []), "reviewers": report.get("reviewers", []),
                "periods": report.get("periods", [])}
        return Response(AgreementSerializer(body).data)
