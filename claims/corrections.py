"""Human corrections of what extraction got wrong: edit a claim's text, speaker or kind, split
one claim into two spans, merge claims, mark "not a claim" with a reason (its numbers and dates:
``claims.value_corrections``).

Every change writes a history row (who, when, which correction). The corrected fields are listed
in ``Claim.corrected_fields``; ``run_extraction`` leaves those fields alone and never deletes a
corrected claim (``protected_fields``). ``correction_records`` gives the corrections out as
labelled data (extracted value next to the human one).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction

from factcheck.errors import CorrectionError

from .models import Claim
from .signals import claim_correcting, claims_withdrawn

EDIT_PERMS = ("reviewers.review_claim", "reviewers.approve_verdict")
SPAN_FIELDS = {"start", "end", "sentence_start", "sentence_end", "text", "sentence", "quantities", "dates"}
ALL_EXTRACTED = SPAN_FIELDS | {"kind", "speaker", "score", "reasons", "fingerprint", "extractor_version"}
#: What a reviewer judged: a claim whose verdict is past a draft keeps these through a re-extraction, as it
#: keeps them against a correction by hand (its score and reasons may still be refreshed).
JUDGED_FIELDS = SPAN_FIELDS | {"kind", "speaker"}
#: The claim statuses a verdict past a draft can stand behind (a returned one puts its claim back in review).
_MAYBE_JUDGED = (Claim.Status.IN_REVIEW, Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.PUBLISHED)
MAX_REASON = 2000


def may_correct(user: Any) -> bool:
    return bool(user and user.is_authenticated and any(user.has_perm(p) for p in EDIT_PERMS))


def protected_fields(claim: Claim) -> set[str]:
    """Fields of ``claim`` that re-extraction must not overwrite."""
    marks = set(claim.corrected_fields or [])
    if marks & {"not_a_claim", "merged", "split"}:
        return set(ALL_EXTRACTED)
    out = {f for f in marks if f in {"text", "speaker", "kind", "quantities", "dates"}}  # claims.value_corrections
    if "span" in marks:
        out |= SPAN_FIELDS
    return out


def is_judged(claim: Claim) -> bool:
    """Would the review side refuse a correction of ``claim`` because its verdict is past a draft
    (``claim_correcting``)? Claims no verdict can stand behind (extracted, queued) are not asked."""
    if claim.status not in _MAYBE_JUDGED:
        return False
    try:
        _no_verdict(claim, None, "re-extracted")
    except CorrectionError:
        return True
    return False


def _require(user: Any) -> None:
    if not may_correct(user):
        raise CorrectionError("You are not allowed to correct claims.", status_code=403)


def _locked(claim_id: int) -> Claim:
    claim = Claim.objects.select_for_update().select_related("article").filter(pk=claim_id).first()
    if claim is None:
        raise CorrectionError("No such claim.", status_code=404)
    return claim


def _no_verdict(claim: Claim, user: Any, doing: str) -> None:
    """Refused when the review side says the claim is past a draft (reviewers.receivers)."""
    claim_correcting.send(sender=Claim, claim=claim, user=user, doing=doing)


def _mark(claim: Claim, *fields: str) -> None:
    claim.corrected_fields = sorted(set(claim.corrected_fields or []) | set(fields))


def _save(claim: Claim, user: Any, reason: str) -> None:
    claim._history_user = user
    claim._change_reason = reason[:100]
    claim.save()


def edit_claim(claim_id: int, user: Any, *, text: str | None = None, speaker: str | None = None,
               kind: str | None = None) -> Claim:
    """Correct text, speaker and/or kind. Unchanged values are not marked as corrected."""
    _require(user)
    errors: dict[str, str] = {}
    if text is not None and not text.strip():
        errors["text"] = "The claim text cannot be empty."
    if speaker is not None and len(speaker.strip()) > 300:
        errors["speaker"] = "At most 300 characters."
    if kind is not None and kind not in Claim.Kind.values:
        errors["kind"] = "Choose one of the kinds."
    if errors:
        raise CorrectionError("Nothing was changed: " + " ".join(errors.values()), errors)
    with transaction.atomic():
        claim = _locked(claim_id)
        # as for split, merge and dismiss: a claim whose verdict was submitted keeps the words it was
        # judged on (any reviewer rewrote a published check's claim and speaker on the public page)
        _no_verdict(claim, user, "corrected")
        changed = []
        for name, value in (("text", text), ("speaker", speaker), ("kind", kind)):
            if value is not None and value.strip() != getattr(claim, name):
                setattr(claim, name, value.strip())
                changed.append(name)
        if not changed:
            return claim
        _mark(claim, *changed)
        _save(claim, user, "corrected " + ", ".join(changed))
        return claim


def split_claim(claim_id: int, user: Any, second_starts_with: str) -> tuple[Claim, Claim]:
    """Split a claim's span where ``second_starts_with`` (words of the claim, found once) begins."""
    _require(user)
    marker = (second_starts_with or "").strip()
    if not marker:
        raise CorrectionError("Type the words where the second claim begins.",
                              {"split_at": "Type the first words of the second claim."})
    with transaction.atomic():
        claim = _locked(claim_id)
        _no_verdict(claim, user, "split")
        body = claim.article.body
        span = body[claim.start:claim.end]
        at = span.find(marker)
        if at <= 0 or span.find(marker, at + 1) != -1:
            why = "is not in the claim's span" if at == -1 else (
                "is where the claim already begins" if at == 0 else "appears more than once")
            raise CorrectionError(f"“{marker}” {why}; type words that begin the second part, found once.",
                                  {"split_at": f"“{marker}” {why}."})
        cut = claim.start + at
        first_end = claim.start + len(body[claim.start:cut].rstrip())
        if first_end <= claim.start:
            raise CorrectionError("The first part would be empty.", {"split_at": "The first part would be empty."})
        second = Claim(
            article=claim.article, start=cut, end=claim.end, sentence_start=claim.sentence_start,
            sentence_end=claim.sentence_end, text=body[cut:claim.end].strip(), sentence=claim.sentence,
            kind=claim.kind, speaker=claim.speaker, score=claim.score, reasons=claim.reasons,
            quantities=[q for q in claim.quantities if _at(q) is not None and _at(q) >= cut],
            dates=[d for d in claim.dates if _at(d) is not None and _at(d) >= cut],
            fingerprint=f"split:{claim.pk}:{cut}", extractor_version=claim.extractor_version,
            status=Claim.Status.EXTRACTED, group=claim.group, corrected_fields=["split", "span"],
        )
        claim.quantities = [q for q in claim.quantities if _at(q) is None or _at(q) < cut]
        claim.dates = [d for d in claim.dates if _at(d) is None or _at(d) < cut]
        claim.end = first_end
        claim.text = body[claim.start:first_end].strip()
        _mark(claim, "span", "text")
        _save(claim, user, f"split: first part (second is new, from offset {cut})")
        _save(second, user, f"split from claim {claim.pk}")
        return claim, second


