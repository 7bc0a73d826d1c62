from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoenersEvaluationAppConfig(AppConfig):
    name = "wagtail_doeners.evaluation"
    label = "doeners_evaluation"
    verbose_name = _("Doeners evaluation")
    default_auto_field = "django.db.models.BigAutoField"
