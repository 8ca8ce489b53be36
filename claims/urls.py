"""Article and claim pages without verdicts. The article page (``article-detail``), the claim page
(``claim-detail``) and the search (``claim-search``) show verdicts: reviewers.urls routes them."""

from django.urls import path

from . import correction_views, ingest_views, link_views, views

urlpatterns = [
    path("articles/", views.article_list, name="article-list"),
    path("articles/<int:pk>/re-extract/", views.article_reextract, name="article-reextract"),
    path("claims/<int:pk>/correct/", correction_views.edit, name="claim-correct"),
    path("claims/<int:pk>/values/", correction_views.values, name="claim-values"),
    path("claims/<int:pk>/split/", correction_views.split, name="claim-split"),
    path("claims/<int:pk>/merge/", correction_views.merge, name="claim-merge"),
    path("claims/<int:pk>/not-a-claim/", correction_views.not_a_claim, name="claim-not-a-claim"),
    path("articles/new/", ingest_views.ingest, name="article-ingest"),
    path("links/", link_views.suggestions, name="link-suggestions"),
    path("links/<int:pk>/confirm/", link_views.confirm, name="link-confirm"),
    path("links/<int:pk>/reject/", link_views.reject, name="link-reject"),
]
