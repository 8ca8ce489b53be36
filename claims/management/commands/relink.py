from django.core.management.base import BaseCommand

from claims.linking import BATCH, relink


class Command(BaseCommand):
    help = (
        "Build LSH signatures and cross-article links in batches. Without --all only claims that have no "
        "signature yet; with --all every claim (after a change of normalisation or thresholds). "
        "Links decided by editors (confirmed, rejected) are never changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="re-sign and re-link every claim")
        parser.add_argument("--batch", type=int, default=BATCH, help=f"claims per batch (default {BATCH})")

    def handle(self, *args, **opts) -> None:
        def progress(done: int, created: int) -> None:
            self.stdout.write(f"{done} claims, {created} new links")

        done, created = relink(all_claims=opts["all"], batch=max(1, opts["batch"]), progress=progress)
        self.stdout.write(self.style.SUCCESS(f"relinked {done} claims; {created} new links"))
