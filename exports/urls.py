from django.urls import path

from . import views

urlpatterns = [
    path("exports/", views.index, name="exports-index"),
    path("exports/download/<str:fmt>/", views.download, name="exports-download"),
    path("exports/claimreview/feed.jsonld", views.claimreview_feed, name="exports-claimreview-feed"),
    path("exports/claimreview/<int:pk>.jsonld", views.claimreview_detail, name="exports-claimreview"),
    path("exports/report/", views.report, name="exports-report"),
    path("exports/corrections.jsonl", views.corrections_download, name="exports-corrections"),
    path("exports/jobs/", views.job_create, name="exports-job-create"),
    path("exports/jobs/<int:pk>/", views.job_detail, name="exports-job"),
    path("exports/jobs/<int:pk>/progress/", views.job_progress, name="exports-job-progress"),
    path("exports/jobs/<int:pk>/download/", views.job_download, name="exports-job-download"),
    path("exports/jobs/<int:pk>/retry/", views.job_retry, name="exports-job-retry"),
]
