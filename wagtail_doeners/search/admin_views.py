"""Admin page with the search status (registered in wagtail_hooks.py)."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .status import search_status


def status_view(request):
    return TemplateResponse(
        request,
        "wagtail_doeners/search/admin_status.html",
        {"status": search_status(), "page_title": _("Search index")},
    )
