"""Reads for articles and claims, and the one claim search (web page, queue filter, API filter)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Replace

from factcheck.db import in_few, in_ids, per_row
from factcheck.pagination import count_upto

from . import review_state
from .corrections import may_correct
from .models import Article, Claim
from .value_corrections import correctable_number, number_shown

#: The article list's order; index article_list_order_idx matches it (NULL dates first).
ARTICLE_ORDER = ("-published", "-created_at", "-id")


def article_list() -> QuerySet[Article]:
    """Articles for the list, without their bodies; page with factcheck.pagination and add the
    counts with ``with_claim_counts`` for the rows shown."""
    return Article.objects.select_related("source").defer("body").order_by(*ARTICLE_ORDER)


def with_claim_counts(articles: Sequence[Article]) -> list[Article]:
    """Set ``claim_count`` and ``queued_count`` on ``articles`` with one grouped query over their
    claims only (index claim_article_pos_idx), instead of joining every claim before the limit.
    Queued means waiting for a reviewer: a claim held by one is in review (``review_state``)."""
    articles = list(articles)
    ids = [a.pk for a in articles]
    # review_state.state_q(QUEUED) as a NOT EXISTS: PostgreSQL hashes the few leased queue items
    # once, where the join state_q makes was planned as a hash join over the whole queue (a scan of
    # all 255k queue items per article page at 1M claims: 0.7 ms instead of 28 ms)
    queue_item = Claim._meta.get_field("queue_item").related_model
    leased = queue_item.objects.filter(claim_id=OuterRef("pk"), status=review_state.LEASED)
    waiting = Q(status=review_state.QUEUED) & ~Exists(leased)
    counts = {row["article_id"]: row for row in (
        Claim.objects.filter(article_id__in=ids).order_by().values("article_id")
        .annotate(n=Count("id"), queued=Count("id", filter=waiting))
    )} if ids else {}
    for a in articles:
        row = counts.get(a.pk, {})
        a.claim_count = row.get("n", 0)
        a.queued_count = row.get("queued", 0)
    return articles


def article_claims(article: Article) -> QuerySet[Claim]:
    """The article's claims in reading order, with their verdict and ``review_state``."""
    return review_state.with_review_state(article.claims.select_related("verdict")).order_by("start", "id")


# --- search ---------------------------------------------------------------------------------------

#: Thousands separators between digits ("470,000", "470\u00a0000"); claims migration 0009 drops the
#: same ones from the stored vector (claims_normalise_numbers), so "470000" and "470,000" match.
NUMBER_SEPARATOR = re.compile(r"(?<=\d)[,\u00a0\u202f](?=\d{3}(?!\d))")
#: Ranking reads at most this many matches (their stored vectors), however common the words are.
SEARCH_CANDIDATES = 1000
SEARCH_MAX_CHARS = 200
#: Review states whose claims are few at any size (the claims in review: returned verdicts plus one
#: held claim per reviewer, ~2,600 at 1M claims): a search within one tests the words on those rows
#: (factcheck.db.per_row) instead of intersecting them with every posting of the words.
FEW_STATES = frozenset({review_state.IN_REVIEW})
_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def normalise_numbers(text: str) -> str:
    """``text`` with thousands separators inside numbers dropped: "470,000" -> "470000"."""
    return NUMBER_SEPARATOR.sub("", text)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer  # the Snowball English stemmer, as PostgreSQL's english configuration uses

    return snowballstemmer.stemmer("english")


def _portable_terms(q: str) -> tuple[list[str], list[str]]:
    """(required, excluded) substrings for the SQLite fallback, from websearch-like syntax:
    words (stemmed), "quoted phrases", -excluded; "or" is ignored (every word is required)."""
    required: list[str] = []
    excluded: list[str] = []
    for m in _TERM.finditer(q):
        neg = bool(m.group(1) or m.group(3))
        raw = m.group(2) if m.group(2) is not None else m.group(4)
        term = normalise_numbers(raw).lower().replace(",", "").strip(" .;:!?()[]'\"")
        if not term or term == "or":
            continue
        if " " not in term and term.isalpha() and len(term) > 3:
            term = _stemmer().stemWord(term)
        (excluded if neg else required).append(term)
    return required[:8], excluded[:8]


