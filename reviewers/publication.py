"""Publishing writes beyond the approve -> publish transition: the public address given at
publication, corrections and retractions of a published verdict.

A correction may change the rating and/or the rationale; it always carries a note readers see,
with its date, on the public page, in the ClaimReview JSON-LD and in the feed. A retraction keeps
the page (with a retraction notice) and sets ``retracted_at``. The verdict's history keeps the
values before and after every change.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from . import signals
from .models import Verdict, VerdictCorrection
from .services import APPROVE_PERM, InvalidInput, NotFound, _conflict, _history, _require

SLUG_WORDS_CHARS = 80
MAX_NOTE_CHARS = 5000


def public_slug_for(verdict: Verdict) -> str:
    """``<words of the claim>-<verdict id>``: readable, unique through the id, fixed at publication."""
    words = slugify(verdict.claim.text)[:SLUG_WORDS_CHARS].rstrip("-")
    if len(words) == SLUG_WORDS_CHARS and "-" in words:
        words = words.rsplit("-", 1)[0]  # no cut-off word at the end
    return f"{words or 'check'}-{verdict.pk}"


def clean_cms_url(value: str | None) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise InvalidInput("The CMS address must be a full http(s) URL.",
                           errors={"cms_url": "Enter a full http:// or https:// address."})
    if len(value) > 2000:
        raise InvalidInput("The CMS address is too long.", errors={"cms_url": "At most 2000 characters."})
    return value


def _published(verdict_id: int) -> Verdict:
    verdict = Verdict.objects.select_for_update().select_related("claim").filter(pk=verdict_id).first()
    if verdict is None:
        raise NotFound("No such verdict.")
    if verdict.status != Verdict.Status.PUBLISHED:
        raise InvalidInput("Only a published verdict can be corrected or retracted; "
                           f"this one is {verdict.get_status_display().lower()}.")
    return verdict


def correct_verdict(verdict_id: int, editor: Any, note: str, *, rating: str | None = None,
                    rationale: str | None = None, expected_version: int | None = None) -> VerdictCorrection:
    """Correct a published verdict: a note for readers (required), optionally a new rating/rationale."""
    _require(editor, APPROVE_PERM, "correct published verdicts")
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if not note:
        errors["note"] = "Say what was corrected; readers see this note."
    elif len(note) > MAX_NOTE_CHARS:
        errors["note"] = f"At most {MAX_NOTE_CHARS} characters."
    valid = {slug for slug, _label, _v in settings.VERDICT_SCALE}
    if rating and rating not in valid:
        errors["rating"] = "Choose a rating from the scale."
    if rationale is not None and not rationale.strip():
        errors["rationale"] = "The rationale cannot be empty."
    if errors:
        raise InvalidInput("The correction was not saved: " + " ".join(errors.values()), errors=errors)
    with transaction.atomic():
        verdict = _published(verdict_id)
        if verdict.retracted_at:
            raise InvalidInput("This verdict is retracted; it can no longer be corrected.")
        fields: dict[str, Any] = {}
        if rating and rating != verdict.rating:
            fields["rating"] = rating
        if rationale is not None and rationale.strip() != verdict.rationale:
            fields["rationale"] = rationale.strip()
        last = verdict.corrections.order_by("-created_at", "-id").first()
        if not fields and last is not None and (last.kind, last.note) == (VerdictCorrection.Kind.CORRECTION, note):
            return last  # a retry or a double click: that correction is made (it was published twice)
        correction = _record(verdict, editor, VerdictCorrection.Kind.CORRECTION, note, expected_version, fields)
        return correction


def retract_verdict(verdict_id: int, editor: Any, note: str, *,
                    expected_version: int | None = None) -> VerdictCorrection:
    """Retract a published verdict: its page stays, with the retraction note and date on top."""
    _require(editor, APPROVE_PERM, "retract published verdicts")
    note = (note or "").strip()
    if not note:
        raise InvalidInput("Say why the verdict is retracted; readers see this note.",
                           errors={"note": "A note is required."})
    with transaction.atomic():
        verdict = _published(verdict_id)
        if verdict.retracted_at:
            raise InvalidInput("This verdict is already retracted.")
        return _record(verdict, editor, VerdictCorrection.Kind.RETRACTION, note[:MAX_NOTE_CHARS], expected_version,
                       {"retracted_at": timezone.now()})


def set_cms_url(verdict_id: int, editor: Any, cms_url: str) -> Verdict:
    """Give (or change, or clear) the address of the fact-check article in the newsroom's CMS after
    publication, when that article went out later than the verdict. It becomes the ClaimReview
    ``url``; empty falls back to the public page. History keeps the old address."""
    _require(editor, APPROVE_PERM, "set the CMS address of published verdicts")
    cms_url = clean_cms_url(cms_url)
    with transaction.atomic():
        verdict = Verdict.objects.select_for_update().filter(pk=verdict_id).first()
        if verdict is None:
            raise NotFound("No such verdict.")
        if verdict.status != Verdict.Status.PUBLISHED:
            raise InvalidInput("The CMS address is given when publishing; this verdict is "
                               f"{verdict.get_status_display().lower()}.")
        if verdict.cms_url == cms_url:
            return verdict
        Verdict.objects.filter(pk=verdict.pk).update(cms_url=cms_url, version=F("version") + 1,
                                                     updated_at=timezone.now())
        verdict.refresh_from_db()
        _history(Verdict, [verdict], editor, "CMS address set" if cms_url else "CMS address cleared")
        return verdict


def _record(verdict: Verdict, editor: Any, kind: str, note: str, expected_version: int | None,
            fields: dict[str, Any]) -> VerdictCorrection:
    before = {name: getattr(verdict, name) for name in fields if name in ("rating", "rationale")}
    qs = Verdict.objects.filter(pk=verdict.pk, status=Verdict.Status.PUBLISHED)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if qs.update(version=F("version") + 1, updated_at=timezone.now(), **fields) != 1:
        raise _conflict(verdict.pk, editor)
    verdict.refresh_from_db()
    _history(Verdict, [verdict], editor, "retracted" if kind == VerdictCorrection.Kind.RETRACTION else "corrected")
    correction = VerdictCorrection(verdict=verdict, kind=kind, note=note, editor=editor)
    correction._history_user = editor
    correction.save()
    # Webhook consumers (verdict.corrected) learn what changed; sent inside this transaction, so the
    # event exists if and only if the correction committed.
    signals.verdict_corrected.send(sender=Verdict, verdict_id=verdict.pk, correction=correction_payload(
        correction, {name: {"before": old, "after": getattr(verdict, name)} for name, old in before.items()}))
    return correction


def correction_payload(correction: VerdictCorrection, changes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The public facts of a correction (the note readers see, its date, what changed); never the editor."""
    return {
        "id": correction.pk, "kind": correction.kind, "note": correction.note,
        "created_at": correction.created_at, "changes": changes,
        "retracted_at": correction.verdict.retracted_at,
    }
