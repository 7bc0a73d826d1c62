from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoenersCampaignsAppConfig(AppConfig):
    name = "wagtail_doeners.campaigns"
    label = "doeners_campaigns"
    verbose_name = _("Doeners campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_doeners.events import event_recorded

        from .attribution import on_event_recorded

        event_recorded.connect(on_event_recorded, dispatch_uid="doeners_campaigns_attribution")
        try:
            from anymail.signals import tracking
        except ImportError:  # anymail is the optional "campaigns" extra
            return
        from .webhooks import on_tracking

        tracking.connect(on_tracking, dispatch_uid="doeners_campaigns_tracking")
