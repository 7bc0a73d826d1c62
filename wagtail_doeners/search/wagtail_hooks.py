"""Registration only: the synonym snippet and the search status admin page."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.snippets.models import register_snippet

from .admin_views import status_view
from .models import Synonym

register_snippet(Synonym)


@hooks.register("register_admin_urls")
def _urls():
    return [path("doeners-search/", status_view, name="doeners_search_status")]


@hooks.register("register_settings_menu_item")
def _menu_item():
    return AdminOnlyMenuItem(
        _("Search index"), reverse("doeners_search_status"), icon_name="search", order=900
    )
