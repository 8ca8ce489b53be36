"""What extraction found, in words: numbers with qualifier and what they count, dates with their
words, the speaker with the words that attribute it, one score with its reasons, previous checks
with their verdicts; and the review page showing them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims.findings import attribution, claim_findings, date_findings, quantity_findings, score_finding
from claims.models import ClaimGroup, ClaimLink
from reviewers import services
from reviewers.findings import previous_checks, previous_checks_for
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory, SourceFactory, decided_verdict

# as claims/extraction stores them (seeds/syria-shaaban-russian-withdrawal.txt, published 2016-03-15)
OVER_470K = {"text": "over 470,000", "start": 1965, "end": 1977, "qualifier": "lower_bound", "value": 470000,
             "kind": "count", "counts": "people"}
NEARLY_HALF = {"text": "nearly half", "start": 2028, "end": 2039, "qualifier": "approximate", "value": 0.5,
               "kind": "share", "unit": "share", "counts": "population"}
A_DAY_AFTER = {"text": "a day after", "value": "2016-03-14", "granularity": "day", "relation": "on", "start": 319,
               "end": 330, "anchor": "2016-03-15"}
SINCE_2011 = {"text": "since March 2011", "value": "2011-03", "granularity": "month", "relation": "since",
              "start": 0, "end": 16}


def test_numbers_with_qualifier_and_what_they_count():
    q470, half = quantity_findings([OVER_470K, NEARLY_HALF])
    assert q470.summary == "over 470,000 people: lower bound"
    assert (q470.value, q470.hint) == ("470,000", "at least this many")
    assert half.summary == "nearly half of population: approximate" and half.value == "50%"
    money, rng, pct, vote = quantity_findings([
        {"text": "$2 million", "qualifier": "exact", "value": 2_000_000, "kind": "money", "currency": "USD"},
        {"text": "5 to 7", "qualifier": "range", "low": 5, "high": 7, "value": 5, "kind": "count", "counts": "homes"},
        {"text": "3.1 percent", "qualifier": "exact", "value": 3.1, "kind": "percent"},
        {"text": "7-2", "qualifier": "exact", "value": [7, 2], "kind": "vote"},
    ])
    assert (money.value, rng.value, rng.summary, pct.value, vote.value) == (
        "USD 2,000,000", "5 – 7", "5 to 7 homes: range", "3.1%", "7–2")
    assert quantity_findings([{"start": 1}, "junk"]) == []  # malformed rows are skipped, not shown


def test_dates_with_their_words():
    after, since = date_findings([A_DAY_AFTER, SINCE_2011])
    assert after.summary == "a day after → 2016-03-14" and after.anchor == "2016-03-15"
    assert (since.summary, since.relation, since.granularity) == ("since March 2011 → 2011-03", "since", "month")
    assert date_findings([{"text": "on Tuesday", "value": None}])[0].summary == "on Tuesday → not resolved"


@pytest.mark.parametrize("sentence, speaker, words", [
    ('"The ball is now in the United States\' court," Shaaban said.',
     "Bouthaina Shaaban, political and media adviser to the Syrian President", "Shaaban said"),
    ('"It is very possible to close the borders and keep out mercenaries," she added.',
     "Bouthaina Shaaban", "she added"),
    ("The head of Russia’s Security Council says Moscow is already preparing to withdraw.",
     "Nikolai Patrushev, head of Russia's Security Council", "head of Russia’s Security Council says"),
    ("Assad hailed Russia’s “very successful” aerial campaign in the Middle Eastern state.",
     "Bashar al-Assad", "Assad hailed"),
    ("According to the ministry, 40 homes were built.", "the ministry", "According to the ministry"),
    ("Unemployment fell to 3 percent in May.", "Statistics Office", ""),
])
def test_attribution_words_read_off_the_stored_sentence(sentence, speaker, words):
    assert attribution(sentence, speaker) == words


def test_one_score_with_reasons_split_by_direction():
    s = score_finding(0.4698, ["attributed to an official", "names entities", "in the lead",
                               "little checkable wording", "direct quote"])
    assert (s.value, s.level) == (0.47, "medium")
    assert s.raises == ["attributed to an official", "names entities", "in the lead"]
    assert s.lowers == ["little checkable wording", "direct quote"]
    assert score_finding(0.92, []).level == "high" and score_finding(0.2, []).level == "low"


@pytest.mark.django_db
def test_claim_findings_unattributed_and_corrected():
    article = ArticleFactory(source=SourceFactory(name="Press TV"))
    outlet = ClaimFactory(article=article, speaker="Press TV", quantities=[OVER_470K], dates=[A_DAY_AFTER])
    f = claim_findings(outlet)
    assert not f.speaker.attributed and f.speaker.words == ""
    assert [q.summary for q in f.quantities] == ["over 470,000 people: lower bound"]
    fixed = ClaimFactory(article=article, speaker="Rita Ortiz", corrected_fields=["speaker"],
                         sentence="Rita Ortiz told reporters 40 homes were built.")
    f = claim_findings(fixed)
    assert (f.speaker.attributed, f.speaker.words, f.speaker.corrected) == (True, "Rita Ortiz told", True)


@pytest.mark.django_db
def test_the_writers_own_first_person_claim_cites_nobody(client, reviewer, editor):
    article = ArticleFactory(source=SourceFactory(name="Press TV"))
    for name in ("I (the author)", "Rachel Morgan (I, the author)"):
        mine = ClaimFactory(article=article, speaker=name, sentence="I believe 40 homes were built.")
        f = claim_findings(mine)
        assert (f.speaker.attributed, f.speaker.writer, f.speaker.words) == (False, True, ""), name
    QueueItemFactory(claim=mine)
    services.claim_next(reviewer)
    client.force_login(reviewer)
    html = client.get(f"/review/claims/{mine.pk}/").content.decode()
    assert "the writer states it in the first person" in html and "Rachel Morgan (I, the author)" in html


@pytest.mark.django_db
def test_previous_checks_with_their_verdicts(reviewer, editor):
    old = decided_verdict("published", reviewer=reviewer, editor=editor, rating="mostly-false",
                          public_slug="council-homes-1")
    draft = decided_verdict("draft", reviewer=reviewer)  # not published: never shown as a previous check
    group = ClaimGroup.objects.create(label="same number")
    claim = ClaimFactory(group=group, previously_checked=old.claim)
    draft.claim.group = group
    draft.claim.save()
    linked = decided_verdict("published", reviewer=reviewer, editor=editor, rating="true")
    a, b = sorted([claim.pk, linked.claim_id])
    ClaimLink.objects.create(claim_id=a, other_id=b, similarity=0.9, status=ClaimLink.Status.CONFIRMED)
    old.published_at = timezone.now() - dt.timedelta(days=3)
    old.save()
    checks = previous_checks(claim)
    assert [(p.claim.pk, p.rating_label, p.how) for p in checks] == [
        (old.claim_id, "Mostly false", "marked previously checked"),
        (linked.claim_id, "True", "confirmed by an editor")]
    assert checks[0].public_url.endswith("/checks/council-homes-1/") and checks[1].public_url is None
    other = ClaimFactory()
    assert previous_checks_for([claim, other]) == {claim.pk: previous_checks_for([claim])[claim.pk]}
    assert previous_checks_for([claim])[claim.pk][0].verdict_id == old.pk


@pytest.mark.django_db
def test_review_page_shows_the_findings(client, reviewer, editor):
    source = SourceFactory(name="Wire")
    body = ("According to a February report by the Syrian Center for Policy Research, the conflict has claimed "
            "the lives of over 470,000 people.")
    claim = ClaimFactory(article=ArticleFactory(body=body, source=source), start=0, end=len(body), sentence_start=0,
                         sentence_end=len(body), text=body, sentence=body,
                         speaker="Syrian Center for Policy Research", quantities=[OVER_470K],
                         dates=[{"text": "February", "value": "2016-02", "granularity": "month", "relation": "on"}],
                         score=0.67, reasons=["statistic", "dated", "little checkable wording"])
    QueueItemFactory(claim=claim)
    services.claim_next(reviewer)
    client.force_login(reviewer)
    html = client.get(f"/review/claims/{claim.pk}/").content.decode()
    assert "over 470,000 people: lower bound" in html
    assert 'February → <time datetime="2016-02">2016-02</time>' in html
    assert '<q class="attribution">report by the Syrian Center for Policy Research</q>' in html
    assert "raises it: statistic, dated" in html and "lowers it: little checkable wording" in html
    assert html.count("0.67") == 1  # one score, not two side by side


def _shaaban_claim(**kw):
    body = ("According to a February report by the Syrian Center for Policy Research, the conflict has claimed "
            "the lives of over 470,000 people.")
    return ClaimFactory(article=kw.pop("article", None) or ArticleFactory(body=body, source=SourceFactory(name="Wire")),
                        start=0, end=len(body), sentence_start=0, sentence_end=len(body), text=body, sentence=body,
                        speaker="Syrian Center for Policy Research", quantities=[OVER_470K],
                        dates=[{"text": "February", "value": "2016-02", "granularity": "month", "relation": "on"}],
                        score=0.67, reasons=["statistic", "dated", "little checkable wording"], **kw)


@pytest.mark.django_db
def test_claim_page_shows_the_findings_and_one_score(client, reviewer, editor):
    earlier = decided_verdict("published", editor=editor, rating="mostly-false", public_slug="earlier-1")
    claim = _shaaban_claim(previously_checked=earlier.claim)
    client.force_login(reviewer)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "What extraction found" in html
    assert "over 470,000 people: lower bound" in html
    assert 'February → <time datetime="2016-02">2016-02</time>' in html
    assert '<q class="attribution">report by the Syrian Center for Policy Research</q>' in html
    assert "raises it: statistic, dated" in html and "lowers it: little checkable wording" in html
    assert html.count("0.67") == 1  # one score: the meta line no longer repeats it
    assert "Why it was picked" not in html
    previous = html[html.index('class="finding-previous"'):]
    assert "Mostly false" in previous and f"/claims/{earlier.claim_id}/" in previous
    assert "/checks/earlier-1/" in previous


@pytest.mark.django_db
def test_article_page_shows_each_claims_findings(client, reviewer, editor):
    earlier = decided_verdict("published", editor=editor, rating="false")
    claim = _shaaban_claim(previously_checked=earlier.claim)
    plain = ClaimFactory(article=claim.article, start=0, end=10, score=0.31, reasons=[])
    client.force_login(reviewer)
    html = client.get(f"/articles/{claim.article_id}/").content.decode()
    block = html[html.index(f'id="findings-{claim.pk}"'):html.index(f'id="findings-{plain.pk}"')]
    assert "score 0.67 (medium) · 1 number · 1 date · <strong>previously checked: False</strong>" in block
    assert "over 470,000 people: lower bound" in block and "raises it: statistic, dated" in block
    assert "report by the Syrian Center for Policy Research" in block
    rest = html[html.index(f'id="findings-{plain.pk}"'):]
    assert "score 0.31 (low)</summary>" in rest and "none found" in rest
    assert html.count("0.67") == 2  # the summary and the open block of the same one score; no other


@pytest.mark.django_db
def test_article_page_queries_do_not_grow_with_its_claims(client, reviewer, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n: int) -> int:
        article = ArticleFactory(body=f"Tax receipts rose by 470,000 euros, the minister said. Run {n}.")
        group = ClaimGroup.objects.create(label=f"g{n}")
        for i in range(n):
            done = decided_verdict("published", editor=editor)
            c = ClaimFactory(article=article, start=i % 20, end=40, group=group, previously_checked=done.claim,
                             quantities=[OVER_470K], dates=[A_DAY_AFTER])
            linked = decided_verdict("published", editor=editor)
            a, b = sorted([c.pk, linked.claim_id])
            ClaimLink.objects.create(claim_id=a, other_id=b, similarity=0.9, status=ClaimLink.Status.AUTO)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/articles/{article.pk}/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(reviewer)
    assert count(3) == count(30)


@pytest.mark.django_db
def test_previous_checks_for_a_page_equal_one_by_one(reviewer, editor):
    group = ClaimGroup.objects.create(label="same")
    mate = decided_verdict("published", editor=editor, rating="true")
    mate.claim.group = group
    mate.claim.save()
    marked = decided_verdict("published", editor=editor, rating="false")
    linked = decided_verdict("published", editor=editor, rating="half-true")
    own = decided_verdict("published", editor=editor)  # a claim's own verdict is not a previous check
    claims = [ClaimFactory(group=group), ClaimFactory(previously_checked=marked.claim), own.claim,
              ClaimFactory(), mate.claim]
    own.claim.group = group
    own.claim.save()
    a, b = sorted([claims[1].pk, linked.claim_id])
    ClaimLink.objects.create(claim_id=a, other_id=b, similarity=0.9, status=ClaimLink.Status.CONFIRMED)
    batch = previous_checks_for(claims)
    for c in claims:
        assert batch.get(c.pk, []) == previous_checks(c), c.pk
    assert [p.claim.pk for p in batch[claims[0].pk]] == [mate.claim_id, own.claim_id]  # by published_at
    assert {p.how for p in batch[claims[1].pk]} == {"marked previously checked", "confirmed by an editor"}
    assert claims[3].pk not in batch
    assert [p.claim.pk for p in batch[mate.claim_id]] == [own.claim_id]


@pytest.mark.django_db
def test_previous_checks_from_the_links_already_read(client, reviewer, editor):
    """The claim page reads the claim's links once (links_for_claim) and gives them to
    previous_checks: the same checks as its own query, whatever the links' statuses and directions."""
    from claims.linking.selectors import links_for_claim

    before = [decided_verdict("published", reviewer=reviewer, editor=editor, rating="true").claim for _ in range(2)]
    claim = ClaimFactory()
    after = [decided_verdict("published", reviewer=reviewer, editor=editor, rating="true").claim for _ in range(2)]
    for status, other in zip(["confirmed", "auto", "suggested", "rejected"], [after[0], before[0], after[1], before[1]],
                             strict=True):  # links are stored as (smaller id, larger id): the claim on either side
        a, b = sorted([claim.pk, other.pk])
        ClaimLink.objects.create(claim_id=a, other_id=b, similarity=0.8, status=status)
    links = [linked.link for linked in links_for_claim(claim)]
    assert len(links) == 3  # not the rejected one
    given, own = previous_checks(claim, links), previous_checks(claim)
    assert [(p.claim.pk, p.how) for p in given] == [(p.claim.pk, p.how) for p in own] and len(own) == 2
    client.force_login(reviewer)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    previous = html[html.index('class="finding-previous"'):]
    assert all(f"/claims/{p.claim.pk}/" in previous for p in own)