def _at(item: Any) -> int | None:
    """Absolute body offset of a stored quantity/date when it carries one."""
    if isinstance(item, dict):
        for key in ("start", "char_start", "offset"):
            if isinstance(item.get(key), int):
                return item[key]
    return None


def merge_claims(claim_ids: list[int], user: Any) -> Claim:
    """Merge claims of one article into the first (by position): its span covers them all; the
    others are kept, dismissed and pointing to it (``merged_into``)."""
    _require(user)
    ids = sorted(set(claim_ids))
    if len(ids) < 2:
        raise CorrectionError("Choose at least two claims to merge.", {"merge": "Choose another claim."})
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update().select_related("article").filter(pk__in=ids)
                      .order_by("start", "id"))
        if len(claims) != len(ids):
            raise CorrectionError("One of these claims no longer exists.", status_code=404)
        if len({c.article_id for c in claims}) != 1:
            raise CorrectionError("Only claims of the same article can be merged.", {"merge": "Same article only."})
        for c in claims:
            _no_verdict(c, user, "merged")
        keep, rest = claims[0], claims[1:]
        body = keep.article.body
        keep.start, keep.end = min(c.start for c in claims), max(c.end for c in claims)
        keep.sentence_start = min(c.sentence_start for c in claims)
        keep.sentence_end = max(c.sentence_end for c in claims)
        keep.text = body[keep.start:keep.end].strip()
        keep.sentence = body[keep.sentence_start:keep.sentence_end]
        keep.quantities = [q for c in claims for q in c.quantities]
        keep.dates = [d for c in claims for d in c.dates]
        keep.score = max(c.score for c in claims)
        _mark(keep, "span", "text")
        _save(keep, user, "merged with " + ", ".join(str(c.pk) for c in rest))
        _withdraw(rest, user, f"merged into claim {keep.pk}")
        for c in rest:
            c.merged_into = keep
            c.status = Claim.Status.DISMISSED
            _mark(c, "merged")
            _save(c, user, f"merged into claim {keep.pk}")
        return keep


