"""The sweeper by hand (wiring: it re-queues every app's stuck work, so it lives beside factcheck.sweeper)."""

import json

from django.core.management.base import BaseCommand

from factcheck.sweeper import sweep


class Command(BaseCommand):
    help = ("One sweep: queue again the articles, export jobs, evidence checks and linking stuck for longer "
            "than STUCK_AFTER_SECONDS (beat runs the same sweep every minute); print what was re-queued or failed.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the report as JSON")

    def handle(self, *args, **opts) -> None:
        report = sweep()
        if opts["json"]:
            self.stdout.write(json.dumps(report.as_dict()))
        else:
            for line in report.lines():
                self.stdout.write(line)
