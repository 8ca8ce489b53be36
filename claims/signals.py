"""What claims announces to apps above it (they connect receivers; claims imports none of them).

Sent inside the transaction of the change, so a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

# run_extraction stored an article's claims. kwargs: article_id, claim_ids (created or updated)
article_extracted = Signal()
