"""Registrations only: the dashboard URLs and menu item, the permissions, and the
page-view hook (the work is in views/ and recording.py)."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls_admin
from .recording import record_page_view
from .views.dashboard import DASHBOARD_PERMISSION


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("doeners/evaluation/", include(urls_admin, namespace="doeners_evaluation"))]


class _DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(DASHBOARD_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_dashboard_menu_item():
    return _DashboardMenuItem(
        _("Evaluation (parliamentary questions)"),
        reverse("doeners_evaluation:dashboard"),
        icon_name="table",
        order=50,
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="doeners_evaluation",
        codename__in=["view_dashboard", "view_personal_records"],
    )


@hooks.register("before_serve_page")
def record_view(page, request, serve_args, serve_kwargs):
    record_page_view(page, request)
