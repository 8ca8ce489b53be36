"""Verbs of finding (find, discover, show): somebody's finding, or finding a thing (issue 13, rules-1.50).

"The study found that ...", "the FBI found no evidence" attribute a finding; "rescuers found 12 survivors", "to find
food", "the company showed a profit" report an event, whose source is the outlet. Used by ``attribution``.
"""

from __future__ import annotations

from typing import Any

from .verbforms import forms

#: Verbs of finding that also name finding a thing: "the study found that ..." reports, "rescuers found 12
#: survivors" does not (``finds_a_thing``).
_FINDING_FORMS = frozenset(f for b in ("find", "discover", "show") for f in forms(b))
#: Objects that only a finding has ("found no evidence", "showed a five-point lead", "discovered flaws").
_FINDING_OBJECTS = frozenset("""evidence link links association associations sign signs proof increase increases
    rise drop decline decrease reduction difference differences correlation effect effects connection benefit
    benefits risk risks lead gap majority support problem problems flaw flaws error errors irregularities
    wrongdoing fraud pattern trend""".split())
#: Who reports findings: a study, its authors, an inquiry ("the audit found $2 million in questionable spending").
_FINDERS = frozenset("""study studies survey surveys poll polls report reports analysis audit review investigation
    inquiry probe data research researchers scientists investigators inspectors auditors experts test tests trial
    trials census assessment evaluation figures statistics records documents model models authors team results
    findings experiments analyses scans images measurements observations simulations average averages estimates
    projections forecasts numbers""".split())


def finds_a_thing(tok: Any, subj: Any) -> bool:
    """A verb of finding with a plain object, said of nobody who reports findings: "Rescuers found 12 survivors",
    "Whales rely on sound to find food", "The company showed a profit" state an event, not somebody's finding. A
    clause after the verb ("found that", "found it hard", "showed Clinton leading"), a finding's object ("found no
    evidence", "found little unity", "what we find"), an object's complement ("found that action
    unconstitutional", also when parsed as the object itself), a finder as subject (a study, investigators, a
    named body, a pronoun to resolve) or a participle ("an ad showing Trump mocking ...") keep the cue."""
    if tok.lower_ not in _FINDING_FORMS or tok.tag_ == "VBG" \
            or any(c.dep_ in ("ccomp", "xcomp", "oprd") for c in tok.children):
        return False
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lower_ in _FINDING_OBJECTS or obj.tag_ in ("WP", "WDT", "JJ") \
            or any(c.lower_ in ("no", "little", "few") or (c.dep_ == "amod" and c.i > obj.i) for c in obj.children):
        return False
    return subj.lower_ not in _FINDERS and not subj.tag_.startswith(("NNP", "PRP"))
