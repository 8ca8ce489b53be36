"""Write the human corrections of extracted claims as labelled data (JSON Lines)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from claims.corrections import correction_records, scorer_rows


class Command(BaseCommand):
    help = "Corrected claims as JSON Lines: extracted values next to the human ones, with a label."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", help="file to write (default: standard output)")
        parser.add_argument("--format", choices=["jsonl", "tsv"], default="jsonl",
                            help="tsv: id/text/label rows (1 = a claim, 0 = not a claim) in the layout "
                                 "train_scorer reads, to add to its training file")

    def handle(self, *args, **options) -> None:
        out = open(options["out"], "w", encoding="utf-8") if options["out"] else self.stdout
        n = 0
        try:
            if options["format"] == "tsv":
                out.write("id\ttext\tlabel\n")
                for row_id, text, label in scorer_rows():
                    out.write(f"{row_id}\t{text}\t{label}\n")
                    n += 1
            else:
                for record in correction_records():
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    n += 1
        finally:
            if options["out"]:
                out.close()
        self.stderr.write(f"{n} corrected claims")
