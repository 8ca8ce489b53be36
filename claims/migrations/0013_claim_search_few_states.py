"""A second GIN index on the stored search vector, for the claims in the small review states only
(PostgreSQL; issue 15).

A text search within a small state (``?q=tax&status=submitted``: the search page, the API's
``?q=`` with ``?status=``, the claims admin) was a BitmapAnd of claim_status_idx with every posting
of the word in claim_search_idx: "tax" is in 200,000 of 1M claims, and reading those postings was
nearly all of the statement (EXPLAIN ANALYZE at 1M, loaded machine: 99-117 ms, 97-100 of them in
the GIN scan). The partial index holds the ~52,000 claims (5%) whose status is submitted,
approved, published, dismissed or in_review; the planner proves ``status = 'submitted'`` implies
its predicate and reads ~10,000 postings instead: 4-13 ms for the same query, a rare word still
0.01 ms. Queued and extracted claims (95%) stay in claim_search_idx alone. A status change into or
out of these states updates this index too; those are the rare transitions (submit, approve,
publish, dismiss), not claim-next's lease.

Raw SQL in RunPython, as 0009 does, because the index is PostgreSQL-only (a GIN index over the
trigger-written tsvector, which the model does not declare); SQLite searches the columns
(claims.selectors.search_claims, the ORM path) and gets nothing here.
"""

from django.db import migrations

FEW = ("submitted", "approved", "published", "dismissed", "in_review")
CREATE = ("CREATE INDEX IF NOT EXISTS claim_search_few_idx ON claims_claim USING GIN (search_vector) "
          "WHERE status IN (" + ", ".join(f"'{s}'" for s in FEW) + ")")
DROP = "DROP INDEX IF EXISTS claim_search_few_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0012_claimlink_cosine"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
