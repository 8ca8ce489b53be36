"""Export formats and filters, and that drafts/submitted/returned verdicts never leak into any export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.files.storage import default_storage  # noqa: F401  (MEDIA_ROOT is overridden per test)
from rest_framework.test import APIClient

from exports.models import ExportJob
from exports.selectors import EXPORT_HEADERS
from reviewers.models import Verdict
from tests.factories import ArticleFactory, ClaimFactory, EvidenceLinkFactory, SourceFactory, decided_verdict

pytestmark = pytest.mark.django_db
HIDDEN = ("draft", "submitted", "returned")
SHOWN = ("approved", "published")


def _body(resp) -> bytes:
    assert resp.status_code == 200, getattr(resp, "content", b"")[:500]
    return b"".join(resp.streaming_content) if resp.streaming else resp.content


@pytest.fixture
def every_status(reviewer):
    """One verdict in each status; claim texts and rationales carry a marker naming the status."""
    made = {}
    for status in HIDDEN + SHOWN:
        article = ArticleFactory(body=f"MARK-{status}-CLAIM said 12 things happened on Monday.", url="")
        claim = ClaimFactory(article=article)
        v = decided_verdict(status, claim=claim, reviewer=reviewer, rationale=f"MARK-{status}-RATIONALE",
                            rating="false")
        EvidenceLinkFactory(verdict=v, url=f"https://evidence.example/MARK-{status}-EVIDENCE")
        made[status] = v
    return made


def _assert_only_decided(blob: bytes | str) -> None:
    text = blob.decode("utf-8") if isinstance(blob, bytes) else blob
    for status in HIDDEN:
        assert f"MARK-{status}-" not in text, f"a {status} verdict leaked"
    for status in SHOWN:
        assert f"MARK-{status}-CLAIM" in text, f"the {status} verdict is missing"


@pytest.fixture
def editor_api(editor) -> APIClient:
    api = APIClient()
    api.force_authenticate(editor)
    return api


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "claimreview"])
def test_no_leaks_web_and_api(fmt, every_status, editor, client, editor_api):
    client.force_login(editor)
    _assert_only_decided(_body(client.get(f"/exports/download/{fmt}/")))
    _assert_only_decided(_body(editor_api.get(f"/api/exports/{fmt}/")))


def test_no_leaks_with_filters_asking_for_hidden_statuses(every_status, editor, client, editor_api):
    client.force_login(editor)
    for status in HIDDEN:
        assert client.get(f"/exports/download/csv/?status={status}").status_code == 400
        resp = editor_api.get(f"/api/exports/json/?status={status}")
        assert resp.status_code == 400
        assert "status" in resp.json()["error"]["fields"]


def test_no_leaks_in_claimreview_detail_report_and_jobs(every_status, editor, client, editor_api, media,
                                                        django_capture_on_commit_callbacks):
    client.force_login(editor)
    for status, verdict in every_status.items():
        code = client.get(f"/exports/claimreview/{verdict.pk}.jsonld").status_code
        api_code = editor_api.get(f"/api/exports/claimreview/{verdict.pk}/").status_code
        assert (code, api_code) == ((200, 200) if status in SHOWN else (404, 404)), status
    report = client.get("/exports/report/")
    _assert_only_decided(report.content)
    for status in SHOWN:
        assert f"MARK-{status}-RATIONALE" in report.content.decode()
        assert f"MARK-{status}-EVIDENCE" in report.content.decode()
    for fmt in ("csv", "json", "jsonl", "claimreview"):
        with django_capture_on_commit_callbacks(execute=True):
            resp = editor_api.post("/api/export-jobs/", {"format": fmt}, format="json")
        assert resp.status_code == 202, resp.content
        job = editor_api.get(f"/api/export-jobs/{resp.json()['id']}/").json()
        assert job["status"] == "done", job
        _assert_only_decided(_body(editor_api.get(job["download"])))


def test_csv_columns_and_values(every_status, editor, client):
    approved = every_status["approved"]
    client.force_login(editor)
    rows = list(csv.reader(io.StringIO(_body(client.get("/exports/download/csv/")).decode())))
    assert rows[0] == EXPORT_HEADERS
    by_id = {int(r[0]): dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert set(by_id) == {every_status["approved"].pk, every_status["published"].pk}
    row = by_id[approved.pk]
    assert row["claim_id"] == str(approved.claim_id)
    assert row["rating"] == "false" and row["rating_label"] == "False" and row["rating_value"] == "1"
    assert row["status"] == "approved"
    assert row["published_at"] == ""  # NULL
    assert row["approved_at"].endswith("+00") and row["approved_at"][:10] == approved.approved_at.date().isoformat()
    assert row["reviewer"] == approved.reviewer.username
    assert row["source"] == approved.claim.article.source.name


def test_json_and_jsonl_carry_evidence(every_status, editor_api):
    items = json.loads(_body(editor_api.get("/api/exports/json/")))
    lines = [json.loads(line) for line in _body(editor_api.get("/api/exports/jsonl/")).decode().splitlines()]
    assert items == lines
    assert [i["verdict_id"] for i in items] == sorted(v.pk for s, v in every_status.items() if s in SHOWN)
    assert items[0]["evidence"][0]["url"].startswith("https://evidence.example/MARK-approved")
    assert items[0]["approved_at"].endswith("Z")


def test_empty_exports_are_valid_documents(editor_api):
    assert json.loads(_body(editor_api.get("/api/exports/json/"))) == []
    assert _body(editor_api.get("/api/exports/jsonl/")) == b""
    assert json.loads(_body(editor_api.get("/api/exports/claimreview/")))["@graph"] == []
    assert _body(editor_api.get("/api/exports/csv/")).decode().strip() == ",".join(EXPORT_HEADERS)


def test_filters(editor_api, reviewer, reviewer2):
    src_a, src_b = SourceFactory(name="Alpha"), SourceFactory(name="Beta")
    art_a = ArticleFactory(source=src_a)
    art_b = ArticleFactory(source=src_b)
    v1 = decided_verdict("published", claim=ClaimFactory(article=art_a), reviewer=reviewer, rating="false",
                         when=dt.datetime(2024, 1, 10, 12, tzinfo=dt.UTC))
    v2 = decided_verdict("approved", claim=ClaimFactory(article=art_b), reviewer=reviewer2, rating="true",
                         when=dt.datetime(2024, 3, 5, 12, tzinfo=dt.UTC))
    v3 = decided_verdict("published", claim=ClaimFactory(article=art_b), reviewer=reviewer, rating="true",
                         when=dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC))

    def ids(query: str) -> list[int]:
        resp = editor_api.get(f"/api/exports/json/?{query}")
        return [i["verdict_id"] for i in json.loads(_body(resp))]

    assert ids("") == [v1.pk, v2.pk, v3.pk]
    assert ids("rating=true") == [v2.pk, v3.pk]
    assert ids(f"article={art_b.pk}") == [v2.pk, v3.pk]
    assert ids(f"source={src_a.pk}") == [v1.pk]
    assert ids(f"reviewer={reviewer2.pk}") == [v2.pk]
    assert ids("status=approved") == [v2.pk]
    assert ids("status=published") == [v1.pk, v3.pk]
    # date range on the decision date: published_at, else approved_at (v2 approved 2024-03-05 11:00)
    assert ids("date_from=2024-02-01&date_to=2024-05-31") == [v2.pk]
    assert ids("date_from=2024-03-05&date_to=2024-03-05") == [v2.pk]
    assert ids("date_to=2024-01-10") == [v1.pk]
    for bad in ("date_from=2024-02-31", "date_from=2024-05-01&date_to=2024-01-01", "rating=meh", "article=x",
                "source=0", "reviewer=99999999999999999999999"):
        resp = editor_api.get(f"/api/exports/csv/?{bad}")
        assert resp.status_code == 400, bad
        assert resp.json()["error"]["fields"], bad


def test_report_per_article_and_per_period(editor, client):
    article = ArticleFactory(title="The budget article", url="https://news.example/budget")
    other = ArticleFactory(title="Another article")
    decided_verdict("published", claim=ClaimFactory(article=article), rationale="Budget figures check out.",
                    rating="true", when=dt.datetime(2024, 2, 2, tzinfo=dt.UTC))
    decided_verdict("published", claim=ClaimFactory(article=other), rationale="Other rationale.",
                    when=dt.datetime(2023, 2, 2, tzinfo=dt.UTC))
    client.force_login(editor)
    page = client.get(f"/exports/report/?article={article.pk}").content.decode()
    assert "Verdict summary: The budget article" in page
    assert "Budget figures check out." in page and "Other rationale." not in page
    assert "@media print" in page
    period = client.get("/exports/report/?date_from=2023-01-01&date_to=2023-12-31").content.decode()
    assert "Other rationale." in period and "Budget figures" not in period
    assert client.get("/exports/report/?date_from=nonsense").status_code == 400


def test_export_job_pages_with_progress(editor, client, media, django_capture_on_commit_callbacks):
    decided_verdict("published")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resp = client.post("/exports/jobs/", {"fmt": "csv", "rating": "false"})
    assert resp.status_code == 302
    job = ExportJob.objects.get()
    assert job.filters == {"rating": "false"}
    page = client.get(resp["Location"]).content.decode()
    assert f'hx-get="/exports/jobs/{job.pk}/progress/"' in page  # polls while queued
    for callback in callbacks:
        callback()
    fragment = client.get(f"/exports/jobs/{job.pk}/progress/").content.decode()
    assert "hx-get" not in fragment and "Download" in fragment
    download = client.get(f"/exports/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"verdict_id,")
    job.refresh_from_db()
    assert (job.status, job.progress, job.total) == ("done", 1, 1)
    assert client.get("/exports/").status_code == 200


def test_job_run_is_idempotent(editor, media):
    from exports.services import run_export_job
    from tests.factories import ExportJobFactory

    decided_verdict("approved")
    job = ExportJobFactory(requested_by=editor, format="jsonl")
    first = run_export_job(job.pk)
    mtime = (media / first.file).stat().st_mtime_ns
    again = run_export_job(job.pk)
    assert again.status == "done" and (media / again.file).stat().st_mtime_ns == mtime


def test_api_job_not_done_is_409(editor_api, editor, media):
    from tests.factories import ExportJobFactory

    job = ExportJobFactory(requested_by=editor)
    resp = editor_api.get(f"/api/export-jobs/{job.pk}/download/")
    assert resp.status_code == 409
    assert resp.json()["error"]["code"] == "not_ready"
    bad = editor_api.post("/api/export-jobs/", {"format": "xls"}, format="json")
    assert bad.status_code == 400 and "format" in bad.json()["error"]["fields"]
    bad = editor_api.post("/api/export-jobs/", {"format": "csv", "filters": {"status": "draft"}}, format="json")
    assert bad.status_code == 400


def test_decided_statuses_are_the_only_exportable_ones():
    from exports.selectors import EXPORTABLE_STATUSES

    assert set(EXPORTABLE_STATUSES) == {Verdict.Status.APPROVED, Verdict.Status.PUBLISHED}


def test_export_page_count_is_bounded_and_article_is_an_id(client, editor, every_status, monkeypatch):
    """The page counts matching verdicts up to COUNT_LIMIT ("N+" past it) and takes the article as
    an id (a list of every article does not scale), naming the chosen one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    page = client.get("/exports/").content.decode()
    assert "Download (2 verdicts)" in page and 'name="article"' in page and "<option value=\"%d\"" not in page
    monkeypatch.setattr("exports.selectors.COUNT_LIMIT", 1)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/exports/").content.decode()
    assert "Download (1+ verdicts)" in page
    assert all("LIMIT" in q["sql"].upper() for q in ctx.captured_queries if "COUNT(" in q["sql"].upper())
    article = every_status["published"].claim.article
    page = client.get("/exports/", {"article": article.pk}).content.decode()
    assert "Download (1 verdict)" in page
    assert f'value="{article.pk}"' in page and 'id="article-title"' in page and article.title[:20] in page


