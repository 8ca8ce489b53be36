"""The review queue, leases on claims, verdicts and the evidence behind them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from simple_history.models import HistoricalRecords

from claims.models import Claim
from factcheck.choices import ChoiceLabels


def rating_choices() -> list[tuple[str, str]]:
    return [(slug, label) for slug, label, _value in settings.VERDICT_SCALE]


def rating_label(rating: str) -> str:
    """What ``get_rating_display`` shows: the scale's label, or the value itself. Django's own
    method normalises the callable choices on every call (~10 us; a list page calls it per row)."""
    for slug, label, _value in settings.VERDICT_SCALE:
        if slug == rating:
            return force_str(label, strings_only=True)
    return rating


class QueueItem(ChoiceLabels, models.Model):
    """A claim waiting for (or under) review. At most one per claim."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        ASSIGNED = "assigned", "Assigned"
        DONE = "done", "Done"
        REMOVED = "removed", "Removed"

    class Origin(models.TextChoices):
        AUTO = "auto", "Check-worthiness threshold"
        MANUAL = "manual", "Queued by an editor"

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="queue_item")
    priority = models.IntegerField(default=0, help_text="Higher is handed out first.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.AUTO)
    enqueued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enqueued_at = models.DateTimeField(auto_now_add=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="current_items"
    )
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Blind second review (reviewers.services.blind): set from the SecondReviewRules when the claim
    # is queued. Round 1 and round 2 are leased one after the other; ``first_reviewer`` is who
    # submitted round 1, and the database refuses to lease round 2 to them (check constraint).
    rounds_required = models.PositiveSmallIntegerField(
        default=1, db_default=1, choices=[(1, "One review"), (2, "Two independent reviews")])
    review_round = models.PositiveSmallIntegerField(default=1, db_default=1,
                                                    help_text="The round the next lease is for.")
    first_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    needs_adjudication = models.BooleanField(
        default=False, db_default=False, help_text="The two independent ratings differ: an editor decides.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-priority", "enqueued_at", "id"]
        constraints = [
            # the two leases of a blind claim never go to one person, whatever the code path
            models.CheckConstraint(condition=~models.Q(assigned_to=models.F("first_reviewer")),
                                   name="second_round_not_first_reviewer"),
        ]
        indexes = [
            models.Index(fields=["status", "-priority", "enqueued_at", "id"], name="queue_next_idx"),
            models.Index(fields=["status", "lease_expires_at"], name="queue_lease_idx"),
            # the queue page and API list in hand-out order, over any set of statuses
            models.Index(fields=["-priority", "enqueued_at", "id"], name="queue_order_idx"),
            # the queue page's default view (queued + assigned, the hot statuses): partial, so it
            # holds only the open items however many are done or removed
            models.Index(fields=["-priority", "enqueued_at", "id"], name="queue_open_order_idx",
                         condition=models.Q(status__in=["queued", "assigned"])),
            # the adjudication list (partial: only the few claims waiting for an editor)
            models.Index(fields=["updated_at", "id"], name="queue_adjudication_idx",
                         condition=models.Q(needs_adjudication=True)),
        ]
        permissions = [
            ("review_claim", "Can take claims from the queue and write verdicts"),
            ("manage_queue", "Can prioritise, remove and reassign queue items"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ({self.status}, priority {self.priority})"

    @property
    def is_open(self) -> bool:
        """Queued or assigned: editors may still change it. Done and removed rows are read-only."""
        return self.status in (self.Status.QUEUED, self.Status.ASSIGNED)


class Assignment(ChoiceLabels, models.Model):
    """One lease of a queue item to a reviewer, from claim-next to its end."""

    class Outcome(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        RELEASED = "released", "Released"
        SKIPPED = "skipped", "Skipped"
        EXPIRED = "expired", "Lease expired"
        REASSIGNED = "reassigned", "Reassigned"
        REMOVED = "removed", "Removed from the queue"

    queue_item = models.ForeignKey(QueueItem, on_delete=models.CASCADE, related_name="assignments")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    started_at = models.DateTimeField(auto_now_add=True)
    lease_expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.ACTIVE)  # see Meta.indexes
    reason = models.TextField(blank=True, help_text="Why it was skipped or reassigned.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # The database itself refuses a second live lease on one queue item.
            models.UniqueConstraint(
                fields=["queue_item"], condition=models.Q(outcome="active"), name="one_active_assignment_per_item"
            ),
            # A reviewer works on one claim at a time; this also makes claim-next idempotent
            # under a double click without locking anything but the queue row.
            models.UniqueConstraint(
                fields=["reviewer"], condition=models.Q(outcome="active"), name="one_active_assignment_per_reviewer"
            ),
        ]
        indexes = [
            models.Index(fields=["reviewer", "outcome"]),
            models.Index(fields=["-started_at", "-id"], name="assignment_started_idx"),  # the API list
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} to {self.reviewer_id} ({self.outcome})"

    @property
    def seconds_left(self) -> int:
        """Seconds until the lease expires, 0 once it has (the sweeper then gives the claim back)."""
        from django.utils import timezone

        return max(0, int((self.lease_expires_at - timezone.now()).total_seconds()))


class Verdict(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"
        PUBLISHED = "published", "Published"

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    rating = models.CharField(max_length=20, choices=rating_choices, blank=True)
    rationale = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="edited_verdicts"
    )
    editor_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: bumped on every save.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Publishing: the public page lives at /checks/<public_slug>/, set once when the verdict is first
    # published and never changed afterwards (corrections keep the address).
    public_slug = models.SlugField(max_length=120, unique=True, null=True, blank=True)
    cms_url = models.URLField(
        max_length=2000, blank=True,
        help_text="The fact-check article in the newsroom's own CMS, if it is published there; "
                  "used as the ClaimReview url instead of the public page.")
    retracted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            # the approvals page: each waiting status in its own order (partial: hot statuses only)
            models.Index(fields=["submitted_at", "id"], condition=models.Q(status="submitted"),
                         name="verdict_submitted_idx"),
            models.Index(fields=["approved_at", "id"], condition=models.Q(status="approved"),
                         name="verdict_approved_idx"),
            models.Index(fields=["-created_at", "-id"], name="verdict_created_idx"),  # the API's cursor order
            models.Index(fields=["reviewer", "-updated_at"], name="verdict_reviewer_recent_idx"),  # my work
            # the claims API's ?rating=: a rating's verdicts with the columns of the visibility rule
            # (reviewers.visibility.visible_verdict_q), read from the index alone
            models.Index(fields=["rating"], include=["status", "reviewer", "claim"], name="verdict_rating_idx"),
        ]
        permissions = [
            ("approve_verdict", "Can approve, return and publish verdicts"),
            ("export_verdicts", "Can export verdict summaries"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display() or 'unrated'} ({self.status})"

    def get_rating_display(self) -> str:  # Django's, without normalising the choices per call
        return rating_label(self.rating)

    @property
    def public_url(self) -> str | None:
        """Absolute address of the public page (``PUBLIC_BASE_URL`` + ``/checks/<slug>/``); None
        until the verdict is published."""
        from django.urls import reverse

        if self.status != self.Status.PUBLISHED or not self.public_slug:
            return None
        return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("public-check", args=[self.public_slug])


class VerdictCorrection(models.Model):
    """A correction or retraction of a published verdict, shown with its date on the public page,
    in the JSON-LD and the feed. The verdict's own history keeps the values before and after."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        RETRACTION = "retraction", "Retraction"

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField(help_text="What changed and why, as readers will see it.")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of verdict {self.verdict_id}"


class EvidenceLink(ChoiceLabels, models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports the claim"
        REFUTES = "refutes", "Refutes the claim"
        CONTEXT = "context", "Context"

    class CheckStatus(models.TextChoices):
        PENDING = "pending", "Not checked yet"
        OK = "ok", "Reachable"
        BROKEN = "broken", "Broken"
        ERROR = "error", "Could not check"

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    quote = models.TextField(blank=True, help_text="The passage that matters, quoted.")
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.CONTEXT)
    accessed_at = models.DateField(null=True, blank=True)
    check_status = models.CharField(max_length=10, choices=CheckStatus.choices, default=CheckStatus.PENDING)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    page_title = models.CharField(max_length=500, blank=True)
    check_error = models.CharField(max_length=500, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url

    @property
    def check_summary(self) -> str:
        """The link check in plain words ("the site could not be reached"), not an exception text."""
        return plain_check_result(self.check_status, self.http_status, self.check_error)


def plain_check_result(status: str, http_status: int | None, error: str) -> str:
    error_l = (error or "").lower()
    if status == EvidenceLink.CheckStatus.PENDING:
        return "Not checked yet."
    if status == EvidenceLink.CheckStatus.OK:
        return "The page could be opened."
    if http_status == 404 or http_status == 410:
        return f"The site says this page does not exist (HTTP {http_status})."
    if http_status in (401, 403):
        return f"The site refused to show the page to the checker (HTTP {http_status}); it may need a login."
    if http_status and http_status >= 500:
        return f"The site had an error when the page was opened (HTTP {http_status}); try again later."
    if http_status and http_status >= 400:
        return f"The site answered with an error (HTTP {http_status})."
    if "gaierror" in error_l or "name or service not known" in error_l or "nodename" in error_l:
        return "The site could not be reached: its address does not exist (check the spelling of the domain)."
    if "timed out" in error_l or "timeout" in error_l:
        return "The site could not be reached: it did not answer in time."
    if "refused" in error_l and "private" not in error_l:
        return "The site could not be reached: it refused the connection."
    if "ssl" in error_l or "certificate" in error_l:
        return "The site's security certificate could not be verified."
    if "private" in error_l or "not public" in error_l or "loopback" in error_l:
        return "Not checked: the address is on a private network."
    if "redirects" in error_l:
        return "The page redirects too many times."
    if "scheme" in error_l:
        return "Not checked: only http and https links are checked."
    return "The site could not be reached."


class IndependentReview(ChoiceLabels, models.Model):
    """One of the two independent ratings of a claim that needs a blind second review: round 1 is
    the first reviewer's verdict as submitted, round 2 the second reviewer's, written without seeing
    round 1. Kept as submitted (adjudication changes the Verdict, never these), so agreement
    statistics (reviewers.agreement) are computed from them."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="independent_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="independent_reviews")
    round = models.PositiveSmallIntegerField(choices=[(1, "First review"), (2, "Blind second review")])
    rating = models.CharField(max_length=20, choices=rating_choices, blank=True)
    rationale = models.TextField(blank=True)
    # the round's evidence links as written ({url, title, quote, stance, accessed_at}); they become
    # EvidenceLink rows (and are checked) when the round's text becomes the claim's Verdict
    evidence = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, db_default=1, help_text="Optimistic lock: bumped on every save.")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "round"], name="independent_review_one_per_round"),
            # the two ratings of a claim are by two people
            models.UniqueConstraint(fields=["claim", "reviewer"], name="independent_review_two_people"),
        ]
        indexes = [
            models.Index(fields=["submitted_at"], condition=models.Q(status="submitted"),
                         name="independent_submitted_idx"),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} round {self.round} by {self.reviewer_id} ({self.rating or 'unrated'})"

    def get_rating_display(self) -> str:  # Django's, without normalising the choices per call
        return rating_label(self.rating)


