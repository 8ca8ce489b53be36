"""The claims admin's order (article, start, -id) within the stored in_review claims, a partial index
(issue 15). The admin's "In review" filter is stored in_review OR held (claims.review_state); its page
walked the order's index past ~14,000 claims testing that OR on each (~10 ms at 1M claims). The page
now takes the first rows of each half (claims.review_state.state_arms, factcheck.pagination.first_of_arms):
this index serves the stored half in order and stops after the page; the held half is a few claims by key.
2,566 of 1M claims at the bench's size; only the rare transitions into or out of in_review write it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0013_claim_search_few_states'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('status', 'in_review')), fields=['article', 'start', '-id'], name='claim_in_review_pos_idx'),
        ),
    ]
