"""The plain-HTML forms of the review pages (the verdict form, a blind round, adjudication): evidence
rows read from a POST or a saved verdict/round, the errors in page order; and what a form post does
after a workflow error (``fail``) or a success (``back`` to the page it came from)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from factcheck.errors import InvalidInput, WorkflowError
from factcheck.params import parse_int

from .models import EvidenceLink, Verdict
from .services import submission_problems

_ROW_KEY = re.compile(r"^evidence-(\d{1,4})-url$")


def form_version(raw: str) -> int | None:
    """The version a form was loaded at (the edit-conflict check), None when the form sent none.
    Anything else is refused: a damaged value ("abc") would have skipped the conflict check."""
    if not str(raw or "").strip():
        return None
    version = parse_int(raw)
    if version is None:
        raise InvalidInput("The form's version is damaged; reload the page and try again.")
    return version


def fail(request: HttpRequest, exc: WorkflowError) -> None:
    messages.error(request, exc.message)


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the page the form came from when it is one of ours, else ``default``."""
    nxt = request.POST.get("next") or ""
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(default)


def parse_evidence(post: Any) -> list[dict]:
    """evidence-<n>-url/title/quote/stance/accessed_at fields, in row order."""
    indices = sorted({int(m.group(1)) for key in post for m in [_ROW_KEY.match(key)] if m})
    return [
        {f: post.get(f"evidence-{n}-{f}", "") for f in ("url", "title", "quote", "stance", "accessed_at")}
        for n in indices
    ]


def rows_from_verdict(verdict: Verdict | None) -> list[dict]:
    if verdict is None:
        return []
    return [
        {"url": e.url, "title": e.title, "quote": e.quote, "stance": e.stance,
         "accessed_at": e.accessed_at.isoformat() if e.accessed_at else "", "link": e}
        for e in verdict.evidence.all()
    ]


def blank_row() -> dict:
    return {"url": "", "title": "", "quote": "", "stance": EvidenceLink.Stance.CONTEXT, "accessed_at": ""}


def rows_from_round(review: Any) -> list[dict]:
    if review is None:
        return []
    return [{"url": e.get("url", ""), "title": e.get("title", ""), "quote": e.get("quote", ""),
             "stance": e.get("stance", EvidenceLink.Stance.CONTEXT), "accessed_at": e.get("accessed_at") or ""}
            for e in review.evidence]


_FIELD_ORDER = {"rating": 0, "rationale": 1, "evidence": 2}


def error_list(errors: dict[str, str], rows: list[dict]) -> list[dict[str, str]]:
    """The form's errors in page order, each with the id of the field it belongs to."""
    out = []
    for key, msg in errors.items():
        if key.startswith("evidence-") and parse_int(key[9:]) is not None:
            n = int(key[9:])  # the services number rows from 1; the form's field ids from 0
            out.append({"order": (3, n), "field": f"evidence-{n - 1}-url", "text": f"Evidence link {n}: {msg}"})
        elif key == "evidence":
            out.append({"order": (2, 0), "field": "evidence-0-url", "text": msg})
        elif key in _FIELD_ORDER:
            out.append({"order": (_FIELD_ORDER[key], 0), "field": key, "text": msg})
    return sorted(out, key=lambda e: e["order"])


def show_problems(request: HttpRequest, exc: WorkflowError, action: str, form: dict, draft_saved: bool) -> int:
    """A failed save or submit of the verdict form or a blind round: every problem at once (what the
    evidence rows lack and what submitting needs), and "Saved as draft, not submitted" when the draft
    itself was stored. Returns the page's HTTP status."""
    errors = dict(exc.errors)
    if action == "submit" and isinstance(exc, InvalidInput):
        has_rows = any((r.get("url") or "").strip() for r in form["rows"])
        for key, msg in submission_problems(form["rating"], form["rationale"], has_rows).items():
            errors.setdefault(key, msg)
    form["errors"] = errors
    if draft_saved:
        messages.warning(request, "Saved as draft, not submitted: fix the problems listed below.")
    else:
        fail(request, exc)
    return exc.status_code


def mark_errors(form: dict) -> None:
    """The error summary in page order, and each evidence row's own message."""
    form["error_list"] = error_list(form.get("errors") or {}, form["rows"])
    for n, row in enumerate(form["rows"]):
        row["error"] = (form.get("errors") or {}).get(f"evidence-{n + 1}", "")