class SecondReviewRule(models.Model):
    """Which claims need two independent (blind) reviews. A rule matches a claim when every
    criterion it sets matches (source, kind, score at least ``min_score``, or the one claim);
    a claim needs two reviews when any active rule matches it at the time it is queued."""

    source = models.ForeignKey("claims.Source", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    kind = models.CharField(max_length=12, choices=Claim.Kind.choices, blank=True)
    min_score = models.FloatField(null=True, blank=True, help_text="Claims scoring at least this (0..1).")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                              help_text="By hand: this one claim.")
    note = models.CharField(max_length=500, blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(source__isnull=False) | ~models.Q(kind="") | models.Q(min_score__isnull=False)
                           | models.Q(claim__isnull=False)),
                name="second_review_rule_has_criterion"),
        ]
        permissions = [("manage_second_review", "Can set which claims need a blind second review")]

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        parts = []
        if self.claim_id:
            parts.append(f"claim {self.claim_id}")
        if self.source_id:
            parts.append(f"source {self.source.name}")
        if self.kind:
            parts.append(f"kind {self.get_kind_display().lower()}")
        if self.min_score is not None:
            parts.append(f"score at least {self.min_score:g}")
        return ", ".join(parts) or "no criterion"

    def matches(self, claim_id: int, source_id: int | None, kind: str, score: float) -> bool:
        if not self.active:
            return False
        if self.claim_id is not None and self.claim_id != claim_id:
            return False
        if self.source_id is not None and self.source_id != source_id:
            return False
        if self.kind and self.kind != kind:
            return False
        return not (self.min_score is not None and float(score) < self.min_score)
