from django.urls import path

from . import admin_views

app_name = "doeners_campaigns_admin"

urlpatterns = [
    path("<int:pk>/report/", admin_views.campaign_report, name="report"),
    path("<int:pk>/progress/", admin_views.campaign_progress, name="progress"),
    path("<int:pk>/preview/", admin_views.campaign_preview, name="preview"),
    path("<int:pk>/action/<slug:action>/", admin_views.campaign_action, name="action"),
    path("reports.csv", admin_views.reports_csv, name="reports_csv"),
    path("subscribers/import/", admin_views.subscriber_import, name="subscriber_import"),
    path("subscribers/<int:pk>/export/", admin_views.subscriber_export, name="subscriber_export"),
    path("subscribers/<int:pk>/erase/", admin_views.subscriber_erase, name="subscriber_erase"),
]