def _query(q: str) -> Any:
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(normalise_numbers(q), config="english", search_type="websearch")


def search_claims(q: str, *, qs: QuerySet[Claim] | None = None, status: str | None = None) -> QuerySet[Claim]:
    """The claims of ``qs`` (all claims) matching the text query ``q`` over text, sentence and
    speaker, with the review state ``status`` (``claims.review_state``: "in_review" includes the
    claims a reviewer holds); unordered. Filtering by a verdict's rating is the review side's
    (``reviewers.visibility.rated_claims``, which callers pass in as ``qs``).

    PostgreSQL: websearch syntax ("quoted phrase", -word, or) against the stored ``search_vector``
    (GIN index claim_search_idx; English stemming, so "withdraw" finds "withdrawal"). SQLite: each
    word (stemmed the same way) and phrase is a case-insensitive substring of the text, sentence or
    speaker. Both drop thousands separators, so "470000" finds "470,000" and the reverse. The web
    search page, the queue's ``q=`` filter and the API's ``?q=`` filter all call this.

    With a ``status`` of FEW_STATES the words are tested on the state's few rows, fetched by their
    indexes (claim_status_idx, the leased claims' keys), not read from the text index, and the
    matching ids are read first (factcheck.db.in_few), so the caller's query fetches those rows by
    key whatever its order: "tax" in review at 1M claims read 200,000 postings to keep 536 (17-29 ms
    of SQL); now 2,586 rows are tested (2.5-6 ms warm). A rare word costs the same (0.05 ms through
    the text index). Without the id list, the API's keyset order (article, position) was walked
    through the article index testing every claim (53-66 ms)."""
    qs = Claim.objects.all() if qs is None else qs
    q = (q or "").strip()[:SEARCH_MAX_CHARS]
    if q and status in FEW_STATES and connection.vendor == "postgresql":
        few = review_state.filter_state(Claim.objects.all(), status).filter(per_row(Q(search_vector=_query(q))))
        return qs.filter(in_few("pk", few.values("pk")))
    if status:
        qs = review_state.filter_state(qs, status)
    if not q:
        return qs
    if connection.vendor == "postgresql":
        return qs.filter(search_vector=_query(q))
    required, excluded = _portable_terms(q)
    if not required and not excluded:
        return qs.none()
    doc = Replace(Concat(F("text"), Value(" "), F("speaker"), Value(" "), F("sentence"), output_field=TextField()),
                  Value(","), Value(""), output_field=TextField())
    qs = qs.alias(_search_doc=doc)
    for term in required:
        qs = qs.filter(_search_doc__icontains=term)
    for term in excluded:
        qs = qs.exclude(_search_doc__icontains=term)
    return qs


@dataclass
class SearchResults:
    """The best ``claims`` of a search, and how many matched ("1,000+" past the cap)."""

    claims: list[Claim]
    matched: int
    more: bool

    @property
    def matched_label(self) -> str:
        return f"{self.matched:,}+" if self.more else f"{self.matched:,}"


