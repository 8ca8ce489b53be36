"""Correcting the numbers and dates extraction found (claims.value_corrections): a reviewer could fix a
claim's words, speaker and kind, not a number read wrongly or a date resolved to the wrong day."""

from __future__ import annotations

import json

import pytest

from claims.corrections import CorrectionError
from claims.models import Claim
from claims.services import run_extraction
from claims.value_corrections import correct_values, number_shown
from tests.factories import decided_verdict

pytestmark = pytest.mark.django_db


def _buses(article) -> Claim:
    return article.claims.order_by("start").first()


def test_a_number_and_a_date_corrected_survive_reextraction(article, reviewer, django_capture_on_commit_callbacks):
    claim = _buses(article)
    assert [q["value"] for q in claim.quantities] == [40, 3_000_000] and claim.dates[0]["value"] == "2024"
    correct_values(claim.pk, reviewer, numbers={0: "45", 1: "3,000,000"}, dates={0: "2024-03"})
    claim.refresh_from_db()
    assert claim.quantities[0] == {**claim.quantities[0], "value": 45, "corrected": True}
    assert "corrected" not in claim.quantities[1]  # unchanged: not marked
    assert (claim.dates[0]["value"], claim.dates[0]["granularity"], claim.dates[0]["corrected"]) == (
        "2024-03", "month", True)
    assert sorted(claim.corrected_fields) == ["dates", "quantities"]
    row = claim.history.order_by("-history_date").first()
    assert row.history_user == reviewer and row.history_change_reason == "corrected numbers and dates"
    with django_capture_on_commit_callbacks(execute=True):
        run_extraction(article.pk)
    claim.refresh_from_db()
    assert claim.quantities[0]["value"] == 45 and claim.dates[0]["value"] == "2024-03"  # the human values stay


def test_an_empty_value_drops_the_row_and_a_share_is_a_percentage(article, editor):
    claim = _buses(article)
    correct_values(claim.pk, editor, numbers={1: ""})
    claim.refresh_from_db()
    assert [q["text"] for q in claim.quantities] == ["40"]
    assert number_shown({"value": 0.5, "kind": "share"}) == "50" and number_shown({"value": 4.1}) == "4.1"
    claim.quantities = [{"text": "nearly half", "value": 0.5, "kind": "share", "qualifier": "approximate"}]
    claim.save(update_fields=["quantities"])
    correct_values(claim.pk, editor, numbers={0: "45%"})
    claim.refresh_from_db()
    assert claim.quantities[0]["value"] == pytest.approx(0.45)


@pytest.mark.parametrize("numbers, dates, field", [
    ({0: "forty"}, {}, "number-0"), ({0: "4..1"}, {}, "number-0"), ({0: "1e5"}, {}, "number-0"),
    ({}, {0: "2024-13"}, "date-0"), ({}, {0: "2023-02-29"}, "date-0"), ({}, {0: "March 2024"}, "date-0"),
    ({}, {0: "0000"}, "date-0"), ({7: "3"}, {}, "numbers"), ({}, {5: "2024"}, "dates"),
])
def test_bad_values_change_nothing(article, reviewer, numbers, dates, field):
    claim = _buses(article)
    before = (claim.quantities, claim.dates)
    with pytest.raises(CorrectionError) as exc:
        correct_values(claim.pk, reviewer, numbers={0: "45", **numbers}, dates=dates)
    assert field in exc.value.errors
    claim.refresh_from_db()
    assert (claim.quantities, claim.dates) == before and claim.corrected_fields == []


@pytest.mark.parametrize("text, granularity", [
    ("2027-Q1", "quarter"), ("2026-h2", "half"), ("2027-SP", "season"), ("2026-W49", "week"), ("2026", "year"),
])
def test_a_date_may_be_corrected_to_a_period(article, reviewer, text, granularity):
    claim = _buses(article)
    correct_values(claim.pk, reviewer, dates={0: text})
    claim.refresh_from_db()
    assert (claim.dates[0]["value"], claim.dates[0]["granularity"]) == (text.upper(), granularity)


@pytest.mark.parametrize("text", ["2027-Q5", "2026-H3", "2026-W54", "2026-XX", "Q1 2027"])
def test_a_period_that_does_not_exist_changes_nothing(article, reviewer, text):
    claim = _buses(article)
    with pytest.raises(CorrectionError) as exc:
        correct_values(claim.pk, reviewer, dates={0: text})
    assert "date-0" in exc.value.errors


def test_refused_once_the_verdict_is_past_a_draft(article, reviewer):
    claim = _buses(article)
    decided_verdict("submitted", claim=claim)
    with pytest.raises(CorrectionError, match="cannot be corrected"):
        correct_values(claim.pk, reviewer, numbers={0: "45"})


def test_the_claim_page_form_and_findings(article, client, reviewer, editor):
    claim = _buses(article)
    client.force_login(reviewer)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'name="number-0" value="40"' in page and 'name="number-1" value="3000000"' in page
    assert 'name="date-0" value="2024"' in page
    resp = client.post(f"/claims/{claim.pk}/values/", {"number-0": "45", "number-1": "3000000", "date-0": "2024"})
    assert resp.status_code == 302 and resp["Location"] == f"/claims/{claim.pk}/"
    page = client.get(resp["Location"]).content.decode()
    assert "Numbers and dates saved." in page
    assert "<span class=\"meta\">= 45, this number</span> <span class=\"badge\">corrected by a person</span>" in page
    resp = client.post(f"/claims/{claim.pk}/values/", {"number-0": "lots"})
    assert resp.status_code == 302 and resp["Location"].endswith("#correct")
    assert "is not a number" in client.get(resp["Location"]).content.decode()
    client.force_login(editor)
    records = [json.loads(line) for line in b"".join(client.get("/exports/corrections.jsonl").streaming_content)
               .decode().splitlines()]
    record = next(r for r in records if r["claim_id"] == claim.pk)
    assert record["extracted"]["quantities"][0]["value"] == 40 and record["corrected"]["quantities"][0]["value"] == 45


@pytest.mark.authz
def test_who_may_correct_numbers_and_dates(article, client, reviewer, editor, outsider):
    claim = _buses(article)
    client.force_login(outsider)
    assert client.post(f"/claims/{claim.pk}/values/", {"number-0": "41"}).status_code == 403
    for user, value in ((reviewer, 42), (editor, 43)):
        client.force_login(user)
        assert client.post(f"/claims/{claim.pk}/values/", {"number-0": str(value)}).status_code == 302
        claim.refresh_from_db()
        assert claim.quantities[0]["value"] == value
    client.logout()
    assert client.post(f"/claims/{claim.pk}/values/", {"number-0": "44"}).status_code == 302  # to the login page
    claim.refresh_from_db()
    assert claim.quantities[0]["value"] == 43
