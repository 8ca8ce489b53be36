from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.management.files import parse_date, read_text_file
from claims.services import ingest_article


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
        one_article = [f"--{name}" for name in ("title", "url") if opts[name]]
        if one_article and len(opts["files"]) > 1:
            # a title or an address names one article: given to several files it labelled every one of them
            raise CommandError(f"{' and '.join(one_article)} describe one article; give one file with "
                               f"{'them' if len(one_article) > 1 else 'it'} ({len(opts['files'])} files given). "
                               "--source, --author and --published may apply to several.")
        published = parse_date(opts["published"])
        failures = 0
        for path in opts["files"]:
            try:
                body = read_text_file(path)
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
            if result.ignored:
                verb += f" (its own {', '.join(result.ignored)} kept: the options given were not used)"
            self.stdout.write(
                f"{path}: {verb} as article {article.pk} ({article.get_status_display()}, "
                f"{article.claims.count()} claims, {article.claims.filter(status='queued').count()} queued)"
            )
        if failures:
            raise CommandError(f"{failures} of {len(opts['files'])} file(s) not stored")
