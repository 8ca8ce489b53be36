"""Ranking the candidate claims of one article: which ones a reviewer should see first.

``score_candidates(title, text, candidates)`` gives each candidate ONE score in [0, 1]: the sentence's
check-worthiness (the learned model in ``scorer.py``, trained on ../shared/training only) combined with what the
article says about the claim's importance:

- position: news is written as an inverted pyramid, so the main claim sits in the first sentences;
- overlap with the headline (when there is one) and with the article as a whole ("centrality");
- a finding or report cue (a study, researchers, a survey, "found", "shows", "according to"), and a stronger one
  when the article reports its own new study or paper ("a new study", "published in ...", "posted to bioRxiv");
- a sentence the article repeats (a standfirst and its body twin): the fuller copy takes the earlier position and
  the shorter one a small penalty;
- numbers and named entities; attribution to a named official or an organisation;
- direct quotes (colour, rarely the main claim) and captions count against; hooks addressed to the reader ("Did
  you ...?") are a feature with weight 0 since rank-3 (health news states its main claim to "you" as often).

- a sentence that says what a study did ("researchers examined ...", "scientists are testing ...") rather than
  what it found counts against (rank-4).
- a digest's conclusion ("Conclusions The current work demonstrated ...", "Implications ...", "Overall, ...")
  counts for: structured science digests state their main finding there, after the background and results
  (rank-5; hand-set weight, chosen on the rest's two halves, see bench/README.md).
- a feature lede's scene-setter that states no news counts against (rank-6, ``_GENERIC``): a span of history ("For
  thousands of years, ..."), an existential hook ("There are a lot of ..."), a truth everyone shares ("Anyone who
  ... knows"), a definition or generic property of a bare noun ("Myopia is a ...", "Bumblebees are important ...",
  "Doctors have long ..."). Hand-set weight -2.0, chosen on the rest's two halves (bench/README.md). rank-6 also
  narrows the study-method feature (a sentence that says what a study did AND what it found, "examined ... and
  found", is not a design sentence) and counts caption wording left in the body ("Shown are ...", "... is visible
  in the foreground", "seen here") as a caption. rank-7 refits the narrowed feature's weight with rank-4's recipe
  (-2.5 -> -3.06), run as ``bench_ranking.py --rest-only --fit --write``: the held-back documents not even read.
- an aside counts against (rank-8, ``_ASIDE``, hand-set -2.0): where a study appeared or who funded it, with nothing
  it found ("The results were published in the journal X."), or a sentence wholly in parentheses; such a note also
  loses the study and finding cues that "published in" gave it.

The combination is a logistic form over those features (``RankerParams``; weights in ``models/ranker.json``).
rank-3's weights were set by the rules above, six of them (position decay, weights of the model, the cue,
centrality, the new-study cue and the duplicate) chosen from a small grid on the non-held-back part of the iNoBo dev
set. rank-4 keeps that form as a prior and FITS the correction on top of it: the weight of the study-method feature,
by a listwise (conditional) logistic regression of "this candidate covers the gold main claim" over the candidates of
each article, on the 81 non-held-back iNoBo dev documents only (L2 strength chosen by 5-fold cross-validation over
those documents; ``bench/bench_ranking.py --fit --write`` is the recipe and rewrites the file). A full refit of every
weight from zero was worse under the same cross-validation (see bench/README.md). No eval text is stored, only the
weights. ``bench/bench_ranking.py`` prints the held-back figures beside the lead baseline. Pure Python; importable
without Django settings.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

RANKER_VERSION = "rank-8"
#: Two sentences sharing this share of their content words say the same thing (a standfirst and its body twin).
DUPLICATE_JACCARD = 0.6
#: ... looked for among the first this many candidate sentences.
DUPLICATE_WINDOW = 40


@dataclass
class Candidate:
    """What the pipeline knows about one candidate claim (offsets index the article text)."""

    text: str
    sentence: str = ""
    start: int = 0
    sentence_index: int = 0
    quantities: list[dict[str, Any]] = field(default_factory=list)
    speaker: str = ""
    attributed: bool = False
    official: bool = False
    kind: str = ""


@dataclass(frozen=True)
class RankerParams:
    """Weights of the logistic combination (see the module docstring for how they were set)."""

    tau: float = 3.0  # position decay, in candidate sentences: prior exp(-k / tau)
    w_position: float = 4.0
    w_model: float = 0.0  # times the model's logit (0 on the debate-trained linear model: see bench_ranking --grid)
    w_cue: float = 1.5
    w_title: float = 2.5  # share of the headline's words the claim repeats (no titles in iNoBo: a prior)
    w_centrality: float = 3.0
    w_number: float = 0.3
    w_entity: float = 0.2
    w_official: float = 0.3
    w_quote: float = -0.8
    w_hook: float = 0.0
    w_caption: float = -2.0
    w_study: float = 2.0  # reports a new study or paper ("a new study", "published in", "researchers at X found")
    w_duplicate: float = -1.0  # the shorter copy of a sentence the article repeats (a standfirst and its body twin)
    w_question: float = 0.0  # a question ending in "?" (the hook weight above also counts "you")
    w_method: float = 0.0  # describes what a study did, not what it found (fitted: see ranker.json)
    w_conclusion: float = 2.0  # opens with a conclusion label: "Conclusions ...", "Implications ...", "Overall, ..."
    w_generic: float = -2.0  # a scene-setter stating no news: "For thousands of years, ...", "Myopia is a ..." (rank-6)
    w_aside: float = -2.0  # where a study appeared or who funded it, or a sentence wholly in parentheses (rank-8)
    bias: float = -1.0


#: The shipped weights: rank-3's hand-set form plus the correction fitted on the iNoBo rest documents
#: (``bench/bench_ranking.py --fit --write`` rewrites the file; see its "fitted_on" and "cv" fields).
PARAMS_FILE = Path(__file__).resolve().parent / "models" / "ranker.json"


def load_params(path: Path = PARAMS_FILE) -> RankerParams:
    """RankerParams from the weights file; the dataclass defaults (rank-3, no correction) when it is absent."""
    try:
        weights = json.loads(path.read_text(encoding="utf-8"))["weights"]
    except (OSError, ValueError, KeyError):
        return RankerParams()
    known = {f.name for f in fields(RankerParams)}
    return RankerParams(**{k: float(v) for k, v in weights.items() if k in known})


DEFAULT_PARAMS = load_params()

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset(
    """the a an of and or but to in on at by for with from as is are was were be been being has have had will would
    could may might can that this these those it its his her their they he she we i you your who which what when
    where while also not no than then there here about after before over under into said says say told more most
    some such other only just very new one two many much do does did how why all any each our us them him""".split()
)
_CUE = re.compile(
    r"\b(?:stud(?:y|ies)|research(?:ers)?|scientists?|survey|poll|report|analysis|trial|data|findings?|evidence|"
    r"found|finds|find|show(?:s|ed|n)?|suggests?|suggested|reveal(?:s|ed)?|discovered|concluded|indicates?|"
    r"linked|associated|according to|published|estimates?|estimated)\b",
    re.IGNORECASE,
)
_STUDY = (r"(?:stud(?:y|ies)|research(?:ers)?|scientists?|survey|poll|report|analys[ie]s|meta-analysis|trial|data|"
          r"findings?|experts?|authors?|team|investigators?)")
_FINDING = (r"(?:found|finds|show(?:s|ed|n)?|suggests?|suggested|reveal(?:s|ed)?|discovered|conclude[sd]?|"
            r"demonstrated?|indicates?|confirm(?:s|ed)?|estimates?|estimated|linked|associated)")
#: A finding reported from a study or by researchers, in either order, or a "Conclusion(s)" section opener.
#: Section labels a digest sums up under ("Conclusions The current work ...", "Overall, ..."): a cue, and with
#: ``_CONCLUSION``'s shape a conclusion.
_SUMMARY_LABELS = r"conclusions?|in conclusion|overall|implications"
_STRONG_CUE = re.compile(
    rf"\b{_STUDY}\b[^.;]{{0,90}}\b{_FINDING}\b|\b{_FINDING}\b[^.;]{{0,140}}\b{_STUDY}\b|\baccording to\b"
    rf"|^\W*(?:{_SUMMARY_LABELS}|findings|results|key findings)\b",
    re.IGNORECASE,
)
#: Captions, credits and the titles of cited papers ("Study: ...", "Image Credit: ...", "The image shows ...").
_CAPTION = re.compile(
    r"\b(?:image credit|photo credit|credit:|image:|photo:|pictured)|^\W*study:\s"
    r"|^\W*(?:the|this)\s+(?:\d{4}\s+)?(?:image|photo|picture|map|graphic|chart|illustration|video)\s+"
    r"(?:shows|depicts)"
    # rank-6: the wording of a caption left in the body ("Shown are ...", "... is visible on the left", "seen here")
    r"|^\W*shown\s+(?:are|is|here|above|below|at)\b|\b(?:seen|shown)\s+here\b"
    r"|\b(?:is|are)\s+visible\b(?=[^.]{0,40}\b(?:left|right|foreground|background|side|top|bottom|cent(?:er|re))\b)",
    re.IGNORECASE,
)
_HOOK = re.compile(
    r"^\W*(?:did|do|does|have|has|are|is|can|could|would|should|what|why|how|imagine|picture this|ever)\b.*\?\W*$"
    r"|\b(?:you|your|you're|you've)\b",
    re.IGNORECASE,
)
#: The article reports its own new study or paper: "a new study", "in a recent study posted to ...", "published
#: in (the journal) ...", "researchers at/from X found/report".
_NEW_STUDY = re.compile(
    r"\b(?:a|the|this|their|our)\s+(?:new|recent|latest|newly published|forthcoming|large|major)\s+(?:[\w-]+\s+)?"
    r"(?:stud(?:y|ies)|report|analysis|review|trial|survey|paper|research|meta-analysis)\b"
    r"|\b(?:published|posted|appearing|appears|reported)\s+(?:online\s+|today\s+|this week\s+)?(?:in|to|on)\s+"
    r"(?:the\s+)?(?:journal\b|[A-Z]|\w+ preprint|preprint)"
    r"|\bresearchers\s+(?:at|from)\s+(?:the\s+)?[A-Z][^.;]{0,80}\b(?:found|find|report(?:ed)?|show(?:ed)?|have)\b",
)
#: The article says what a study DID (its design: examined, investigated, assessed, simulated, "are testing", "sought
#: to", "set out to"), not what it found: the lede of many science stories, rarely their main claim.
_METHOD = re.compile(
    r"\b(?:examin(?:e|es|ed|ing)|investigat(?:e|es|ed|ing)|assess(?:es|ed|ing)?|evaluat(?:e|es|ed|ing)|"
    r"explor(?:e|es|ed|ing)|analy[sz](?:e|es|ed|ing)|simulated|(?:are|were|is|was|by|and|been) testing|surveyed|"
    r"sought to|aim(?:ed|s)? to|set out to|looked at|studied|performed a|conducted a|designed and)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"\?\W*$")
#: Words that open a subject which is NOT a bare generic noun ("The study ...", "Researchers ...", "In 2020 ...").
_NOT_BARE = (r"(?:the|a|an|this|these|that|those|its|their|our|his|her|my|your|some|many|most|several|one|two|three|"
             r"each|every|no|all|both|such|in|on|at|for|by|with|from|as|if|when|while|although|though|but|and|so|"
             r"because|since|after|before|it|they|we|he|she|there|here|i|you|what|how|why|who|new|last|recent|"
             r"researchers?|scientists?|study|studies|experts?|according|officials?)")
#: A feature lede's scene-setter that states no news (rank-6): a span of history ("For thousands of years, ..."),
#: an existential hook ("There are a lot of ..."), a truth everyone shares ("Anyone who ... knows", "It's no
#: secret"), or a definition / generic property of a bare noun ("Myopia is a ...", "Bumblebees are important ...",
#: "Doctors have long ..."). Only at the sentence's start.
_GENERIC = re.compile(
    r"^\W*(?:"
    r"for\s+(?:many\s+|several\s+)?(?:thousands|hundreds|centuries|decades|generations|millennia|ages|years)\b"
    r"(?:\s+of\s+years)?\s*,"
    r"|throughout\s+(?:history|the\s+ages|human\s+history)|since\s+(?:ancient\s+times|the\s+dawn\b|time\s+immemorial)"
    r"|there\s+(?:are|is|'s|’s)\s+(?:a\s+lot\s+of|lots\s+of|plenty\s+of|many\s+\w+\s+to|no\s+doubt|no\s+question"
    r"|a\s+(?:number|variety|range|host)\s+of)\b"
    r"|(?:anyone|everyone|everybody|anybody)\s+(?:who|knows)\b|we\s+all\s+know|most\s+of\s+us|many\s+of\s+us"
    r"|it(?:'s|’s|\s+is)\s+(?:no\s+secret|well\s+known|common\s+knowledge)|imagine\b|picture\s+this"
    rf"|(?!{_NOT_BARE}\b)[a-z][a-z-]+(?:\s+[a-z-]+){{0,2}}\s+(?:is|are)\s+(?:an?|one\s+of|among)\s"
    rf"|(?!{_NOT_BARE}\b)[a-z][a-z-]+(?:\s+[a-z-]+){{0,2}}\s+are\s+(?:important|essential|common|key|vital|crucial|"
    r"often|usually|widely|known)\b"
    rf"|(?!{_NOT_BARE}\b)[a-z][a-z-]+(?:\s+[a-z-]+)?\s+(?:have|has)\s+(?:\w+ly\s+)?(?:long|always|evolved|"
    r"been\s+(?:known|used|around))\b"
    r")",
    re.IGNORECASE,
)
#: A digest's conclusion: the section label glued to its first sentence ("Conclusions The current work ...") or
#: an "Overall, ..." / "In conclusion, ..." opener; "Overall turnout ..." and "Implications of the rule ..." are not.
_CONCLUSION = re.compile(
    rf"^\W*(?:{_SUMMARY_LABELS}|in summary)\b(?!\s+(?-i:of|in|for|the|to)\b)"
    r"(?=\s*,|\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
#: A note on where a study appeared or who paid for it, with nothing it found ("The results were published in the
#: journal X.", "The study appears in Nature Medicine.", "The work was funded by ..."), or a sentence set wholly in
#: parentheses: an aside, rarely the news (rank-8).
_ASIDE = re.compile(
    rf"^\W*(?:(?:the|their|these|this|our|his|her|its)\s+(?:new\s+|latest\s+|full\s+)?(?:results?|findings|stud(?:y|ies)|"
    r"research|paper|work|report|analysis|trial)\s+(?:(?:was|were|is|are|has\s+been|have\s+been|will\s+be)\s+)?"
    r"(?:published|posted|reported|presented|detailed|described|funded|supported|appears?|appeared)\s+"
    rf"(?:online\s+|today\s+|this\s+week\s+|on\s+\w+\s+)?(?:in|on|at|by|to)\b(?![^.;]*\b(?:that|says?|said|{_FINDING})\b)[^;]{{0,160}}$"
    r"|\(.*\)\W*$)",
    re.IGNORECASE,
)
_QUOTE_OPEN = re.compile(r"^\W{0,2}[\"“”'‘]")
_ENTITY = re.compile(r"(?<=[\s(])[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def _content(s: str) -> list[str]:
    out = []
    for w in _WORD.findall(s.lower()):
        w = re.sub(r"'s$", "", w)
        if len(w) > 2 and w not in _STOP:
            out.append(w[:6])  # a crude stem: "vaccines"/"vaccinated" meet
    return out


def _overlap(words: set[str], other: set[str]) -> float:
    return len(words & other) / len(words) if words else 0.0


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def features(title: str, text: str, candidates: Sequence[Candidate]) -> list[dict[str, float]]:
    """The article-level features of each candidate (all in [0, 1] except where noted)."""
    title_words = set(_content(title or ""))
    words = [set(_content(c.text)) for c in candidates]
    # centrality: the share of a sentence's words that recur elsewhere in the article, damped by frequency
    article = Counter(w for ws in {c.sentence_index: set(_content(c.sentence or c.text)) for c in candidates}.values()
                      for w in ws)
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i].sentence_index, candidates[i].start))
    rank_of_sentence: dict[int, int] = {}
    for i in order:
        rank_of_sentence.setdefault(candidates[i].sentence_index, len(rank_of_sentence))
    rank = [float(rank_of_sentence[c.sentence_index]) for c in candidates]
    duplicate = [0.0] * len(candidates)
    # only among the lead's candidates (where a standfirst repeats): linear in article length
    lead = [i for i in order if rank[i] < DUPLICATE_WINDOW]
    for n, i in enumerate(lead):
        for j in lead[:n]:
            a, b = words[i], words[j]
            if len(a) < 4 or len(b) < 4 or candidates[i].sentence_index == candidates[j].sentence_index:
                continue
            if len(a & b) / len(a | b) >= DUPLICATE_JACCARD:
                # the fuller copy keeps the earlier position; the other is marked a duplicate
                keep, drop = (i, j) if len(candidates[i].text) > len(candidates[j].text) else (j, i)
                rank[keep] = min(rank[i], rank[j])
                duplicate[drop] = 1.0
    out = []
    for i, c in enumerate(candidates):
        ws = words[i]
        cent = (sum(min(1.0, math.log1p(max(0, article[w] - 1)) / math.log(4)) for w in ws) / len(ws)) if ws else 0.0
        body = c.text
        aside = bool(_ASIDE.search(body))
        strong = bool(_STRONG_CUE.search(body)) and not aside  # "published in the journal X" alone reports nothing
        out.append({
            "rank": rank[i],
            "duplicate": duplicate[i],
            "study": 1.0 if _NEW_STUDY.search(body) and not aside else 0.0,
            "question": 1.0 if _QUESTION.search(body) else 0.0,
            "title": _overlap(title_words, ws) if title_words else 0.0,
            "centrality": cent,
            "cue": 1.0 if strong else 0.5 if _CUE.search(body) and not aside else 0.0,
            "caption": 1.0 if _CAPTION.search(body) else 0.0,
            "number": 1.0 if any(q.get("kind") != "year" for q in c.quantities) else 0.0,
            "entity": min(1.0, len(_ENTITY.findall(" " + body)) / 3),
            "official": 1.0 if c.attributed and c.official else 0.0,
            "quote": 1.0 if _QUOTE_OPEN.search(body) or c.kind == "quote" and '"' in body else 0.0,
            "hook": 1.0 if _HOOK.search(body) else 0.0,
            # what a study did, unless the sentence also says what it found (rank-6)
            "method": 1.0 if _METHOD.search(body) and not strong else 0.0,
            "generic": 1.0 if _GENERIC.search(body) else 0.0,
            "conclusion": 1.0 if _CONCLUSION.search(body) else 0.0,
            "aside": 1.0 if aside else 0.0,
        })
    return out


def logits(feats: Sequence[dict[str, float]], model: Sequence[float], params: RankerParams = DEFAULT_PARAMS
           ) -> list[float]:
    """The linear part of ``combine`` (before the logistic function): what ``bench_ranking --fit`` fits against."""
    p = params
    out = []
    for f, m in zip(feats, model, strict=True):
        out.append(p.bias + p.w_position * math.exp(-f["rank"] / p.tau) + p.w_model * _logit(m) + p.w_cue * f["cue"]
                   + p.w_title * f["title"] + p.w_centrality * f["centrality"] + p.w_number * f["number"]
                   + p.w_entity * f["entity"] + p.w_official * f["official"] + p.w_quote * f["quote"]
                   + p.w_hook * f["hook"] + p.w_caption * f["caption"] + p.w_study * f["study"]
                   + p.w_duplicate * f["duplicate"] + p.w_question * f["question"] + p.w_method * f["method"]
                   + p.w_conclusion * f.get("conclusion", 0.0) + p.w_generic * f.get("generic", 0.0)
                   + p.w_aside * f.get("aside", 0.0))
    return out


def combine(feats: Sequence[dict[str, float]], model: Sequence[float], params: RankerParams = DEFAULT_PARAMS
            ) -> list[float]:
    """The one score per candidate: a logistic function of the features and the model's probability."""
    return [round(1.0 / (1.0 + math.exp(-z)), 4) for z in logits(feats, model, params)]


