"""REST API: webhook subscriptions and their deliveries (owners see their own; nobody else's endpoints
exist for them: 404), and ``POST /api/lookup/``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.filters import IdFilter
from factcheck.api import ApiViewMixin, HasPerms, PagePagination
from factcheck.filtersets import FilterSet

from . import serializers as s
from . import webhooks
from .lookup import lookup
from .models import WebhookDelivery, WebhookEndpoint
from .selectors import visible_deliveries, visible_endpoints

MANAGE = ("integrations.manage_webhooks",)


@extend_schema_view(
    list=extend_schema(summary="Your webhook subscriptions"),
    retrieve=extend_schema(summary="One webhook subscription"),
    destroy=extend_schema(summary="Unsubscribe (delete the endpoint and its delivery log)"),
)
class WebhookEndpointViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             mixins.DestroyModelMixin, viewsets.GenericViewSet):
    queryset = WebhookEndpoint.objects.none()
    serializer_class = s.WebhookEndpointSerializer
    pagination_class = PagePagination
    action_perms = {"*": MANAGE}

    def get_queryset(self) -> QuerySet[WebhookEndpoint]:
        return visible_endpoints(self.request.user)

    @extend_schema(summary="Subscribe a URL to events; the response carries the signing secret",
                   request=s.WebhookEndpointSerializer, responses={201: s.WebhookEndpointWithSecretSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = s.WebhookEndpointSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        endpoint = webhooks.create_endpoint(owner=request.user, url=d["url"], events=d["events"],
                                            description=d.get("description", ""))
        return Response(s.WebhookEndpointWithSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def _update(self, request: Request, partial: bool) -> Response:
        endpoint = self.get_object()
        form = s.WebhookEndpointSerializer(endpoint, data=request.data, partial=partial)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        endpoint = webhooks.update_endpoint(endpoint.pk, request.user, url=d.get("url"), events=d.get("events"),
                                            description=d.get("description"), is_active=d.get("is_active"))
        return Response(s.WebhookEndpointSerializer(endpoint).data)

    @extend_schema(summary="Change a subscription", request=s.WebhookEndpointSerializer,
                   responses={200: s.WebhookEndpointSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=False)

    @extend_schema(summary="Change some fields of a subscription", request=s.WebhookEndpointSerializer,
                   responses={200: s.WebhookEndpointSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=True)

    def perform_destroy(self, instance: WebhookEndpoint) -> None:
        webhooks.delete_endpoint(instance.pk, self.request.user)

    @extend_schema(summary="The current signing secret", request=None,
                   responses={200: s.WebhookEndpointWithSecretSerializer})
    @action(detail=True, methods=["get"])
    def secret(self, request: Request, pk: str) -> Response:
        return Response(s.WebhookEndpointWithSecretSerializer(self.get_object()).data)

    @extend_schema(summary="Rotate the signing secret (the old one signs too during the grace period)",
                   request=s.RotateSecretSerializer, responses={200: s.WebhookEndpointWithSecretSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret", url_name="rotate-secret")
    def rotate_secret(self, request: Request, pk: str) -> Response:
        endpoint = self.get_object()
        form = s.RotateSecretSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        hours = form.validated_data.get("grace_hours")
        grace = dt.timedelta(hours=hours) if hours is not None else None
        endpoint = webhooks.rotate_secret(endpoint.pk, request.user, grace)
        return Response(s.WebhookEndpointWithSecretSerializer(endpoint).data)

    @extend_schema(summary="Send a test delivery to this endpoint", request=None,
                   responses={202: s.WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def test(self, request: Request, pk: str) -> Response:
        delivery = webhooks.send_test_event(self.get_object().pk, request.user)
        delivery = visible_deliveries(request.user).get(pk=delivery.pk)
        return Response(s.WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveryFilter(FilterSet):
    """``?endpoint=`` and ``?status=``: a bad value is a 400 on the parameter (they were read by hand, a bad
    one ignored, so the whole log came back as if filtered), and the schema lists them."""

    endpoint = IdFilter(field_name="endpoint_id", help_text="One of your endpoints' id.")
    status = django_filters.ChoiceFilter(choices=WebhookDelivery.Status.choices)

    class Meta:
        model = WebhookDelivery
        fields = ["endpoint", "status"]


@extend_schema_view(
    list=extend_schema(summary="The delivery log of your endpoints (newest first)"),
    retrieve=extend_schema(summary="One delivery with its attempts"),
)
class WebhookDeliveryViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    queryset = WebhookDelivery.objects.none()
    serializer_class = s.WebhookDeliverySerializer
    pagination_class = PagePagination
    filterset_class = WebhookDeliveryFilter
    action_perms = {"*": MANAGE}

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        return visible_deliveries(self.request.user)

    @extend_schema(summary="Send this delivery again now (same webhook-id)", request=None,
                   responses={202: s.WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def redeliver(self, request: Request, pk: str) -> Response:
        delivery = self.get_object()
        webhooks.redeliver(delivery.pk, request.user)
        delivery = self.get_queryset().get(pk=delivery.pk)
        return Response(s.WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class LookupView(APIView):
    """Has this been checked? Claims with published verdicts that match a statement."""

    def get_permissions(self) -> list:
        return [HasPerms(("claims.view_claim",))]

    @extend_schema(summary="Has this been checked? Matching claims with published verdicts",
                   request=s.LookupRequestSerializer, responses={200: s.LookupResponseSerializer})
    def post(self, request: Request) -> Response:
        form = s.LookupRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        result = lookup(d["statement"], url=d.get("url") or "", limit=d["limit"])
        return Response(s.LookupResponseSerializer(result, context={"request": request}).data)
