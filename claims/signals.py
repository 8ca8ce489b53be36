"""What claims announces to apps above it (they connect receivers; claims imports none of them).

claims sits below reviewers: it never imports the review queue or verdicts. Where a change of a
claim matters to the review side (queue the new claims, refuse a correction of a reviewed claim,
take a claim out of the queue, mark "previously checked" in a new group), claims sends one of
these and ``reviewers.receivers`` does the review side's part.

Sent inside the transaction of the change, so a receiver's writes commit or roll back with it; a
receiver may refuse a correction by raising ``factcheck.errors.CorrectionError`` (``send``
propagates it and the transaction rolls back).
"""

from django.dispatch import Signal

# run_extraction stored an article's claims. kwargs: article_id, claim_ids (created or updated)
article_extracted = Signal()
# After extraction: these claims (created or updated) may enter the review queue. kwargs: claim_ids.
# A receiver returns how many it queued (run_extraction reports the sum as ``queued``).
claims_ready_for_review = Signal()
# Claims joined one group (linking or an editor's confirmed link). kwargs: group_id
claims_grouped = Signal()
# A person is about to correct ``claim`` (split, merge, not a claim). kwargs: claim, user, doing
# (a past participle: "split", "merged", "dismissed"). Raise CorrectionError to refuse. Re-extraction
# asks it too (user None, doing "re-extracted"): a refused claim keeps the words it was judged on.
claim_correcting = Signal()
# These claims leave the review workflow (merged away, not a claim). kwargs: claims, user, reason.
# Raise CorrectionError (409) to refuse, e.g. while someone else is reviewing one of them.
claims_withdrawn = Signal()
# Linking asks for semantic neighbours of new claims (the sentence-embedding index lives in
# integrations). kwargs: claims, a list of (claim_id, text). A receiver returns
# {claim_id: [(other_claim_id, cosine), ...]}; none connected, or the model absent: {} (lexical only).
# integrations' receiver also writes these claims' vectors to its index (so later claims find them).
# Sent with send_robust: a failing receiver is logged and the linking stays lexical.
semantic_candidates = Signal()
