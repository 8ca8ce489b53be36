"""``manage.py score_sentences PATH``: score one sentence per line with the check-worthiness scorer.

Streams the input in batches, so memory stays flat on large files; prints ``score<TAB>sentence`` for every
input line, in order (an empty line gets score 0.0000 and an empty sentence).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import scorer


def _decoded_lines(fh: IO[bytes], name: str) -> Iterator[str]:
    """Yield lines without their line ending; invalid UTF-8 raises CommandError naming the line."""
    for lineno, raw in enumerate(fh, start=1):
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{name}: line {lineno} is not valid UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r}); "
                "convert the file to UTF-8, e.g. iconv -f LATIN1 -t UTF-8"
            ) from None
        yield line.rstrip("\r\n")


class Command(BaseCommand):
    help = "Score sentences (one per line, UTF-8; '-' reads stdin) for check-worthiness: prints score<TAB>sentence."

    #: An offline text tool: Django's system checks import every URLconf and view (a second of start-up a
    #: document when a corpus is scored one process per document); migrate and runserver run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="input file, one sentence per line; '-' for standard input")
        parser.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped model)")
        parser.add_argument("--batch-size", type=int, default=scorer.BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            model = scorer.load_scorer(options["model"])
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"cannot load the scorer model: {exc}") from exc
        path: str = options["path"]
        if path == "-":
            self._score_stream(model, sys.stdin.buffer, "<stdin>", options["batch_size"])
            return
        try:
            fh = open(path, "rb")  # closed by the with below
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
        with fh:
            self._score_stream(model, fh, path, options["batch_size"])

    def _score_stream(self, model: scorer.Scorer, fh: IO[bytes], name: str, batch_size: int) -> None:
        for batch in scorer.iter_batches(_decoded_lines(fh, name), batch_size):
            scores = model.score(batch, batch_size=batch_size)
            self.stdout.write("".join(f"{s:.4f}\t{t}\n" for s, t in zip(scores, batch, strict=True)), ending="")
