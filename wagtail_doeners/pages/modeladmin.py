"""A read-only "Provinces" overview in the admin, built on ProvinceScopedModelAdmin.

One row per province with the number of enterprises, offerings and open demands in
the page trees of the Sites it owns. Editors see only their own province.
"""

from django.utils.translation import gettext_lazy as _

from wagtail_doeners.admin import ProvinceScopedModelAdmin, ProvinceScopedPermissionHelper

from .choices import DemandStatus
from .provinces import sites_for_province
from .taxonomies import Province


class _ReadOnlyPermissionHelper(ProvinceScopedPermissionHelper):
    # Provinces are seeded by a migration from conf.PROVINCES; nobody edits them here.
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


def _count_in_trees(model, province, **filters):
    total = 0
    for site in sites_for_province(province):
        root = site.root_page
        total += model.objects.filter(path__startswith=root.path, **filters).count()
    return total


class ProvinceOverviewAdmin(ProvinceScopedModelAdmin):
    model = Province
    province_field = "slug"
    permission_helper_class = _ReadOnlyPermissionHelper
    menu_label = _("Provinces")
    menu_icon = "site"
    menu_order = 900
    add_to_settings_menu = True
    inspect_view_enabled = True
    list_display = ("name_nl", "nuts2", "enterprises", "offerings", "open_demands")
    search_fields = ("name_nl", "name_en", "nuts2")

    @staticmethod
    def enterprises(obj):
        from .enterprise import EnterprisePage

        return _count_in_trees(EnterprisePage, obj.slug)

    @staticmethod
    def offerings(obj):
        from .offering import OfferingPage

        return _count_in_trees(OfferingPage, obj.slug)

    @staticmethod
    def open_demands(obj):
        from .demand import DemandPage

        return _count_in_trees(DemandPage, obj.slug, status=DemandStatus.OPEN)


ProvinceOverviewAdmin.enterprises.short_description = _("enterprises")
ProvinceOverviewAdmin.offerings.short_description = _("offerings")
ProvinceOverviewAdmin.open_demands.short_description = _("open demands")
