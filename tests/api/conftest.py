"""API test helpers: token clients per persona, a clean throttle cache for every test."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _clear_throttle_cache() -> None:
    cache.clear()


@pytest.fixture
def client_for(db) -> Callable[..., APIClient]:
    """An API client authenticated with the user's token (or anonymous for ``None``)."""

    def make(user=None) -> APIClient:
        api = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return make


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]
