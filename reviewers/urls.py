from django.urls import path

from . import claim_pages, start_views, views

urlpatterns = [
    # claim pages with verdicts (URLs under claims' prefixes; see reviewers.claim_pages)
    path("articles/<int:pk>/", claim_pages.article_detail, name="article-detail"),
    path("claims/search/", claim_pages.claim_search, name="claim-search"),
    path("claims/<int:pk>/", claim_pages.claim_detail, name="claim-detail"),
    path("start/reviewer/", start_views.reviewer_start, name="start-reviewer"),
    path("start/editor/", start_views.editor_start, name="start-editor"),
    path("review/next/", views.next_claim, name="review-next"),
    path("review/mine/", views.my_work, name="review-my-work"),
    path("review/claims/<int:claim_id>/", views.claim_work, name="review-claim"),
    path("review/evidence-row/", views.evidence_row, name="review-evidence-row"),
    path("review/assignments/<int:pk>/release/", views.release, name="review-release"),
    path("review/assignments/<int:pk>/skip/", views.skip, name="review-skip"),
    path("review/queue/", views.queue, name="review-queue"),
    path("review/queue/enqueue/", views.queue_enqueue, name="review-queue-enqueue"),
    path("review/queue/bulk/", views.queue_bulk, name="review-queue-bulk"),
    path("review/queue/<int:pk>/priority/", views.queue_priority, name="review-queue-priority"),
    path("review/queue/<int:pk>/remove/", views.queue_remove, name="review-queue-remove"),
    path("review/queue/<int:pk>/reassign/", views.queue_reassign, name="review-queue-reassign"),
    path("review/approvals/", views.approvals, name="review-approvals"),
    path("review/verdicts/<int:pk>/", views.verdict_detail, name="review-verdict"),
    path("review/verdicts/<int:pk>/approve/", views.verdict_approve, name="review-verdict-approve"),
    path("review/verdicts/<int:pk>/return/", views.verdict_return, name="review-verdict-return"),
    path("review/verdicts/<int:pk>/publish/", views.verdict_publish, name="review-verdict-publish"),
    path("review/verdicts/<int:pk>/correct/", views.verdict_correct, name="review-verdict-correct"),
    path("review/verdicts/<int:pk>/cms-url/", views.verdict_cms_url, name="review-verdict-cms-url"),
    path("review/second-review/", views.second_review_rules, name="review-second-review"),
    path("review/second-review/<int:pk>/toggle/", views.second_review_rule_toggle, name="review-second-review-toggle"),
    path("review/second-review/<int:pk>/delete/", views.second_review_rule_delete, name="review-second-review-delete"),
    path("review/claims/<int:claim_id>/second-review/", views.require_second_review, name="review-require-second"),
    path("review/adjudication/", views.adjudications, name="review-adjudications"),
    path("review/adjudication/<int:claim_id>/", views.adjudication, name="review-adjudication"),
]
