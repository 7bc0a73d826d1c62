from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoenersEvaluationAppConfig(AppConfig):
    name = "wagtail_doeners.evaluation"
    label = "doeners_evaluation"
    verbose_name = _("Doeners evaluation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail_doeners.events import event_recorded

        from .recording import store_event

        event_recorded.connect(store_event, dispatch_uid="doeners_evaluation_store_event")
