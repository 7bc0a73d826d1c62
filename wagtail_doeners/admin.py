"""Admin listings of non-page models, built on wagtail-modeladmin.

``ProvinceScopedModelAdmin`` limits a listing, and every view of a single object, to
the provinces whose page trees the user may edit (``pages.permissions.user_provinces``),
so a provincial editor sees only their own province's rows. Sub-apps reuse it for
their own models, e.g.::

    class CampaignAdmin(ProvinceScopedModelAdmin):
        model = Campaign
        province_field = "province__slug"

Registration happens in the sub-app's ``wagtail_hooks.py`` with ``modeladmin_register``.
"""

from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from wagtail_doeners.pages.permissions import user_provinces


class ProvinceScopedPermissionHelper(PermissionHelper):
    """Model permissions as usual, plus: the object must belong to one of the user's provinces."""

    model_admin = None  # set by ProvinceScopedModelAdmin

    def _in_scope(self, user, obj):
        if user.is_superuser:
            return True
        # One lookup per request, not per listed row.
        if not hasattr(user, "_doeners_provinces"):
            user._doeners_provinces = user_provinces(user)
        return self.model_admin.object_province(obj) in user._doeners_provinces

    def user_can_inspect_obj(self, user, obj):
        return super().user_can_inspect_obj(user, obj) and self._in_scope(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and self._in_scope(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and self._in_scope(user, obj)


class ProvinceScopedModelAdmin(ModelAdmin):
    #: Lookup from the model to a province slug, e.g. ``"province"`` or ``"province__slug"``.
    province_field = "province"
    permission_helper_class = ProvinceScopedPermissionHelper

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # modeladmin builds helpers from the model alone; they need the province lookup.
        self.permission_helper.model_admin = self

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.province_field}__in": user_provinces(request.user)})

    def object_province(self, obj):
        value = obj
        for part in self.province_field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value