def ranked_search(q: str, *, qs: QuerySet[Claim] | None = None, status: str | None = None,
                  limit: int = 50, only: Sequence[str] | None = None) -> SearchResults:
    """The search page: the ``limit`` best matches of ``search_claims`` within ``qs`` (given: a
    filter already applies, e.g. a verdict rating; None: all claims). Ranking is bounded: on
    PostgreSQL ``ts_rank`` runs over at most SEARCH_CANDIDATES matches (read from the GIN index,
    not sorted), then by check-worthiness score; SQLite orders by score. Two queries, both bounded.
    ``only``: the columns the caller shows (``QuerySet.only`` names, with the article and verdict
    selected), so the rows shown skip the rest (the JSON columns, the search vector)."""
    q = (q or "").strip()[:SEARCH_MAX_CHARS]
    if not (q or status or qs is not None):
        return SearchResults([], 0, False)
    matches = search_claims(q, qs=qs, status=status)
    if not q:  # filters without words: the most check-worthy first (index on score)
        matched, more = count_upto(matches, SEARCH_CANDIDATES)
        if not matched:
            return SearchResults([], 0, False)
        shown = matches.select_related("article", "verdict").order_by("-score", "id")
        shown = shown.only(*only) if only else shown
        return SearchResults(list(review_state.with_review_state(shown)[:limit]), matched, more)
    # the candidates once (one read of the text index, however common the words), then counted,
    # ranked and shown by primary key; counting and ranking each read the index again before
    # (a common word with a status filter: two BitmapAnds of 200k postings, 110 ms of SQL)
    ids = list(matches.order_by().values_list("pk", flat=True)[: SEARCH_CANDIDATES + 1])
    matched, more = min(len(ids), SEARCH_CANDIDATES), len(ids) > SEARCH_CANDIDATES
    if not ids:
        return SearchResults([], 0, False)
    candidates = ids[:SEARCH_CANDIDATES]
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        rank = SearchRank(F("search_vector"), _query(q))
        order = ("-rank", "-score", "id")
        # rank the candidates on the claims alone, then join article and verdict for the page
        # only (joining them first fetched 1,000 articles and verdicts to show 50)
        best = Claim.objects.filter(in_ids("pk", candidates)).annotate(rank=rank).order_by(*order).values("pk")[:limit]
        shown = (Claim.objects.select_related("article", "verdict").defer("article__body").filter(pk__in=best)
                 .annotate(rank=rank).order_by(*order))
    else:  # SQLite: the same bounded candidate set, by check-worthiness
        shown = Claim.objects.select_related("article", "verdict").filter(pk__in=candidates).order_by("-score", "id")
    shown = shown.only(*only) if only else shown
    return SearchResults(list(review_state.with_review_state(shown)[:limit]), matched, more)


# --- one claim ------------------------------------------------------------------------------------

def claim_in_context(claim: Claim, radius: int = 400) -> dict:
    """The sentence with some text either side, cut at word boundaries, for reading in context."""
    body = claim.article.body
    s, e = claim.sentence_start, claim.sentence_end
    if not (0 <= s < e <= len(body)) or claim.span_missing:
        return {"before": "", "sentence": claim.sentence, "after": "", "span": None}
    a = max(0, s - radius)
    b = min(len(body), e + radius)
    if a > 0:
        a = body.find(" ", a, s) + 1 or a
    if b < len(body):
        b = body.rfind(" ", e, b) if body.rfind(" ", e, b) > 0 else b
    sentence = body[s:e]
    cs, ce = claim.start - s, claim.end - s
    span = None
    if 0 <= cs < ce <= len(sentence):
        span = {"pre": sentence[:cs], "claim": sentence[cs:ce], "post": sentence[ce:]}
    return {"before": ("…" if a > 0 else "") + body[a:s], "sentence": sentence, "span": span,
            "after": body[e:b] + ("…" if b < len(body) else "")}


def correction_context(user: Any, claim: Claim, draft: dict[str, str] | None = None) -> dict:
    """Flags, choices and values for the "correct this claim" forms (claims.corrections): the claim's own
    values, or what the person typed when a correction was refused (``draft``, claims.correction_drafts).
    The claim's history (merged with its leases) is the review side's: reviewers.history.claim_history."""
    may = may_correct(user) and not claim.merged_into_id and "not_a_claim" not in (claim.corrected_fields or [])
    draft = draft or {}
    return {
        "can_correct": may,
        "kinds": Claim.Kind.choices,
        "fix": {"text": draft.get("text", claim.text), "speaker": draft.get("speaker", claim.speaker),
                "kind": draft.get("kind", claim.kind), "split_at": draft.get("split_at", ""),
                "reason": draft.get("reason", "")},
        # the numbers and dates a person may correct (claims.value_corrections), by position in the claim's lists
        "number_rows": [(i, q.get("text", ""), draft.get(f"number-{i}", number_shown(q)), q.get("kind", ""))
                        for i, q in enumerate(claim.quantities or []) if correctable_number(q)] if may else [],
        "date_rows": [(i, d.get("text", ""), draft.get(f"date-{i}", str(d.get("value") or "")))
                      for i, d in enumerate(claim.dates or []) if isinstance(d, dict)] if may else [],
        "merge_candidates": list(claim.article.claims.exclude(pk=claim.pk).exclude(status=Claim.Status.DISMISSED)
                                 # article: the related manager reads each row's article_id (deferred,
                                 # it was one query per candidate)
                                 .only("id", "text", "start", "article").order_by("start")[:200]) if may else [],
    }
