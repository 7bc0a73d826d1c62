from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailDoenersAppConfig(AppConfig):
    name = "wagtail_doeners"
    label = "wagtail_doeners"
    verbose_name = _("Doeners")
    default_auto_field = "django.db.models.BigAutoField"
