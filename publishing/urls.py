from django.urls import path

from . import feeds, views

urlpatterns = [
    path("checks/", views.check_index, name="public-checks"),
    path("checks/feed.rss", feeds.PublishedChecksFeed(), name="public-checks-rss"),
    path("checks/feed.atom", feeds.PublishedChecksAtomFeed(), name="public-checks-atom"),
    path("checks/<slug:slug>/", views.check_detail, name="public-check"),
]
