"""Admin URLs (registered in wagtail_hooks.py under /admin/doeners/evaluation/)."""

from django.urls import path

from .views.dashboard import DashboardView, ExportView

app_name = "doeners_evaluation"

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("export/<slug:figure>.csv", ExportView.as_view(), name="export"),
]
