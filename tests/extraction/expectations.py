"""Check extracted claims against an expectations file (gold or test article); shared by the tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from claims.extraction import ExtractedClaim, extract_claims

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"


def load(path: Path) -> tuple[dict[str, Any], str]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    body_path = REPO / spec["article"] if "/" in spec["article"] else path.parent / spec["article"]
    with open(body_path, encoding="utf-8", newline="") as fh:
        body = fh.read()
    return spec, body


def run(spec: dict[str, Any], body: str, max_claims: int | None = 0) -> list[ExtractedClaim]:
    """Every candidate claim by default (``max_claims=0``): the gold reads what a claim is, its speaker, values
    and dates; which candidates an article keeps (``pipeline.MAX_CLAIMS``) is checked on its own."""
    published = dt.date.fromisoformat(spec["published"]) if spec.get("published") else None
    return extract_claims(body, published=published, outlet=spec.get("outlet"), max_claims=max_claims)


def _match_quantity(want: dict[str, Any], got: list[dict[str, Any]]) -> bool:
    for q in got:
        if all(q.get(k) == v if not isinstance(v, float) else abs((q.get(k) or 0) - v) < 1e-6
               for k, v in want.items()):
            return True
    return False


def check_claim(want: dict[str, Any], body: str, claims: list[ExtractedClaim]) -> list[str]:
    """Problems with one expected claim (empty list: found and right)."""
    cands = [c for c in claims if want["span_contains"] in body[c.start:c.end]]
    if "span_excludes" in want:
        cands = [c for c in cands if want["span_excludes"] not in body[c.start:c.end]]
    if not cands:
        if want.get("required", True):
            return [f"{want['id']}: MISSED (no claim span contains {want['span_contains']!r})"]
        return []
    c = cands[0]
    problems: list[str] = []
    for key in ("kind", "speaker", "speaker_role"):
        if key in want and getattr(c, key) != want[key]:
            problems.append(f"{want['id']}: {key} {getattr(c, key)!r} != {want[key]!r}")
    for q in want.get("quantities", []):
        if not _match_quantity(q, c.quantities):
            problems.append(f"{want['id']}: quantity {q} not in {c.quantities}")
    for d in want.get("dates", []):
        if not _match_quantity(d, c.dates):
            problems.append(f"{want['id']}: date {d} not in {c.dates}")
    for s in want.get("text_contains", []):
        if s not in c.text:
            problems.append(f"{want['id']}: text {c.text!r} lacks {s!r}")
    for s in want.get("text_excludes", []):
        if s in c.text:
            problems.append(f"{want['id']}: text {c.text!r} contains {s!r}")
    return problems


def check_all(spec: dict[str, Any], body: str, claims: list[ExtractedClaim]) -> list[str]:
    problems: list[str] = []
    for want in spec.get("claims", []):
        problems += check_claim(want, body, claims)
    for nc in spec.get("non_claims", []):
        for c in claims:
            if nc["sentence_contains"] in c.sentence:
                problems.append(f"non-claim extracted ({nc.get('why', '')}): {c.sentence!r}")
    return problems


ATTRIBUTION_PUB = dt.date(2024, 3, 14)


def claim_covering(text: str, needle: str, outlet: str = "The Gazette", *, published: dt.date = ATTRIBUTION_PUB,
                   max_claims: int | None = None) -> ExtractedClaim:
    """The first claim extracted from ``text`` whose span holds ``needle`` (the attribution tests' probe;
    ``max_claims=0`` looks past the per-article cap)."""
    claims = extract_claims(text, published=published, outlet=outlet, max_claims=max_claims)
    found = [c for c in claims if needle in text[c.start:c.end]]
    assert found, f"no claim covers {needle!r}: {[c.text for c in claims]}"
    return found[0]
