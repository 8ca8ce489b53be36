"""Full-text index for claim search (reviewers.selectors.search_claims) on PostgreSQL only.

The expression matches what ``SearchVector("text", config="english")`` generates, so the
planner can use it. SQLite search falls back to icontains and gets no index.
"""

from django.db import migrations

INDEX = "reviewers_claim_text_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON claims_claim "
        "USING GIN (to_tsvector('english'::regconfig, COALESCE(text, '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("reviewers", "0002_assignment_outcome_removed"),
        ("claims", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
