"""``manage.py extract PATH``: print the claims of one UTF-8 text file (nothing is stored)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from claims.management.files import parse_date, read_text_file


def _table(claims: list, width: int = 70) -> list[str]:
    rows = [("#", "span", "kind", "score", "speaker", "quantities", "dates", "claim")]
    for i, c in enumerate(claims, 1):
        quants = "; ".join(
            f"{q['text']}={q.get('value')}{'(' + q['qualifier'] + ')' if q['qualifier'] != 'exact' else ''}"
            f"{' ' + q['counts'] if q.get('counts') else ''}"
            for q in c.quantities
        )
        dates = "; ".join(f"{d['relation']} {d['value']}" for d in c.dates)
        text = c.text if len(c.text) <= width else c.text[: width - 1] + "…"
        rows.append((str(i), f"{c.start}-{c.end}", c.kind, f"{c.score:.2f}", c.speaker[:40], quants[:40], dates[:30],
                     text))
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]) - 1)]
    out = []
    for r in rows:
        out.append("  ".join(cell.ljust(w) for cell, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1])
    return out


def _why_none(text: str) -> str:
    """Why an article gave no claims, when the reason is the language: extraction reads English only."""
    from claims.extraction import detect_language

    language = detect_language(text) if text.strip() else "en"
    return "" if language in ("en", "und") else f" (the text looks like language '{language}', not English: " \
        "extraction reads English only)"


class Command(BaseCommand):
    help = ("Print the claims of one UTF-8 text file without storing anything (offsets index the file's text; "
            "an .html/.htm file is reduced to its text first, and offsets index that text).")

    #: An offline text tool: Django's system checks import every URLconf and view (a second of start-up a
    #: document when a corpus is scored one process per document); migrate and runserver run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--published", help="Publication date, YYYY-MM-DD (resolves relative dates)")
        parser.add_argument("--outlet", help="Outlet name (the speaker when nobody is cited)")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, **opts) -> None:
        from claims.extraction import extract_claims

        path: Path = opts["path"]
        published = parse_date(opts.get("published"))
        html = path.suffix.lower() in {".html", ".htm"}
        text = read_text_file(path, keep_bom=True, html=html)
        if html:
            self.stderr.write(f"{path}: HTML reduced to its text; start/end index that text, not the file")
        claims = extract_claims(text, published=published, outlet=opts.get("outlet"))
        why = "" if claims else _why_none(text)
        if opts["format"] == "json":
            if why:
                self.stderr.write(f"{path}: no claims found{why}")
            self.stdout.write(json.dumps([c.to_dict() for c in claims], ensure_ascii=False, indent=2))
        else:
            if not claims:
                self.stdout.write(f"no claims found{why}")
                return
            for line in _table(claims):
                self.stdout.write(line)