def test_report_heading_names_every_filter_and_the_organisation_set_in_the_admin(editor, reviewer, client):
    """A printed report of the False verdicts of one source read as the whole summary (the heading
    named only an article or dates), under the environment's ORG_NAME rather than the organisation
    set in the admin (the public pages' masthead)."""
    import re

    from publishing.models import Organisation

    Organisation.objects.create(pk=1, name="Baltic Checks", url="https://checks.example")
    wire = SourceFactory(name="Baltic Wire")
    decided_verdict("published", claim=ClaimFactory(article=ArticleFactory(source=wire)), rating="false",
                    reviewer=reviewer)
    client.force_login(editor)
    page = client.get(f"/exports/report/?rating=false&source={wire.pk}&reviewer={reviewer.pk}&status=published")
    scope = re.search(r'<p class="meta" id="report-scope">(.*?)</p>', page.content.decode(), re.S).group(1)
    words = " ".join(scope.split())
    assert words == (f"Baltic Checks · rating False · published only · source Baltic Wire · "
                     f"reviewer {reviewer.username} · 1 verdict")
    unfiltered = client.get("/exports/report/").content.decode()
    scope = re.search(r'<p class="meta" id="report-scope">(.*?)</p>', unfiltered, re.S).group(1)
    assert " ".join(scope.split()) == "Baltic Checks · 1 verdict"  # no empty "· ·"


