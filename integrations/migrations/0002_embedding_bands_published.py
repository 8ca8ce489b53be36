"""The embedding index holds every claim: band rows say whether their claim has a published verdict
(the lookup reads those through a partial index; the linking reads all).

Forwards: the rows written so far are of claims with a published verdict (the index held only
those); they are flagged from the verdicts. Backwards: the rows of claims without a published
verdict are dropped, as the index held them before."""

from django.db import migrations, models


def flag_published(apps, schema_editor):
    band = apps.get_model("integrations", "ClaimEmbeddingBand")
    verdict = apps.get_model("reviewers", "Verdict")
    published = verdict.objects.filter(status="published").values("claim_id")
    band.objects.filter(claim_id__in=published).update(published=True)


def drop_unpublished(apps, schema_editor):
    band = apps.get_model("integrations", "ClaimEmbeddingBand")
    embedding = apps.get_model("integrations", "ClaimEmbedding")
    band.objects.filter(published=False).delete()
    embedding.objects.exclude(claim_id__in=band.objects.filter(published=True).values("claim_id")).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0012_claimlink_cosine'),
        ('integrations', '0001_initial'),
        ('reviewers', '0012_verdict_rating_idx'),
    ]

    operations = [
        migrations.AddField(
            model_name='claimembeddingband',
            name='published',
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(flag_published, drop_unpublished, elidable=False),
        migrations.AddIndex(
            model_name='claimembeddingband',
            index=models.Index(condition=models.Q(('published', True)), fields=['band', 'bucket', 'claim'],
                               name='claimemb_pub_band_idx'),
        ),
    ]
