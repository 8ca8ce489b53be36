import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.services import ingest_article


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published must be YYYY-MM-DD, got {value!r}")


def read_article_file(path: Path) -> str:
    """Decode a file strictly as UTF-8; HTML is reduced to its text (scripts dropped)."""
    from claims.extraction.textio import ExtractionInputError, decode_upload, html_to_text

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror or exc}")
    try:
        text = decode_upload(data)
    except ExtractionInputError as exc:
        raise CommandError(f"{path}: {exc}")
    if path.suffix.lower() in {".html", ".htm"}:
        text = html_to_text(text)
    return text


class Command(BaseCommand):
    help = "Store articles from text or HTML files and run claim extraction (queueing what passes the threshold)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--title", help="Title (default: the file's first line)")
        parser.add_argument("--source", default="", help="Outlet name")
        parser.add_argument("--url", default="")
        parser.add_argument("--author", default="")
        parser.add_argument("--published", help="Publication date, YYYY-MM-DD")

    def handle(self, *args, **opts) -> None:
        published = parse_date(opts["published"])
        failures = 0
        for path in opts["files"]:
            try:
                body = read_article_file(path)
                title = opts["title"] or (body.strip().splitlines() or [path.stem])[0][:200]
                result = ingest_article(
                    title=title, body=body, source=opts["source"], url=opts["url"],
                    author=opts["author"], published=published,
                )
            except CommandError as exc:
                failures += 1
                self.stderr.write(str(exc))
                continue
            except ValidationError as exc:
                failures += 1
                msgs = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                self.stderr.write(f"{path}: not stored: {msgs}")
                continue
            article = result.article
            article.refresh_from_db()
            verb = "stored" if result.created else "already stored"
            self.stdout.write(
                f"{path}: {verb} as article {article.pk} ({article.get_status_display()}, "
                f"{article.claims.count()} claims, {article.claims.filter(status='queued').count()} queued)"
            )
        if failures:
            raise CommandError(f"{failures} of {len(opts['files'])} file(s) not stored")
