"""What is a claim: non-claims (boilerplate, captions, questions, teasers), checkable content, and the kind.

A claim is a sentence or clause with checkable content: a number, a named actor saying or doing something, a
comparison, a cause, a dated event or a prediction attributed to someone. Narrative filler, opinion without
facts, questions, captions and boilerplate are not claims (``non_claim_reason`` and ``checkable``).
"""

from __future__ import annotations

import re
from typing import Any

from .quotes import quote_spans
from .sentences import Sentence

_BOILERPLATE = re.compile(
    r"^\W*(?:read more|read also|subscribe|sign up|follow us|click here|share this|advertisement|related:|"
    r"related articles|related stories|watch:|listen:|photo:|image:|video:|sources?:|editing by|reporting by|"
    r"newsletter|cookie|copyright|\u00a9|you may also like|more on this|top stories|download our app|"
    r"our standards:|additional reporting by|writing by|compiled by|contact the (?:author|reporter)|"
    r"follow (?:him|her|them|us) on|this story (?:has been|was) (?:updated|corrected)|"
    r"(?:media|press|investor) (?:contacts?|inquiries|relations)\b|for immediate release|"
    r"this (?:press |news )?release (?:contains|includes|may contain) forward-looking)"
    r"|all rights reserved|terms of (?:use|service)|privacy policy"
    # a wire's licence line and a newsroom's correction notice are about the article, not the news
    r"|\bmay not be (?:published|reproduced|redistributed|broadcast)\b"
    r"|^\W*(?:correction|clarification|editor['’]s note|update)\b[^:.]{0,40}:"
    r"|\ban? (?:earlier|previous) version of this (?:article|story|report)\b"
    r"|\bthis (?:article|story|report) (?:has been|was) (?:updated|amended|corrected)"
    # an interview's note on itself: "This interview has been edited for length and clarity."
    r"|\b(?:this|the) (?:interview|conversation|transcript|q&a)\b[^.]{0,30}\b(?:edited|condensed)\b"
    r"|\bthis is a (?:developing|breaking) (?:story|news story)\b|^\W*(?:check back|more to follow|got a story"
    r"|(?:contact|email|e-mail|message|tip) us\b)",
    re.IGNORECASE,
)
_MEDIA = re.compile(
    r"\b(?:can|could|may) be (?:seen|watched|viewed|found)\b[^.]*\b(?:below|above|here)\b"
    r"|\b(?:see|watch|view) (?:the |this )?(?:video|footage|photos?|pictures?|gallery|clip)\b"
    r"|^(?:footage|video|photos?|pictures?|images?) (?:of|shows?|showing)\b.*:\s*$"
    r"|^\W*(?:\(?(?:photo|file photo|picture|image|video)\b[^a-z]*[:)])"
    # a photo caption left in the body: "This 2016 photo shows ...", "The satellite image shows ..."
    r"|^\W*(?:this|the|an?)\s+(?:\d{4}\s+)?(?:file\s+|satellite\s+|aerial\s+)?(?:image|photo(?:graph)?|picture|"
    r"illustration|rendering|screenshot)\s+(?:above\s+|below\s+)?(?:shows|depicts)\b",
    re.IGNORECASE,
)
#: A chart's caption ("The map shows the shelf in March", "Areas of thinning, shown in red, ..."): no claim unless
#: it gives a figure ("The chart shows wages fell 3% since 2020" is a claim about the data).
_VISUAL = re.compile(
    r"^\W*(?:this|the|an?)\s+(?:\d{4}\s+)?(?:graphic|map|chart|diagram|graph)\s+(?:above\s+|below\s+)?"
    r"(?:shows|depicts)\b"
    r"|\b(?:shown|seen|highlighted|marked|coloured|colored) in (?:red|blue|green|yellow|orange|purple|pink|white|black|"
    r"gr[ae]y)\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _visual_caption(bare: str) -> bool:
    return bool(_VISUAL.search(bare)) and not _FIGURE.search(_YEAR.sub("", bare))
POINTER = re.compile(
    r"\s*\((?:(?:pictured|seen|shown|photo|file photo|video|above|below|left|right|centre|center)\b[^()]{0,40}"
    r"|[LRC](?:-[LRC])?)\)",
)
_OPINION_ONLY = re.compile(
    r"\b(?:I think|I believe|we believe|in my view|in our view|should|must|ought to|shameful|disgraceful|"
    r"outrageous|wonderful|terrible|beautiful|amazing|awful|best|worst|great)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    """the a an of and or but to in on at by for with from as is are was were be been being has have had will
    would could may might can that this these those it its his her their they he she we i you who which what
    when where while also not no than then there here about after before over under into its said says say
    told tells added noted announced""".split()
)
#: Teasers and subheads are written in the headline present tense ("X says ...", "the president hails ...").
_HEADLINE_VERB = re.compile(
    r"\b(?:says|hails|vows|warns|slams|urges|calls|denies|claims|insists|rejects|stresses|blames|admits|accuses|"
    r"praises|welcomes|condemns|announces|confirms|reveals|pledges|seeks|eyes|backs|rules out)\b"
)
#: News sentences are far shorter; a longer "sentence" is a table, a list run together or junk.
MAX_SENTENCE_CHARS = 2000
_CONTENT = re.compile(r"[A-Za-z][A-Za-z-]{2,}")

_FUTURE = re.compile(
    # "expected", not "an expected 1.5% decline" or "than expected"; "forecasts", not "a 5.2% forecast"
    r"\b(?:will|would|could|(?-i:may|might)|shall|expects?|(?<!\ban )(?<!\bthan )(?<!\bas )(?<!\bthe )expected|"
    r"plans? to|planning to|preparing to|prepares? to|is set to|are set to|"
    r"expected to|intends? to|aims? to|going to|to start|hopes? that|expressed hope|predicts?|predicted|vowed to|"
    r"pledged to|promised to|is due to|are due to|projected|"
    r"(?<!\ba )(?<!\bthe )(?<!\bits )(?<!% )(?<!percent )forecasts?)\b|'ll\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|as a result|led to|leads? to|lead to|caused|causes|causing|helped|helps|help(?=\s+\w+\s+\w+)|"
    r"resulted in|results in|thanks to|owing to|triggered|contributed to|blamed|drove|driven by|fuell?ed)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:\w+er than|more than(?!\s+(?:\$|\d|a |an |one|two|three|four|five|six|seven|eight|nine|ten|half))|"
    r"less than(?!\s+(?:\$|\d))|compared (?:with|to)|the (?:largest|biggest|highest|lowest|smallest|fastest|worst|"
    r"best|most|least)|record|doubled|tripled|halved|twice as|outpaced|surpassed)\b",
    re.IGNORECASE,
)



def _words(s: str) -> int:
    return len(s.split())


def content_words(s: str) -> set[str]:
    out = set()
    for w in _CONTENT.findall(s.lower()):
        w = re.sub(r"'s$", "", w)
        if w not in _STOP:
            out.add(w)
    return out


#: A press release ends with "About Northwind Energy" and the company's standard description of itself.
_ABOUT_HEADING = re.compile(r"About (?:the )?[A-Z][\w&.,'-]*(?: (?:[A-Z&][\w&.,'-]*|of|for|and)){0,6}:?")


def after_about_heading(v: str, start: int) -> bool:
    """Does ``start`` lie in the "About <Company>" section a press release closes with (its own line, then the
    company's description of itself to the end of the text)? The heading is part of it: "About Halvorsen Foods,
    Inc." ends with a full stop and would pass for a sentence."""
    at = v.rfind("\nAbout ", 0, start + len("About "))
    if at < 0:
        return False
    end = v.find("\n", at + 1)
    return end != -1 and (end <= start or at + 1 == start) and bool(_ABOUT_HEADING.fullmatch(v[at + 1:end].strip()))


#: A transcript's speaker label ("GOVERNOR ELENA RUIZ: ", "Q: "): not words of the statement.
_TURN_LABEL = re.compile(r"^[A-Z][A-Z.'-]*(?:\s+[A-Z][A-Z.'-]*){0,4}:\s+")


def non_claim_reason(v: str, s: Sentence, recent: list[set[str]], nums_seen: set[str]) -> str | None:
    sent = v[s.start:s.end]
    bare = POINTER.sub("", sent)
    if _BOILERPLATE.search(bare) or after_about_heading(v, s.start):
        return "boilerplate"
    if _MEDIA.search(bare) or bare.rstrip().endswith(":") or _visual_caption(bare):
        return "caption or media pointer"
    if s.alone and not s.para_terminated and _words(bare) <= 14:
        return "headline fragment"
    if bare.rstrip("\"') ").endswith("?"):
        return "question"
    if _words(bare) < 4:
        return "too short"
    if len(bare) > MAX_SENTENCE_CHARS:
        return "too long to be one checkable statement (missing punctuation?)"
    if s.alone and recent and _HEADLINE_VERB.search(bare):
        words = content_words(bare)
        seen = set().union(*recent)
        nums = set(re.findall(r"\d[\d,.]*", bare))
        if words and len(words & seen) / len(words) >= 0.6 and nums <= nums_seen:
            return "restates the text before it (teaser or subhead)"
    return None


def kind_of(clause_v: str, quantities: list[dict[str, Any]], attributed_report: bool) -> str:
    qm = quote_spans(clause_v)
    quoted = sum(b - a for a, b in qm)
    if clause_v.lstrip().startswith('"') and qm or quoted >= 0.5 * len(clause_v):
        return "quote"
    stat = any(q.get("kind") in ("count", "percent", "money", "share") for q in quantities)
    future = bool(_FUTURE.search(clause_v))
    if stat and not future:
        return "statistic"
    if future:
        return "plan"
    if _CAUSAL.search(clause_v):
        return "causal"
    if _COMPARISON.search(clause_v):
        return "comparison"
    if attributed_report:
        return "quote"
    return "event"


def finish_text(t: str) -> str:
    t = POINTER.sub("", t)
    t = re.sub(r"\s+", " ", t).strip()
    t = t.rstrip(",;: ")
    if t and t[0].islower() and not re.match(r"[a-z]{1,4}[A-Z][a-z]", t):  # "eBay said ...", "iPhone sales"
        t = t[0].upper() + t[1:]
    if t and t[-1] not in ".!?\"”’'":
        t += "."
    return t




_NAMED = re.compile(r"(?<=[\s(])[A-Z][a-z]+")


def checkable(text: str, kind: str, quantities: list[dict[str, Any]], dates: list[dict[str, Any]],
              attributed: bool) -> bool:
    """Whether a clause has checkable content (module docstring); filler and bare opinion are not claims.

    Generous on purpose: a generic statement of fact ("Nuts are high in fats, which slow digestion") is
    checkable although it names nobody. Which of the candidates an article keeps is the ranker's job
    (``pipeline.MAX_CLAIMS``), not a list of words here. A transcript turn of a few words after its speaker's
    label ("GOVERNOR ELENA RUIZ: Good afternoon.") says nothing (the label still names who speaks next)."""
    turn = _TURN_LABEL.match(text)
    if turn and _words(text[turn.end():]) < 4:
        return False
    if any(q.get("kind") != "year" for q in quantities):
        return True
    if attributed or kind in ("comparison", "causal", "plan"):
        return True
    if dates or _NAMED.search(text):
        return True
    return len(text.split()) >= 6 and not _OPINION_ONLY.search(text)
