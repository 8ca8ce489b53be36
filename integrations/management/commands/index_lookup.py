"""(Re)build the lookup's embedding index for every claim with a published verdict."""

from django.core.management.base import BaseCommand

from integrations import embeddings
from integrations.lookup import reindex_published


class Command(BaseCommand):
    help = "Embed every claim with a published verdict into the lookup index (idempotent)."

    def handle(self, *args, **options) -> None:
        if not embeddings.available():
            self.stdout.write(f"no embedding model in {embeddings.model_dir()} "
                              "(bash scripts/build_embedding_model.sh): the lookup stays lexical")
            return
        done = reindex_published()
        self.stdout.write(f"indexed {done} claims")
