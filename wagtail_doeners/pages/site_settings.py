"""Per-Site settings: which province a Wagtail Site serves."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .choices import PROVINCE_CHOICES


@register_setting(icon="site")
class DoenersSiteSettings(BaseSiteSetting):
    province = models.CharField(
        _("province"),
        max_length=32,
        choices=PROVINCE_CHOICES,
        blank=True,
        help_text=_(
            "The province this site serves. Leave empty to use WAGTAIL_DOENERS['PROVINCE']."
        ),
    )

    class Meta:
        verbose_name = _("Doeners site settings")
