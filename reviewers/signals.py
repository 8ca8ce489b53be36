"""What reviewers announces to apps above it (they connect receivers; reviewers imports none of them).

Sent inside the transaction of the change, so a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

# Claims entered the review queue (automatically or by an editor). kwargs: claim_ids
claim_queued = Signal()
# A verdict was published. kwargs: verdict_id
verdict_published = Signal()
# A published verdict was corrected. kwargs: verdict_id, correction (dict: what changed and why)
verdict_corrected = Signal()
