"""The verdict form: all errors at once, each linked to its field and marked aria-invalid; "Saved as
draft, not submitted" when that is what happened; rating definitions; link checks in plain words."""

from __future__ import annotations

import re

import pytest

from reviewers import services
from reviewers.models import EvidenceLink, Verdict, plain_check_result
from tests.factories import QueueItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leased(reviewer):
    item = QueueItemFactory()
    services.claim_next(reviewer)
    return item.claim


def test_submit_with_everything_missing_lists_every_problem(client, reviewer, leased):
    client.force_login(reviewer)
    resp = client.post(f"/review/claims/{leased.pk}/", {
        "action": "submit", "rating": "", "rationale": "", "version": "",
        "evidence-0-url": "not a url", "evidence-0-stance": "refutes"})
    assert resp.status_code == 400
    html = resp.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary)
    assert [field for field, _ in links] == ["rating", "rationale", "evidence-0-url"]
    assert "3 problems to fix" in summary
    for field in ("rating", "rationale", "evidence-0-url"):
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', html), field
    assert not Verdict.objects.filter(claim=leased).exists()  # nothing valid to save


def test_saved_as_draft_not_submitted(client, reviewer, leased):
    client.force_login(reviewer)
    resp = client.post(f"/review/claims/{leased.pk}/", {
        "action": "submit", "rating": "false", "rationale": "", "version": ""})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "Saved as draft, not submitted" in html
    verdict = Verdict.objects.get(claim=leased)
    assert verdict.status == Verdict.Status.DRAFT and verdict.rating == "false"
    assert f'name="version" value="{verdict.version}"' in html  # the next save does not conflict
    links = re.findall(r'<a href="#([\w-]+)">', re.search(r'class="error-summary".*?</div>', html, re.S).group(0))
    assert links == ["rationale", "evidence-0-url"]


def test_rating_definitions_sit_next_to_the_scale(client, reviewer, leased):
    client.force_login(reviewer)
    html = client.get(f"/review/claims/{leased.pk}/").content.decode()
    assert 'aria-describedby="rating-defs"' in html
    assert "<dt>Mostly false</dt><dd>The claim has an element of truth" in html


@pytest.mark.parametrize("status, http, error, words", [
    ("error", None, "gaierror: [Errno -2] Name or service not known", "the site could not be reached"),
    ("error", None, "timed out after 5 s", "did not answer in time"),
    ("broken", 404, "HTTP 404", "does not exist (HTTP 404)"),
    ("error", None, "refused to fetch a private or local address (10.0.0.1)", "private network"),
    ("ok", 200, "", "could be opened"),
])
def test_link_checks_in_plain_words(status, http, error, words):
    text = plain_check_result(status, http, error)
    assert words.lower() in text.lower() and "errno" not in text.lower()


def test_verdict_page_shows_the_plain_words(client, editor, reviewer):
    from tests.factories import EvidenceLinkFactory, decided_verdict

    verdict = decided_verdict("submitted", reviewer=reviewer)
    EvidenceLinkFactory(verdict=verdict, check_status=EvidenceLink.CheckStatus.ERROR,
                        check_error="gaierror: [Errno -2] Name or service not known")
    client.force_login(editor)
    html = client.get(f"/review/verdicts/{verdict.pk}/").content.decode()
    assert "The site could not be reached" in html and "Errno" not in html


def test_a_damaged_version_does_not_skip_the_conflict_check(client, reviewer, leased):
    client.force_login(reviewer)
    client.post(f"/review/claims/{leased.pk}/", {"action": "save", "rating": "false", "rationale": "Checked.",
                                                  "version": ""})
    verdict = Verdict.objects.get(claim=leased)
    resp = client.post(f"/review/claims/{leased.pk}/", {"action": "save", "rating": "true", "rationale": "Other.",
                                                         "version": "abc"}, follow=True)
    assert "version is damaged" in resp.content.decode()
    assert Verdict.objects.get(pk=verdict.pk).rating == "false"  # nothing overwritten


def test_an_editor_fixing_a_submitted_verdict_is_not_told_it_became_a_draft(client, reviewer, editor, leased):
    """An editor fixes a typo in a submitted verdict before approving it. The form offered "Save draft"
    and "Submit for approval": both saved the change, but "Submit" answered 400 "Saved as draft, not
    submitted: fix the problems listed below" with no problem listed, and "Save draft" said "Draft
    saved.", while the verdict stayed submitted, waiting for approval. The form now says what saving
    does ("Save changes") and the answer where the verdict stands; a reviewer is not offered it."""
    evidence = [{"url": "https://stats.example.org/t1", "stance": "refutes"}]
    v = services.save_verdict(claim_id=leased.pk, user=reviewer, rating="false", rationale="Wrong figure.",
                              evidence=evidence, expected_version=None)
    services.submit_verdict(v.pk, reviewer, v.version)
    client.force_login(editor)
    page = client.get(f"/review/claims/{leased.pk}/").content.decode()
    assert 'id="save-changes"' in page and "waiting for approval" in page
    assert 'id="save-draft"' not in page and 'id="submit-verdict"' not in page
    for action in ("save", "submit"):  # "submit" from a page loaded before the reviewer submitted
        v.refresh_from_db()
        resp = client.post(f"/review/claims/{leased.pk}/", {
            "action": action, "rating": "false", "rationale": f"Wrong figure ({action}).", "version": v.version,
            "evidence-0-url": "https://stats.example.org/t1", "evidence-0-stance": "refutes"}, follow=True)
        html = resp.content.decode()
        assert resp.status_code == 200, action
        assert "Saved as draft" not in html and "Draft saved" not in html, action
        assert "Changes saved; the verdict is still waiting for approval." in html, action
        assert resp.redirect_chain[-1][0] == f"/review/verdicts/{v.pk}/"  # where the editor approves
        v.refresh_from_db()
        assert v.status == Verdict.Status.SUBMITTED and v.rationale == f"Wrong figure ({action})."
    client.force_login(reviewer)  # the reviewer no longer edits it at all
    assert 'id="save-changes"' not in client.get(f"/review/claims/{leased.pk}/").content.decode()
