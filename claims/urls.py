from django.urls import path

from . import ingest_views, views

urlpatterns = [
    path("articles/", views.article_list, name="article-list"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("articles/new/", ingest_views.ingest, name="article-ingest"),
]
