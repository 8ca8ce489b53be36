"""The Idempotency-Key header is documented in /api/schema/ on exactly the writes that honour it."""

from __future__ import annotations

import pytest
import yaml

pytestmark = pytest.mark.django_db

IDEMPOTENT = {("/api/articles/", "post"), ("/api/verdicts/", "post"), ("/api/verdicts/{id}/submit/", "post"),
              ("/api/verdicts/{id}/publish/", "post"),
              # blind second review: a round written or submitted, an adjudication
              ("/api/independent-reviews/", "post"), ("/api/independent-reviews/{id}/submit/", "post"),
              ("/api/adjudications/{claim}/adjudicate/", "post")}


def _header_params(op: dict) -> list[dict]:
    return [p for p in op.get("parameters", []) if p.get("in") == "header" and p["name"] == "Idempotency-Key"]


def test_schema_documents_the_idempotency_key_on_the_idempotent_endpoints(client):
    resp = client.get("/api/schema/")
    assert resp.status_code == 200
    schema = yaml.safe_load(resp.content)
    documented = set()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            params = _header_params(op)
            if params:
                documented.add((path, method))
                (param,) = params
                assert not param.get("required", False)
                assert param["schema"]["type"] == "string"
                assert "422" in param["description"] and "409" in param["description"]
    assert documented == IDEMPOTENT
    # the view's own documentation is still there beside the header
    article_post = schema["paths"]["/api/articles/"]["post"]
    assert set(article_post["responses"]) >= {"200", "202"}
    assert schema["paths"]["/api/verdicts/{id}/submit/"]["post"]["summary"] == "Submit the verdict to the editors"
