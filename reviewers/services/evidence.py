"""Evidence links of a verdict: validating the rows a reviewer sends, replacing the set, and
recording a link check (the fetch itself is ``reviewers.link_checker``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date

from factcheck.errors import InvalidInput
from reviewers.link_checker import fetch_evidence
from reviewers.models import EvidenceLink, Verdict

from .base import _save

MAX_EVIDENCE_ROWS = 50


_url_validator = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class EvidenceInput:
    url: str
    title: str
    quote: str
    stance: str
    accessed_at: dt.date | None


def clean_evidence(rows: Iterable[dict]) -> list[EvidenceInput]:
    """Validate evidence rows; rows left entirely blank are dropped."""
    cleaned: list[EvidenceInput] = []
    errors: dict[str, str] = {}
    stances = set(EvidenceLink.Stance.values)
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise InvalidInput(f"Evidence row {n} is not an object.")
        url = str(row.get("url") or "").strip()
        title = str(row.get("title") or "").strip()
        quote = str(row.get("quote") or "").strip()
        if not (url or title or quote):
            continue
        stance = str(row.get("stance") or EvidenceLink.Stance.CONTEXT).strip()
        accessed_raw = row.get("accessed_at")
        problems = []
        if not url:
            problems.append("a URL is required")
        else:
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                problems.append("the URL must start with http:// or https://")
            elif len(url) > 2000:
                problems.append("the URL is longer than 2000 characters")
            else:
                try:
                    _url_validator(url)
                except ValidationError:
                    problems.append("the URL is not valid")
        if len(title) > 500:
            problems.append("the title is longer than 500 characters")
        if len(quote) > 5000:
            problems.append("the quote is longer than 5000 characters")
        if stance not in stances:
            problems.append(f"stance must be one of {', '.join(sorted(stances))}")
        accessed: dt.date | None = None
        if isinstance(accessed_raw, dt.datetime):
            accessed = accessed_raw.date()
        elif isinstance(accessed_raw, dt.date):
            accessed = accessed_raw
        elif accessed_raw not in (None, ""):
            try:
                accessed = parse_date(str(accessed_raw).strip())
            except ValueError:
                accessed = None
            if accessed is None:
                problems.append("the access date must be YYYY-MM-DD")
        if accessed and accessed > timezone.localdate() + dt.timedelta(days=1):
            problems.append("the access date is in the future")
        if problems:
            errors[f"evidence-{n}"] = "; ".join(problems)
            continue
        cleaned.append(EvidenceInput(url, title, quote, stance, accessed))
    if errors:
        first = next(iter(errors.items()))
        raise InvalidInput(f"Evidence row {first[0].split('-')[1]}: {first[1]}.", errors=errors)
    if len(cleaned) > MAX_EVIDENCE_ROWS:
        raise InvalidInput(f"At most {MAX_EVIDENCE_ROWS} evidence links per verdict.")
    return cleaned


def _replace_evidence(verdict: Verdict, rows: list[EvidenceInput], user: Any) -> list[int]:
    """Make the verdict's evidence equal to ``rows``; returns ids of links needing a check."""
    existing: dict[str, list[EvidenceLink]] = {}
    for link in verdict.evidence.all().order_by("id"):
        existing.setdefault(link.url, []).append(link)
    created: list[int] = []
    for row in rows:
        same_url = existing.get(row.url)
        if same_url:
            link = same_url.pop(0)
            wanted = (row.title, row.quote, row.stance, row.accessed_at)
            if (link.title, link.quote, link.stance, link.accessed_at) != wanted:
                link.title, link.quote, link.stance, link.accessed_at = wanted
                _save(link, user, "evidence edited")
            continue
        link = EvidenceLink(verdict=verdict, url=row.url, title=row.title, quote=row.quote, stance=row.stance,
                            accessed_at=row.accessed_at)
        _save(link, user, "evidence added")
        created.append(link.pk)
    for leftovers in existing.values():
        for link in leftovers:
            link._history_user = user
            link._change_reason = "evidence removed"
            link.delete()
    return created


def check_evidence_link(link_id: int) -> EvidenceLink | None:
    """Fetch one evidence link and record what was found. Idempotent; ``None`` if the link
    has been deleted meanwhile. The fetch happens outside any transaction."""
    link = EvidenceLink.objects.filter(pk=link_id).first()
    if link is None:
        return None
    result = fetch_evidence(link.url)
    link.check_status = result.check_status
    link.http_status = result.http_status
    link.final_url = result.final_url
    link.page_title = result.page_title
    link.check_error = result.check_error[:500]
    link.checked_at = timezone.now()
    # Only the check fields: a concurrent edit of title/quote is not overwritten.
    if not EvidenceLink.objects.filter(pk=link_id).exists():
        return None
    _save(link, None, "link checked",
          ["check_status", "http_status", "final_url", "page_title", "check_error", "checked_at"])
    return link
