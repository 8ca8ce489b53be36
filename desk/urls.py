from django.urls import path

from . import views

urlpatterns = [
    path("desk/dashboard/", views.dashboard, name="desk-dashboard"),
    path("desk/dashboard/refresh/", views.refresh, name="desk-dashboard-refresh"),
    path("desk/dashboard/<slug:key>.csv", views.figure_csv, name="desk-dashboard-csv"),
]
