"""Snippet viewsets for the taxonomies."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .taxonomies import Certification, NaceCode, OfferingCategory


class OfferingCategoryViewSet(SnippetViewSet):
    model = OfferingCategory
    icon = "folder-open-inverse"
    menu_label = _("Offering categories")
    list_display = ["name_nl", "slug", "parent"]
    list_filter = ["parent"]
    search_fields = ["name_nl", "name_en", "slug"]


class NaceCodeViewSet(SnippetViewSet):
    model = NaceCode
    icon = "list-ul"
    menu_label = _("NACE-BEL codes")
    list_display = ["code", "name_nl", "level", "version"]
    list_filter = ["level", "version"]
    search_fields = ["code", "name_nl", "name_en"]


class CertificationViewSet(SnippetViewSet):
    model = Certification
    icon = "tick-inverse"
    menu_label = _("Certifications")
    list_display = ["name_nl", "slug"]
