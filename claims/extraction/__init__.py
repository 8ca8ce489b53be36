"""Claim extraction: plain functions, importable without Django settings.

    from claims.extraction import extract_claims
    claims = extract_claims(body, published=date(2017, 11, 30), outlet="Press TV")

Stack (why, in short): the hot path is compiled regexes and small hand rules (sentences, clauses,
quantities, dates, speakers) so that an article costs a few milliseconds; spaCy (5.8 articles per
CPU-second), pysbd (~20 ms an article) and dateparser (~1 ms a sentence, wrong on the news cases we
need) are not used on it. The learned check-worthiness model (``scorer.py``) scores the claims in one
batch per article and ``ranking.py`` turns it and the article's structure into one score per claim.
"""

from __future__ import annotations

from .language import detect_language
from .matching import fingerprint, normalise_for_matching
from .pipeline import extract_claims
from .ranking import RANKER_VERSION
from .result import KINDS, ExtractedClaim
from .scoring import model_version
from .textio import ExtractionInputError, decode_upload, html_to_text

#: 1.1: quarters and local tense in dates, generous candidates, MAX_CLAIMS; 1.2: quotes paired over paragraphs;
#: 1.3: bare years, deadline prepositions, -ed words that are not past; 1.4: subject repairs, same-sentence antecedents;
#: 1.5: unnamed sources keep what names them; 1.6: a name after a closing quote, liken/grill; 1.7: the named author
#: behind "according to a document by X", imperatives, a second source after "and", "issued a statement", "made
#: it clear", a closing "..., SOURCE maintains.", no stance inside a relative clause, Title Case headline "NAME
#: Verbs"; 1.8: "X's team" and "McConnell aides" are named for the cap, a quotation opening the sentence after a
#: named person's statement is theirs, identify; 1.9: "sounded a call", complimented, "The Post has learned";
#: 1.10: a lone article is no role; 1.11: "NAME, who said" is NAME's, a gerund clausal subject is no cue, a role
#: given in apposition ("The minister, X, said") and offices ("the Ohio senator") name a known speaker again, a
#: verb the parser joins to the main verb takes the name right before it, ", speaking in Iowa," is no description,
#: "it said" is the organisation that spoke just before, a pronoun takes the name its sentence opens with;
#: 1.12: a verb of saying joined as a conjunct to a conjunct noun; 1.13: sex from the US Census 1990 first names, a
#: mentioned person of unknown sex yields to a known one, a shared surname is the cited namesake, "told by the head
#: of X, NAME,", two people speaking together, "a spokeswoman for the airline" named, a lower-case office before a
#: name as its role, a speaker label cut from the claim's words; 1.16: a syndication tag ("(CNN)", "(... News)")
#: and a bracketed dateline ("[LIMA] ") open the first sentence without being part of the claim; 1.17: "over"
#: before a duration is "during" unless it follows "for", "in", "took" ... ("by 3% over five years": exactly five);
#: 1.18: reporting without a verb of saying (``leadins``: "X continued:", "as X put it", "X can be heard yelling
#: that", "make the case that", "drew a distinction between", "in the words of X") and the writer's own
#: first-person voice, "I (the author)" (``voices``); 1.19: "the court ruled that", "The Post ran a story", "Per X,",
#: "X raised concerns that", a noun of saying before a colon ("offered a blunt assessment:"), a state of mind about a
#: that-clause ("were incensed that", "are confident that"); 1.20: a space before a clause separator stays out of
#: the clause; 1.21: a capitalised noun mid-sentence is no verb of saying ("the United States" is not "United
#: states"), and ", saying ..." cut out by the clause split gives its speaker to the clause after it when the one
#: before cites nobody
#: 1.22: an -ed adjective after a determiner, a possessive or a number ("its preferred shares") is no past tense
#: for a date written without a year
#: 1.23: "by X's own admission", "casting himself as", a name before a comma aside the parser misreads ("Bright,
#: appearing at the forum, cited"; "since X, at the debate, cited"); 1.24: a reply with its words ("X shot back that",
#: "X fired back:", "X chimed in:"); 1.25: dates told from a narrative's own time (``anchored``: "Two days later"
#: after "In June 1942", "On 12 March" after "in 1932", "that day", "the next morning"), numeric dates ("3/14/2021",
#: "14.03.2021"), years of other eras ("July 4, 1776"), "the fiscal year ended June 30, 2021", "the 4th of January",
#: "the week before last", "a decade ago", "2020's first quarter", "begins/is set for" looking ahead
#: 1.26: speakers whole and as written (``names``): a possessive inside a company's name ("Hudson's Bay", "Macy's"),
#: camel-case and dotted brands ("bioRxiv", "SciDev.Net"), a heading glued before a name; a role without a name
#: as written ("a spokesman"), "X's spokesman" as "spokesman for X", a list item's heading is no speaker label
#: 1.27: people named by where they come from ("the researchers from China") speak, not the place
#: 1.28: a stance held with a to-infinitive names its subject (``intents``: "X is determined to", "X appears set
#: to", "X has refused to", "X is preparing to"; not "is expected / likely / forced to"), "forced the treasurer to
#: admit that ..." is the treasurer's
#: 1.29: a known person's surname opening the sentence, as subject or as the possessor of a thing ("Oz's advice
#: earned him ..., where he said"), is the pronoun's antecedent (not inside quoted words before the pronoun)
#: 1.30: verbs of liking and dislike are stance verbs ("X loves the school that ...": love, hate, admire, ...)
#: 1.31: "March next year" is one date; "the first time in three months", "its lowest level in five years" are
#: spans, not a time ahead; "its full-year forecast" / "their revised plans" are nouns that mark no tense; "Air
#: Force One" counts nothing
#: 1.32: "Tamas Varga of oil broker PVM" / "Jane Roe of the Brookings Institution" is the person (role: what follows
#: "of"), also as a subject, where the parser hung the firm's name on the person as an appositive
#: 1.33: a role in apposition up to 16 words, cut before a relative clause ("said Dr. X, director of the Center for
#: ... at the Cleveland Clinic, who led the work": the role was empty)
#: 1.34: a time of day ("by 1400 GMT", "at 0900 local time", "10:30") is no amount and no year; units of the energy
#: and money desks and temperatures ("1 million bpd", "122 bcm", "25 basis points", "50bps", "40C") are measures;
#: "Jones, 31, scored" is an age; "3.2% year on year" counts no years
#: 1.35: what a person is, written before the name without a comma, describes them ("Oakham coach Steve Ambrose",
#: "said pensioner Margaret Hale"; no office); a common noun opening the sentence is no first name ("Firefighter X")
#: 1.36: "In Canberra, Labor's treasury spokesman, X, said": the subject the parser hung on the opening phrase's
#: noun speaks; Treasurer, Taoiseach, Tanaiste are titles ("The Treasurer, Mr Whitfield, said" is Whitfield)
#: 1.37: a press release's defined terms ('X, Inc. ("X" or "the Company") today announced') are blanked in the view
#: (the parser lost the subject); its "About X, Inc." heading is boilerplate like the section under it
#: 1.38: "said X, Chairman and Chief Executive Officer of Y": a capitalised title after the comma that the parser
#: reads as a second person (a conjunct) is the role, as an appositive is
#: 1.39: an interviewer's turn ("Q: You promised 10,000 homes.") loses its label as an answer's does; "This
#: interview has been edited for length and clarity" is boilerplate
#: 1.40: capitalised words before a first name describe the person ("NASA Administrator Bill Nelson", "Director of
#: the ... (FBI) Louis Freeh"; ``firstnames.descriptor_words``), not an initial or a short word ("Ho Chi Minh")
#: 1.41: a name a noun for a body introduces is that body ("network operator Western Grid": not "Grid" with the role
#: "Western"; "Lender Standard Chartered said", "Retailer American Eagle said" at a sentence's start)
#: 1.42: "agreed to extend the cuts until the end of March" and "until the end of March" without a past tense are a
#: deadline ahead; a present-tense fixture or meeting with a named other side ("the Lakers face the Celtics on
#: Tuesday", "X meets Emmanuel Macron on Thursday") is the coming day; decades ("since the 1970s" -> 197X, granularity
#: decade); a period keeps the preposition of its relation ("by next spring": before)
#: 1.43: "Amelia Frost, from the Institute for Fiscal Studies, said": the body one is from or of, set off by commas,
#: is the role (the words name a body: "of Dallas" is no role)
#: 1.44: "1.5 times more likely", "three times the turnover" are a multiple (kind multiple); "a magnitude 6.4
#: earthquake" a measure in magnitude (it counted "struck")
#: 1.45: "2.3 billion euros, compared with the year-earlier quarter's 1.9 billion": the second amount is money in
#: the same currency
#: 1.46: "Attorney General", "Secretary General", "Surgeon General" keep "General" in the role (it was cut as a
#: military honorific: "Attorney")
#: 1.47: a stance held by a named source, written as a noun or a verb phrase ("Trump's plan to ...", "Clinton's
#: view that ...", "a proposal by X", "in Sanders' telling", "X took the view that", "X is pushing for"; stances.py)
#: 1.48: "As X sees it", "X sees NATO as obsolete", "X suspects / figures / bragged that ..." (a verb of thinking
#: with a clause of its own) name the holder of the view
#: 1.49: a plan or an idea the subject puts forward as its object ("X devised a strategy to ...", "X has a plan to
#: ...", "X rolled out a proposal for ...", "X floated the idea that ...") is the subject's stance
#: 1.50: a verb of finding with a plain object, said of nobody who reports findings, is no attribution:
#: "Rescuers found 12 survivors", "to find food", "the company showed a profit" are the outlet's
#: 1.51: research and the journal it appeared in ("according to a study published in the journal eLife"): the
#: study is the source, not the journal
#: 1.52: "In the latest CNN/ORC poll, Clinton leads ..." is the poll's (a poll or survey framing the sentence);
#: "Under X's plan, ..." opening the sentence is X's wherever the parser hangs the phrase
#: 1.53: a state of mind the tagger reads as a participle after a copula ("Trump supporters are convinced that
#: ...", "aides were frustrated that ...") names its holder, as the adjective did
#: 1.54: "To Trump, the war was a mistake", "Giuliani's assessment: ...", "Sanders' argument ... is that",
#: "X's bet / pitch is that ...", "X took issue with the notion that ..." name the holder of the view
#: 1.55: a poll framing the sentence counts also when the parser hangs the phrase on a noun it took for the root
#: ("In the latest Quinnipiac poll, Trump trails Clinton ...": "trails" read as a noun)
#: 1.56: a stance whose content follows a colon ("Trump's message to voters was simple:", "Sanders laid out his
#: plan in a speech on Monday:") names the source of what follows
#: 1.57: "03/04/2024" is read in the order of day and month the article itself writes (a numeric date only one way can
#: read, "14 March" against "March 14"); with no evidence an ambiguous one stays unresolved (periods.numeric_order)
#: 1.58: a verb of temper with what it is about ("X seethed that ...", "X bristled at the suggestion that ...") and a
#: verb of thinking tagged as a noun before "that" ("Hobbs reasons that ...") name their subject (attitudes)
#: 1.59: "Tuesday week", "a week on Friday" are a week after the coming day; "in a fortnight (s time)" looks ahead 14
#: days; "overnight" (adverb) is the night before publication, the day itself in a sentence that looks ahead; "will be
#: published" (an -ed word after "be") and "to last until" (the verb) mark no past
#: 1.60: a sentence opening "It/They/This/That would ..." right after a person's reported speech goes on with it
#: ("X said the plan would cost $2 billion. It would be paid for by ...": X's; continuation)
#: 1.61: "For Calder, the issue is the cost of insulin": a name after an opening "For", before a copula whose subject
#: is what a view picks out (issue, question, priority, answer, lesson, ...), holds the view, as "To Trump, ..." did
#: 1.62: a quarter named by its months ("the July-September quarter", "April-June", "the March quarter": the calendar
#: quarter, the latest over unless the sentence looks ahead); "end-June", "end-2023", "by year-end", "by month-end"
#: end their period as "the end of June" does
#: 1.63: "X cast doubt on / threw cold water on / pushed back on ...", "X cheered the ruling as a win", "X scoffed /
#: balked at the idea that ...", "X sounded confident that ..." name their subject (attitudes, leadins.feeling)
#: 1.64: a year written as two: a fiscal year ("FY2023-24", "financial year 2023-24", "the 2024-25 budget") is named
#: by the year it ends in, as "FY24" is; a season ("the 2023-24 season", "last season") and a bare "2023/24" are dates
#: left unresolved (it read "2023")
#: 1.65: "financial year" as "fiscal year" ("last financial year", "the current financial year", "financial year
#: 2024"); "Q4FY24", "Q1 FY25" are quarters named by their fiscal year (TE3 names "the fiscal first quarter" so);
#: "1H24", "2H 2024" are halves
#: 1.66: "Gov." is a title ("Ohio Gov. Dale Morrow said" is Dale Morrow, not "Ohio Gov Dale Morrow"), and a given
#: name that is also a word ("Earl", "Will") opening a full name stays in it ("Earl Dean Hobart")
#: 1.67: a run of days is its first ("on 27-28 June", "from 12 to 14 July"; the last was read alone); "takes place",
#: "runs from ..." tell of an event ahead as "begins" does
#: 1.68: "X was quick to note / careful to say that ..." (a verb of saying under an adjective after a copula, with a
#: clause), "X remains unconvinced that ...", "X voiced support / opposition for ..." name their subject
#: 1.69: "until mid-June", "from mid-2025", "by early next year" keep the relation of the preposition before the part
#: of the period; "(will ...) in the new year" is the coming year
#: 1.70: "Easter", "Easter Monday", "Good Friday" are the days of the year the sentence points to (the Gregorian
#: computus); not "the Easter Rising", "Easter eggs"
RULES_VERSION = "rules-1.70"


def _version() -> str:
    mv = model_version()
    return f"{RULES_VERSION}+{RANKER_VERSION}+{mv or 'nomodel'}"


#: Recorded with every stored claim: the rules version plus the scorer's MODEL_VERSION.
EXTRACTOR_VERSION: str = _version()

__all__ = [
    "EXTRACTOR_VERSION",
    "KINDS",
    "ExtractedClaim",
    "ExtractionInputError",
    "decode_upload",
    "detect_language",
    "extract_claims",
    "fingerprint",
    "html_to_text",
    "normalise_for_matching",
]
