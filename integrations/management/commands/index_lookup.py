"""(Re)build the embedding index: claims with a published verdict (the lookup), or every claim (--all,
what the cross-article linking reads), in batches by claim id; idempotent and resumable."""

from django.core.management.base import BaseCommand

from integrations import embeddings
from integrations.lookup import reindex


class Command(BaseCommand):
    help = ("Embed claims into the embedding index in batches (idempotent: a claim already encoded for "
            "its text is skipped; resume an interrupted run with --after LAST_ID).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true",
                            help="every claim, not only those with a published verdict")
        parser.add_argument("--batch", type=int, default=256, help="claims encoded per batch")
        parser.add_argument("--after", type=int, default=0, help="start after this claim id (resume)")

    def handle(self, *args, **options) -> None:
        if not embeddings.available():
            self.stdout.write(f"no embedding model in {embeddings.model_dir()} "
                              "(bash scripts/build_embedding_model.sh): the lookup and linking stay lexical")
            return

        def progress(done: int, last: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done} written, last claim id {last}")

        done = reindex(all_claims=options["all"], batch=max(1, options["batch"]), after=options["after"],
                       progress=progress)
        self.stdout.write(f"indexed {done} claims")
