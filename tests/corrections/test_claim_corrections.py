"""Correcting what extraction got wrong: edit, split, merge, "not a claim"; history; re-extraction
never overwrites a human correction; corrections come out as labelled data."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from claims import corrections
from claims.corrections import CorrectionError
from claims.models import Claim
from claims.services import run_extraction
from reviewers.models import QueueItem
from tests.corrections.conftest import BODY
from tests.factories import decided_verdict

pytestmark = pytest.mark.django_db


def _first(article) -> Claim:
    return article.claims.order_by("start").first()


def _reextract(article, capture) -> None:
    with capture(execute=True):
        run_extraction(article.pk)


def test_speaker_correction_is_in_history_and_survives_reextraction(article, reviewer,
                                                                    django_capture_on_commit_callbacks):
    claim = _first(article)
    assert claim.speaker == "Officials"
    corrections.edit_claim(claim.pk, reviewer, speaker="Transport Ministry officials", kind="statistic")
    claim.refresh_from_db()
    assert claim.speaker == "Transport Ministry officials" and claim.corrected_fields == ["speaker"]
    row = claim.history.order_by("-history_date").first()
    assert row.history_user == reviewer and row.history_change_reason == "corrected speaker"

    _reextract(article, django_capture_on_commit_callbacks)
    claim.refresh_from_db()
    assert claim.speaker == "Transport Ministry officials"  # the human value stays
    assert claim.quantities  # what nobody corrected is refreshed as before


def test_split_gives_two_spans_that_survive_reextraction(article, editor, django_capture_on_commit_callbacks):
    claim = _first(article)
    first, second = corrections.split_claim(claim.pk, editor, "the council spent")
    assert article.body[first.start:first.end] == "Officials said 40 new buses were bought in 2024, and"
    assert article.body[second.start:second.end] == "the council spent 3 million euros on repairs."
    assert second.text == "the council spent 3 million euros on repairs."
    assert [q["text"] for q in first.quantities] == ["40"]
    assert [q["text"] for q in second.quantities] == ["3 million euros"] or second.quantities
    assert second.history.get().history_change_reason == f"split from claim {first.pk}"

    _reextract(article, django_capture_on_commit_callbacks)
    spans = sorted(article.body[c.start:c.end] for c in article.claims.all())
    assert spans == sorted([
        "Officials said 40 new buses were bought in 2024, and", "the council spent 3 million euros on repairs.",
        "The minister said unemployment fell to 5 percent last year."])


@pytest.mark.parametrize("marker, why", [("nowhere", "not in"), ("Officials", "already begins"),
                                          ("", "Type the words")])
def test_split_refuses_a_marker_it_cannot_place(article, editor, marker, why):
    with pytest.raises(CorrectionError, match=why):
        corrections.split_claim(_first(article).pk, editor, marker)


def test_not_a_claim_leaves_the_queue_and_is_never_requeued(article, reviewer, django_capture_on_commit_callbacks):
    claim = _first(article)
    assert QueueItem.objects.get(claim=claim).status == QueueItem.Status.QUEUED  # score above threshold
    with pytest.raises(CorrectionError):
        corrections.mark_not_a_claim(claim.pk, reviewer, "  ")
    corrections.mark_not_a_claim(claim.pk, reviewer, "A budget line, not a checkable statement")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISMISSED and claim.not_a_claim_reason.startswith("A budget line")
    assert QueueItem.objects.get(claim=claim).status == QueueItem.Status.REMOVED
    _reextract(article, django_capture_on_commit_callbacks)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISMISSED
    assert QueueItem.objects.get(claim=claim).status == QueueItem.Status.REMOVED


def test_merge_keeps_the_first_and_points_the_rest_to_it(article, editor, django_capture_on_commit_callbacks):
    a, b = article.claims.order_by("start")
    keep = corrections.merge_claims([b.pk, a.pk], editor)
    assert keep.pk == a.pk and keep.start == a.start and keep.end == b.end
    assert keep.text == BODY
    b.refresh_from_db()
    assert b.merged_into_id == a.pk and b.status == Claim.Status.DISMISSED
    _reextract(article, django_capture_on_commit_callbacks)
    keep.refresh_from_db()
    assert keep.text == BODY and keep.end == b.end


def test_claims_with_a_decided_verdict_cannot_be_split(article, editor):
    claim = _first(article)
    decided_verdict("submitted", claim=claim)
    with pytest.raises(CorrectionError, match="verdict"):
        corrections.split_claim(claim.pk, editor, "the council spent")


def test_corrections_are_exported_as_labelled_data(article, reviewer, editor, client):
    a, b = article.claims.order_by("start")
    corrections.edit_claim(a.pk, reviewer, speaker="Transport Ministry officials")
    corrections.mark_not_a_claim(b.pk, reviewer, "Opinion")
    client.force_login(editor)
    resp = client.get("/exports/corrections.jsonl")
    assert resp.status_code == 200
    records = [json.loads(line) for line in b"".join(resp.streaming_content).decode().splitlines()]
    by_id = {r["claim_id"]: r for r in records}
    assert by_id[a.pk]["extracted"]["speaker"] == "Officials"
    assert by_id[a.pk]["corrected"]["speaker"] == "Transport Ministry officials"
    assert by_id[a.pk]["label"] == "claim" and by_id[a.pk]["corrected_by"] == reviewer.username
    assert by_id[b.pk]["label"] == "not_a_claim" and by_id[b.pk]["reason"] == "Opinion"
    out = io.StringIO()
    call_command("export_corrections", "--format", "tsv", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert lines[0] == "id\ttext\tlabel"
    assert f"corr{b.pk}\t{b.text}\t0" in lines and any(line.startswith(f"corr{a.pk}\t") for line in lines)


@pytest.mark.authz
def test_who_may_correct(article, client, reviewer, editor, outsider):
    claim = _first(article)
    url = f"/claims/{claim.pk}/correct/"
    client.force_login(outsider)
    assert client.post(url, {"speaker": "X"}).status_code == 403
    for user, speaker in ((reviewer, "Reviewer fix"), (editor, "Editor fix")):
        client.force_login(user)
        assert client.post(url, {"speaker": speaker, "text": claim.text, "kind": claim.kind}).status_code == 302
        claim.refresh_from_db()
        assert claim.speaker == speaker
    client.force_login(reviewer)
    assert client.get("/exports/corrections.jsonl").status_code == 403  # export is for editors


def test_train_scorer_learns_from_the_corrections(article, reviewer, tmp_path):
    from claims.extraction import scorer

    sample = Path(__file__).resolve().parents[1] / "data" / "checkworthy_sample.tsv"
    header, *rows = sample.read_text(encoding="utf-8").splitlines()
    train, dev = tmp_path / "train.tsv", tmp_path / "dev.tsv"
    train.write_text("\n".join([header] + [r for i, r in enumerate(rows) if i % 4]) + "\n", encoding="utf-8")
    dev.write_text("\n".join([header] + [r for i, r in enumerate(rows) if i % 4 == 0]) + "\n", encoding="utf-8")
    a, b = article.claims.order_by("start")
    corrections.edit_claim(a.pk, reviewer, speaker="Transport Ministry officials")
    corrections.mark_not_a_claim(b.pk, reviewer, "Opinion")

    def train_with(*flags: str) -> tuple[str, dict]:
        out = io.StringIO()
        call_command("train_scorer", "--train", str(train), "--dev", str(dev), "--out", str(tmp_path / "m"),
                     "--seed", "1", *flags, stdout=out)
        return out.getvalue(), json.loads((tmp_path / "m" / "checkworthy.json").read_text(encoding="utf-8"))

    _, plain = train_with()
    before = scorer.score_sentences([b.text], tmp_path / "m")[0]
    text, meta = train_with("--corrections")
    after = scorer.score_sentences([b.text], tmp_path / "m")[0]
    assert "corrections: 2 claims (1 kept as claims, 1 not a claim) from the database" in text
    assert (meta["extra_rows"], meta["extra_positives"]) == (2, 1)
    assert meta["train_size"] == plain["train_size"] + 2 and "--corrections" in meta["retrain"]
    assert after < before  # the claim a person marked "not a claim" scores lower once learnt from


@pytest.mark.authz
@pytest.mark.parametrize("status", ["submitted", "approved", "published"])
def test_a_judged_claims_words_are_not_rewritten(article, client, reviewer, editor, admin_user, status):
    """Any reviewer could rewrite the text and speaker of a claim whose verdict was submitted, approved or
    published: a published check's claim changed on the public page, in its ClaimReview and the feed,
    with no note for readers. Refused now for every role, as split, merge and dismiss were; the
    claim page says why instead of showing forms that would be refused."""
    claim = _first(article)
    decided_verdict(status, claim=claim, editor=editor, public_slug=f"check-{status}")
    before = (claim.text, claim.speaker, claim.kind)
    for user in (reviewer, editor, admin_user):
        client.force_login(user)
        resp = client.post(f"/claims/{claim.pk}/correct/", {"text": "Something else was said.",
                                                             "speaker": "Someone else", "kind": "quote"})
        assert resp.status_code == 302 and resp["Location"].endswith("#correct")
        claim.refresh_from_db()
        assert (claim.text, claim.speaker, claim.kind) == before, user.username
        with pytest.raises(CorrectionError, match="cannot be corrected"):
            corrections.edit_claim(claim.pk, user, speaker="Someone else")
        page = client.get(f"/claims/{claim.pk}/").content.decode()
        assert 'id="fix-text"' not in page
        assert f"This claim has a {status} verdict" in page
    if status == "published":
        assert "Someone else" not in client.get("/checks/").content.decode()


def test_a_claim_with_a_draft_verdict_can_still_be_corrected(article, client, reviewer):
    claim = _first(article)
    decided_verdict("draft", claim=claim, reviewer=reviewer)
    client.force_login(reviewer)
    assert 'id="fix-text"' in client.get(f"/claims/{claim.pk}/").content.decode()
    corrections.edit_claim(claim.pk, reviewer, speaker="Transport Ministry officials")
    claim.refresh_from_db()
    assert claim.speaker == "Transport Ministry officials"


@pytest.mark.parametrize("status", ["submitted", "approved", "published"])
def test_reextraction_leaves_a_judged_claim_as_it_was_judged(article, client, editor, status,
                                                            django_capture_on_commit_callbacks):
    """An editor's re-extract (offered after an extractor upgrade) wrote the new extractor's speaker,
    kind and words over a claim whose verdict was submitted, approved or published: a published
    check's 'Said by', its ClaimReview author and the feed changed with no note for readers (the
    change a person may no longer make by hand). The score may still be refreshed."""
    claim = _first(article)
    # as an older extractor read it; the workflow set the claim's status with the verdict's
    old_text = claim.text.rstrip(".") + " (as first read)"
    Claim.objects.filter(pk=claim.pk).update(speaker="City hall", kind="quote", text=old_text, score=0.01,
                                             status=status)
    decided_verdict(status, claim=claim, editor=editor, public_slug=f"buses-{status}")
    _reextract(article, django_capture_on_commit_callbacks)
    claim.refresh_from_db()
    assert (claim.speaker, claim.kind, claim.text) == ("City hall", "quote", old_text)
    assert claim.score != 0.01  # what nobody judged is refreshed as before
    if status == "published":
        page = client.get("/checks/buses-published/").content.decode()
        assert "City hall" in page and '"name": "City hall"' in page


def test_reextraction_refreshes_a_draft_verdicts_claim_but_not_a_returned_ones(
        article, reviewer, django_capture_on_commit_callbacks):
    """A draft is not judged yet: re-extraction refreshes its claim. A returned verdict was judged once
    and its claim may not be corrected by hand either, so it keeps its words."""
    draft_claim, returned_claim = article.claims.order_by("start")
    for claim, status in ((draft_claim, "draft"), (returned_claim, "returned")):
        Claim.objects.filter(pk=claim.pk).update(speaker="City hall", status=Claim.Status.IN_REVIEW)
        decided_verdict(status, claim=claim, reviewer=reviewer)
    _reextract(article, django_capture_on_commit_callbacks)
    draft_claim.refresh_from_db()
    returned_claim.refresh_from_db()
    assert draft_claim.speaker == "Officials"
    assert returned_claim.speaker == "City hall"