def test_a_retracted_check_is_exported_as_retracted_with_its_public_address(editor, client, editor_api, settings):
    """CSV, JSON, JSON Lines and the report exported a retracted check as a live published rating,
    with nothing to tell it apart (no retraction, no public address): a partner or a CMS fed by the
    export republished a withdrawn verdict. Each row now carries ``public_url`` (null until published)
    and ``retracted_at``; the report says "Retracted" with the note."""
    from urllib.parse import urlsplit

    from reviewers.publication import retract_verdict

    settings.PUBLIC_BASE_URL = "https://checks.example.org/"
    live = decided_verdict("published", public_slug="buses-were-bought-1", rationale="MARK-live")
    gone = decided_verdict("published", public_slug="buses-were-sold-2", rationale="MARK-gone")
    approved = decided_verdict("approved", rationale="MARK-approved")
    retract_verdict(gone.pk, editor, "The figure we checked was misreported by the outlet.")
    gone.refresh_from_db()

    client.force_login(editor)
    rows = {int(r["verdict_id"]): r for r in csv.DictReader(
        io.StringIO(_body(client.get("/exports/download/csv/")).decode()))}
    assert rows[gone.pk]["retracted_at"][:10] == gone.retracted_at.date().isoformat()
    assert rows[live.pk]["retracted_at"] == rows[approved.pk]["retracted_at"] == ""
    assert rows[live.pk]["public_url"] == "https://checks.example.org/checks/buses-were-bought-1/"
    assert rows[gone.pk]["public_url"] == "https://checks.example.org/checks/buses-were-sold-2/"
    assert rows[approved.pk]["public_url"] == ""
    # the address is the page's: it answers
    assert client.get(urlsplit(rows[live.pk]["public_url"]).path).status_code == 200

    items = {i["verdict_id"]: i for i in json.loads(_body(editor_api.get("/api/exports/json/")))}
    assert items[gone.pk]["retracted_at"].endswith("Z") and items[live.pk]["retracted_at"] is None
    assert items[approved.pk]["public_url"] is None and items[live.pk]["public_url"] == rows[live.pk]["public_url"]
    lines = [json.loads(line) for line in _body(editor_api.get("/api/exports/jsonl/")).decode().splitlines()]
    assert {i["verdict_id"]: i["retracted_at"] for i in lines} == {k: v["retracted_at"] for k, v in items.items()}

    report = client.get("/exports/report/").content.decode()
    entry = {mark: next(a for a in report.split('<article class="verdict">') if mark in a)
             for mark in ("MARK-gone", "MARK-live")}
    assert f"Retracted {gone.retracted_at:%Y-%m-%d}" in entry["MARK-gone"]
    assert "misreported by the outlet" in entry["MARK-gone"]
    assert "Retracted" not in entry["MARK-live"] and rows[live.pk]["public_url"] in entry["MARK-live"]
