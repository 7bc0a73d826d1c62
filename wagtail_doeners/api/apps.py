from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoenersApiAppConfig(AppConfig):
    name = "wagtail_doeners.api"
    label = "doeners_api"
    verbose_name = _("Doeners API")
