import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.services import get_or_create_source, ingest_article


class Command(BaseCommand):
    help = "Load the sample articles in seeds/ (idempotent: an article already stored is left as it is)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "seeds"))

    def handle(self, *args, **opts) -> None:
        from pathlib import Path

        folder = Path(opts["dir"])
        try:
            entries = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {folder / 'articles.json'}: {exc}")
        for entry in entries:
            body = (folder / entry["file"]).read_text(encoding="utf-8")
            get_or_create_source(entry.get("source", ""), entry.get("source_url", ""))
            result = ingest_article(
                title=entry["title"], body=body, source=entry.get("source", ""), url=entry.get("url", ""),
                author=entry.get("author", ""),
                published=dt.date.fromisoformat(entry["published"]) if entry.get("published") else None,
            )
            article = result.article
            article.refresh_from_db()
            self.stdout.write(
                f"{'loaded' if result.created else 'already loaded'}: {article.title} "
                f"(article {article.pk}, {article.claims.count()} claims)"
            )
