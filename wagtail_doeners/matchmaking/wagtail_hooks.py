"""Registration only: admin listings, moderation and unmet-demand URLs, menu item."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import modeladmin_register

from .modeladmin import (
    ContactRequestAdmin,
    DemandSubmissionAdmin,
    GoodPracticeAdmin,
    MatchAdmin,
    admin_urls,
)

modeladmin_register(DemandSubmissionAdmin)
modeladmin_register(ContactRequestAdmin)
modeladmin_register(MatchAdmin)
modeladmin_register(GoodPracticeAdmin)


@hooks.register("register_admin_urls")
def _urls():
    return admin_urls()


@hooks.register("register_admin_menu_item")
def _unmet_menu_item():
    return MenuItem(
        _("Unmet demand"), reverse("doeners_matchmaking_unmet"), icon_name="warning", order=350
    )


class _EnterpriseMenuItem(MenuItem):
    def is_shown(self, request):
        from .views.enterprise import account_enterprises

        return account_enterprises(request.user).exists()


@hooks.register("register_admin_menu_item")
def _enterprise_demands_menu_item():
    return _EnterpriseMenuItem(
        _("Questions from companies"),
        reverse("doeners_matchmaking_enterprise_demands"),
        icon_name="help",
        order=120,
    )


@hooks.register("register_doeners_editor_permissions")
def _editor_permissions():
    from .modeladmin import EDITOR_PERMISSIONS

    return list(EDITOR_PERMISSIONS)
