"""A lease is no longer copied into ``Claim.status`` (claims.review_state): claims stored as
"in_review" because a reviewer holds (or held) their queue item go back to "queued", which the
pages read as "in review" while the queue item is assigned. "in_review" stays stored only where a
verdict of the claim's group was returned to its reviewer (the verdict transitions write it).

No history rows are written: this changes how the state is stored, not the state shown.
"""

from django.db import migrations

OPEN = ["queued", "assigned"]


def forwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Verdict = apps.get_model("reviewers", "Verdict")
    returned = Verdict.objects.filter(status="returned")
    (Claim.objects.filter(status="in_review", queue_item__status__in=OPEN)
     .exclude(pk__in=returned.values("claim_id"))
     .exclude(group_id__in=returned.filter(claim__group__isnull=False).values("claim__group_id"))
     .update(status="queued"))


def backwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Claim.objects.filter(status="queued", queue_item__status="assigned").update(status="in_review")


class Migration(migrations.Migration):
    dependencies = [
        ("reviewers", "0010_blind_second_review"),
        ("claims", "0009_claim_search_vector"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
