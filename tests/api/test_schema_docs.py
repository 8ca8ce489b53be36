"""The OpenAPI schema documents every endpoint without warnings; Swagger UI is served."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/sources/", "/api/sources/{id}/", "/api/articles/", "/api/articles/{id}/", "/api/claims/",
    "/api/claims/{id}/", "/api/claim-groups/", "/api/claim-groups/{id}/", "/api/queue/", "/api/queue/{id}/",
    "/api/queue/next/", "/api/queue/{id}/priority/", "/api/queue/{id}/remove/", "/api/queue/{id}/reassign/",
    "/api/assignments/", "/api/assignments/{id}/", "/api/assignments/{id}/release/", "/api/assignments/{id}/skip/",
    "/api/verdicts/", "/api/verdicts/{id}/", "/api/verdicts/{id}/submit/", "/api/verdicts/{id}/approve/",
    "/api/verdicts/{id}/return/", "/api/verdicts/{id}/publish/", "/api/exports/csv/", "/api/exports/json/",
    "/api/exports/jsonl/", "/api/exports/claimreview/", "/api/exports/claimreview/{id}/", "/api/export-jobs/",
    "/api/export-jobs/{id}/", "/api/export-jobs/{id}/download/",
}


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert EXPECTED_PATHS <= set(schema["paths"])
    article_post = schema["paths"]["/api/articles/"]["post"]
    assert set(article_post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert set(article_post["responses"]) >= {"200", "202"}
    assert set(schema["paths"]["/api/queue/next/"]["post"]["responses"]) >= {"200", "204"}
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert op.get("summary") or op.get("description"), f"{method.upper()} {path} is undocumented"
            assert op["responses"], f"{method.upper()} {path} has no documented response"


def test_swagger_ui_and_schema_are_served(client):
    assert client.get("/api/docs/").status_code == 200
    resp = client.get("/api/schema/")
    assert resp.status_code == 200
    assert b"openapi: 3" in resp.content


def test_every_operation_documents_the_error_body(client, editor, tmp_path):
    """The schema described the successful answers only; every error (400 ... 503) has one body, now the
    ``Error`` component, the ``default`` response of every operation. Real error answers match it."""
    import jsonschema
    from rest_framework.authtoken.models import Token

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    error = schema["components"]["schemas"]["Error"]
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            ref = op["responses"]["default"]["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/Error", f"{method.upper()} {path}"
    token = Token.objects.create(user=editor).key
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    answers = [
        client.get("/api/claims/"),  # 401
        client.get("/api/claims/?cursor=xyz", **auth),  # 400 on a parameter
        client.post("/api/articles/", "{bad", content_type="application/json", **auth),  # 400 parse error
        client.post("/api/articles/", {"title": "t", "bogus": 1}, content_type="application/json", **auth),
        client.get("/api/claims/999999/", **auth),  # 404
        client.delete("/api/articles/1/", **auth),  # 405
        client.get("/api/exports/csv/?status=bogus", **auth),
    ]
    assert sorted({a.status_code for a in answers}) == [400, 401, 404, 405]
    for answer in answers:
        jsonschema.validate(answer.json(), error)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"detail": "Not found."}, error)  # DRF's own shape would not pass


def _json_schema(openapi: object) -> object:
    """OpenAPI 3.0's ``nullable`` as JSON Schema's type list (for jsonschema.validate)."""
    if isinstance(openapi, dict):
        out = {k: _json_schema(v) for k, v in openapi.items() if k != "nullable"}
        if openapi.get("nullable") and "type" in openapi:
            out["type"] = [openapi["type"], "null"]
        return out
    if isinstance(openapi, list):
        return [_json_schema(v) for v in openapi]
    return openapi


def test_a_claims_numbers_and_dates_are_typed_in_the_schema(client, reviewer, tmp_path):
    """``quantities`` and ``dates`` were untyped ({"readOnly": true}): a client could not tell their shape.
    Real claims (extracted from the seed article, an undated one too) match the documented items."""
    import datetime as dt

    import jsonschema
    from rest_framework.authtoken.models import Token

    from claims.models import Article
    from claims.services import run_extraction

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    claim = yaml.safe_load(out.read_text())["components"]["schemas"]["Claim"]["properties"]
    assert claim["quantities"]["type"] == "array" and "value" in claim["quantities"]["items"]["properties"]
    assert claim["dates"]["type"] == "array" and claim["dates"]["items"]["properties"]["value"]["nullable"]
    body = ("The ministry said on Monday that 1,204 people were treated, up 12 percent from last year, and "
            "that nearly half of the 3 million euros was spent by March 2024.")
    for published in (dt.date(2024, 5, 7), None):
        article = Article.objects.create(title="Health", body=f"{body} ({published or 'undated'})",
                                         published=published)
        run_extraction(article.pk)
    token = Token.objects.create(user=reviewer).key
    rows = client.get("/api/claims/", HTTP_AUTHORIZATION=f"Token {token}").json()["results"]
    assert rows and any(r["quantities"] for r in rows) and any(d["value"] is None for r in rows for d in r["dates"])
    for row in rows:
        jsonschema.validate(row["quantities"], _json_schema(claim["quantities"]))
        jsonschema.validate(row["dates"], _json_schema(claim["dates"]))