@dataclass
class Ranked:
    score: float
    reasons: list[str]


def explain(f: dict[str, float], model: float, threshold: float) -> list[str]:
    """Words for the reviewer: why the claim ranks where it does (no second number beside the score)."""
    out = ["opens the article" if f["rank"] == 0 else "in the lead" if f["rank"] < 3 else ""]
    if f["cue"] >= 1:
        out.append("reports a finding or a source")
    if f["title"] >= 0.5:
        out.append("echoes the headline")
    out.append("check-worthy wording" if model >= threshold else "little checkable wording")
    if f["caption"]:
        out.append("looks like a caption or credit")
    if f["hook"]:
        out.append("addresses the reader")
    if f["quote"]:
        out.append("direct quote")
    if f.get("method"):
        out.append("describes what a study did, not what it found")
    if f.get("conclusion"):
        out.append("states the conclusion")
    if f.get("generic"):
        out.append("sets the scene, states no news")
    if f.get("aside"):
        out.append("an aside: where a study appeared, or in parentheses")
    return [r for r in out if r]


def rank(
    title: str | None,
    text: str,
    candidates: Sequence[Candidate],
    *,
    model: Callable[[list[str]], list[float] | None] | None = None,
    params: RankerParams = DEFAULT_PARAMS,
) -> list[Ranked]:
    """One score in [0, 1] per candidate (same order; higher = show it to a reviewer first) and its reasons.

    ``model`` maps claim texts to check-worthiness probabilities (default: the shipped scorer via ``scoring``);
    when it is unavailable (returns None) a neutral 0.5 is used, so position and the article features still rank.
    """
    if not candidates:
        return []
    from . import scoring

    threshold = 0.5
    if model is None:
        model = scoring.model_scores
        threshold = scoring.model_threshold() or 0.5
    probs = model([c.text for c in candidates])
    missing = probs is None
    if probs is None:
        probs = [0.5] * len(candidates)
    feats = features(title or "", text, candidates)
    scores = combine(feats, probs, params)
    out = []
    for f, m, sc in zip(feats, probs, scores, strict=True):
        reasons = explain(f, m, threshold)
        if missing:
            reasons = [r for r in reasons if not r.endswith("checkable wording") and r != "check-worthy wording"]
            reasons.append("no check-worthiness model: article features only")
        out.append(Ranked(sc, reasons))
    return out


def score_candidates(
    title: str | None,
    text: str,
    candidates: Sequence[Candidate],
    *,
    model: Callable[[list[str]], list[float] | None] | None = None,
    params: RankerParams = DEFAULT_PARAMS,
) -> list[float]:
    """Just the scores of ``rank``."""
    return [r.score for r in rank(title, text, candidates, model=model, params=params)]
