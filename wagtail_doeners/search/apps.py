from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoenersSearchAppConfig(AppConfig):
    name = "wagtail_doeners.search"
    label = "doeners_search"
    verbose_name = _("Doeners search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
