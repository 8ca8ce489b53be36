"""A stored full-text vector for claim search, written by a trigger, with its GIN index (PostgreSQL).

``claims_claim.search_vector`` = text (weight A) || speaker (B) || sentence (C), English
configuration (stemming: "withdrawal" and "withdraw" are one lexeme), after dropping thousands
separators between digits ("470,000" -> "470000", the same rule as
``claims.selectors.normalise_numbers`` applies to the query). A row trigger writes it on INSERT
(COPY and bulk_create included) and on an UPDATE that sets text, sentence or speaker; a status
change does not touch it, so claim-next's status flips stay HOT updates. The expression GIN index
of reviewers 0003 (``to_tsvector(text)``) is dropped: the stored vector replaces it.

SQLite gets the (always NULL) column only; its search is the portable fallback in claims.selectors.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION claims_normalise_numbers(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT regexp_replace(coalesce(t, ''), '(\d)[,\u00a0\u202f](?=\d{3}(?!\d))', '\1', 'g') $$;

CREATE OR REPLACE FUNCTION claims_claim_search_vector(t text, sentence text, speaker text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT setweight(to_tsvector('english'::regconfig, claims_normalise_numbers(t)), 'A')
       || setweight(to_tsvector('english'::regconfig, claims_normalise_numbers(speaker)), 'B')
       || setweight(to_tsvector('english'::regconfig, claims_normalise_numbers(sentence)), 'C') $$;

CREATE OR REPLACE FUNCTION claims_claim_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS
$$ BEGIN
     NEW.search_vector := claims_claim_search_vector(NEW.text, NEW.sentence, NEW.speaker);
     RETURN NEW;
   END $$;

DROP TRIGGER IF EXISTS claims_claim_search_update ON claims_claim;
CREATE TRIGGER claims_claim_search_update
  BEFORE INSERT OR UPDATE OF text, sentence, speaker, search_vector ON claims_claim
  FOR EACH ROW EXECUTE FUNCTION claims_claim_search_trigger();
"""

# "SET text = text" fires the trigger, which computes each vector once
BACKFILL = "UPDATE claims_claim SET text = text"

INDEX = "CREATE INDEX IF NOT EXISTS claim_search_idx ON claims_claim USING GIN (search_vector)"

DROP = """
DROP TRIGGER IF EXISTS claims_claim_search_update ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_search_trigger();
DROP FUNCTION IF EXISTS claims_claim_search_vector(text, text, text);
DROP FUNCTION IF EXISTS claims_normalise_numbers(text);
DROP INDEX IF EXISTS claim_search_idx;
"""

OLD_INDEX = "reviewers_claim_text_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    schema_editor.execute(BACKFILL)
    schema_editor.execute(INDEX)
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.execute("ANALYZE claims_claim")  # lexeme statistics, so rare and common words plan apart


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON claims_claim "
        "USING GIN (to_tsvector('english'::regconfig, COALESCE(text, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_api_keyset_index"),
        ("reviewers", "0003_claim_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