def test_an_undated_articles_unresolved_dates_say_why():
    monday = {"text": "on Monday", "value": None, "granularity": "day", "relation": "on"}
    in_2019 = {"text": "in 2019", "value": "2019", "granularity": "year", "relation": "on"}
    unresolved, written_out = date_findings([monday, in_2019], undated=True)
    assert "no publication date" in unresolved.note and written_out.note == ""
    assert date_findings([monday])[0].note == ""  # a dated article's unresolved date: no such reason


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/claims/{pk}/", "/review/claims/{pk}/"])
def test_claim_pages_show_the_articles_date_or_that_it_is_undated(client, reviewer, reviewer2, page):
    dated = _shaaban_claim(article=ArticleFactory(published=dt.date(2016, 3, 15)))
    undated = _shaaban_claim(article=ArticleFactory(published=None))
    undated.dates = [{"text": "last year", "value": None, "granularity": "day", "relation": "on"}]
    undated.save(update_fields=["dates"])
    QueueItemFactory(claim=dated, priority=2)
    QueueItemFactory(claim=undated, priority=1)
    assert services.claim_next(reviewer).claim_id == dated.pk  # the review page is the lease holder's
    assert services.claim_next(reviewer2).claim_id == undated.pk
    client.force_login(reviewer)
    html = client.get(page.format(pk=dated.pk)).content.decode()
    assert 'published <time datetime="2016-03-15">2016-03-15</time>' in html
    assert 'id="undated-note-' not in html
    client.force_login(reviewer2)
    html = client.get(page.format(pk=undated.pk)).content.decode()
    assert '<span id="article-date">undated</span>' in html
    assert "last year → not resolved</span> <span class=\"meta date-note\">(the article has no publication date" in html
    assert 'id="undated-note-' in html
