from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoenersCampaignsAppConfig(AppConfig):
    name = "wagtail_doeners.campaigns"
    label = "doeners_campaigns"
    verbose_name = _("Doeners campaigns")
    default_auto_field = "django.db.models.BigAutoField"
