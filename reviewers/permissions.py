"""The permissions the review workflow checks (roles are groups of these; see accounts.roles)."""

REVIEW_PERM = "reviewers.review_claim"
MANAGE_PERM = "reviewers.manage_queue"
APPROVE_PERM = "reviewers.approve_verdict"
QUEUE_CLAIM_PERM = "claims.queue_claim"
RULES_PERM = "reviewers.manage_second_review"
