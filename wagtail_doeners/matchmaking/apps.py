from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoenersMatchmakingAppConfig(AppConfig):
    name = "wagtail_doeners.matchmaking"
    label = "doeners_matchmaking"
    verbose_name = _("Doeners matchmaking")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect_delete_signal()
