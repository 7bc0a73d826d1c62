from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoenersPagesAppConfig(AppConfig):
    name = "wagtail_doeners.pages"
    label = "doeners_pages"
    verbose_name = _("Doeners pages")
    default_auto_field = "django.db.models.BigAutoField"