def mark_not_a_claim(claim_id: int, user: Any, reason: str) -> Claim:
    """Not a checkable claim (an opinion, a question, a headline fragment...): dismissed, with the reason."""
    _require(user)
    reason = (reason or "").strip()
    if not reason:
        raise CorrectionError("Say why this is not a claim.", {"reason": "A reason is required."})
    with transaction.atomic():
        claim = _locked(claim_id)
        _no_verdict(claim, user, "dismissed")
        _withdraw([claim], user, "not a claim")
        claim.not_a_claim_reason = reason[:MAX_REASON]
        claim.status = Claim.Status.DISMISSED
        _mark(claim, "not_a_claim")
        _save(claim, user, "not a claim")
        return claim


def _withdraw(claims: list[Claim], user: Any, reason: str) -> None:
    """Take these claims out of the review queue (reviewers.receivers); refused while someone else
    holds a lease on one."""
    claims_withdrawn.send(sender=Claim, claims=claims, user=user, reason=reason)


# --- labelled data ------------------------------------------------------------------------------

def correction_records() -> Iterator[dict[str, Any]]:
    """One record per corrected claim: what extraction stored first (the earliest history row)
    next to the human values, and the label (``claim`` / ``not_a_claim`` / ``merged``)."""
    qs = Claim.objects.exclude(corrected_fields=[]).select_related("article").order_by("id")
    for claim in qs.iterator(chunk_size=500):
        first = claim.history.order_by("history_date", "history_id").first()
        last = claim.history.order_by("-history_date", "-history_id").first()
        marks = claim.corrected_fields
        label = "not_a_claim" if "not_a_claim" in marks else ("merged" if "merged" in marks else "claim")
        yield {
            "claim_id": claim.pk,
            "article_id": claim.article_id,
            "label": label,
            "corrected_fields": marks,
            "reason": claim.not_a_claim_reason,
            "merged_into": claim.merged_into_id,
            "sentence": claim.sentence,
            "extracted": None if first is None or "split" in marks else {
                "text": first.text, "speaker": first.speaker, "kind": first.kind,
                "start": first.start, "end": first.end, "quantities": first.quantities, "dates": first.dates},
            "corrected": {"text": claim.text, "speaker": claim.speaker, "kind": claim.kind,
                          "start": claim.start, "end": claim.end, "quantities": claim.quantities,
                          "dates": claim.dates},
            "corrected_by": getattr(last.history_user, "username", None) if last else None,
            "corrected_at": last.history_date.isoformat() if last else None,
        }


def scorer_rows() -> Iterator[tuple[str, str, int]]:
    """The corrections as check-worthiness training rows (id, text, label): a claim a person kept or
    fixed is 1, one marked "not a claim" is 0; merged-away claims say nothing either way. What
    ``export_corrections --format tsv`` writes and ``train_scorer --corrections`` adds."""
    for record in correction_records():
        if record["label"] == "merged":
            continue
        text = " ".join(record["corrected"]["text"].split())
        if text:
            yield f"corr{record['claim_id']}", text, 0 if record["label"] == "not_a_claim" else 1
