"""``manage.py train_scorer``: fit the check-worthiness scorer on the CheckThat! TSVs and write the model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import scorer

TRAIN_FILE = "ct24_checkworthy_english_train.tsv"
DEV_FILE = "ct24_checkworthy_english_dev.tsv"
DEVTEST_FILE = "ct24_checkworthy_english_devtest.tsv"


def default_data_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "training"


class Command(BaseCommand):
    help = (
        "Train the check-worthiness scorer (hashed TF-IDF of delexicalised text + logistic regression) on an "
        "id/text/label TSV, set the threshold on the dev TSV (default rule: miss rate = false-alarm rate), and write "
        "checkworthy.npz + checkworthy.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--train", type=Path,
                            help=f"training TSV (default: <BASE_DIR>/../shared/training/{TRAIN_FILE})")
        parser.add_argument("--dev", type=Path, help=f"dev TSV for the threshold (default: .../{DEV_FILE})")
        parser.add_argument("--devtest", type=Path,
                            help=f"dev-test TSV, only scored and recorded (default: .../{DEVTEST_FILE} if present)")
        parser.add_argument("--out", type=Path, default=scorer.MODEL_DIR,
                            help="directory to write the model to (default: the shipped claims/extraction/models/)")
        parser.add_argument("--limit", type=int, default=None, help="train on a seeded random sample of N rows")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--C", type=float, default=scorer.DEFAULT_C, help="inverse regularisation strength")
        parser.add_argument("--class-weight", choices=["balanced", "none"],
                            default=scorer.DEFAULT_CLASS_WEIGHT or "none",
                            help="logistic regression class weighting (default: %(default)s)")
        parser.add_argument("--threshold-rule", choices=sorted(scorer.THRESHOLD_RULES),
                            default=scorer.DEFAULT_THRESHOLD_RULE,
                            help="how the threshold is set on dev: eer (miss rate = false-alarm rate), argmax (best "
                                 "F1) or plateau (middle of the near-best thresholds); default: %(default)s")
        parser.add_argument("--corrections", action="store_true",
                            help="also train on the desk's claim corrections in the database (a kept or fixed "
                                 "claim is 1, 'not a claim' is 0; see export_corrections)")

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = default_data_dir()
        train_path: Path = options["train"] or data_dir / TRAIN_FILE
        dev_path: Path = options["dev"] or data_dir / DEV_FILE
        devtest_path: Path | None = options["devtest"] or data_dir / DEVTEST_FILE
        if options["devtest"] is not None and not devtest_path.is_file():
            raise CommandError(f"dev-test data not found at {devtest_path}")
        if not devtest_path.is_file():
            devtest_path = None
        for label, path in (("training", train_path), ("dev", dev_path)):
            if not path.is_file():
                raise CommandError(
                    f"{label} data not found at {path}. Put the CLEF CheckThat! 2024 English TSVs ({TRAIN_FILE}, "
                    f"{DEV_FILE}; columns id, text, label) in {data_dir}/ or pass --train/--dev."
                )
        if options["limit"] is not None and options["limit"] < 2:
            raise CommandError("--limit must be at least 2")
        extra: list[tuple[str, int]] = []
        if options["corrections"]:
            from claims.corrections import scorer_rows

            extra = [(text, label) for _id, text, label in scorer_rows()]
        try:
            result = scorer.train(train_path, dev_path, options["out"], seed=options["seed"],
                                  limit=options["limit"], C=options["C"], devtest_path=devtest_path, extra=extra,
                                  class_weight=None if options["class_weight"] == "none" else options["class_weight"],
                                  threshold_rule=options["threshold_rule"])
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot train: {exc}") from exc
        w = self.stdout.write
        w(f"train: {result['train_size']} sentences ({result['train_positives']} positive) from {train_path}")
        if options["corrections"]:
            w(f"corrections: {result['extra_rows']} claims ({result['extra_positives']} kept as claims, "
              f"{result['extra_rows'] - result['extra_positives']} not a claim) from the database")
        w(f"dev:   {result['dev_size']} sentences ({result['dev_positives']} positive) from {dev_path}")
        w(f"dev F1 (positive class): {result['dev_f1']:.4f} at threshold {result['threshold']:.2f} "
          f"(rule {result['threshold_rule']}; best on dev {result['dev_f1_best']:.4f}; F1 at 0.5: "
          f"{result['dev_f1_at_0_5']:.4f}; AUC {result['dev_auc']:.4f})")
        if "devtest_f1" in result:
            w(f"dev-test F1 at that threshold: {result['devtest_f1']:.4f} (AUC {result['devtest_auc']:.4f}) "
              f"from {devtest_path}")
        w(f"model: {result['model_path']} ({result['model_bytes'] / 1e6:.2f} MB), metadata: {result['meta_path']}")
        w(self.style.SUCCESS(f"model version {result['model_version']}"))
