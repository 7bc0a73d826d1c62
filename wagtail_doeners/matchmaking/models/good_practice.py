"""Good-practice stories, each linked to the real collaboration it tells about."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from wagtail_doeners.pages.choices import PROVINCE_CHOICES

from ..choices import MatchStatus


class GoodPractice(index.Indexed, models.Model):
    """A snippet; published ones are listed at ``/goede-praktijken/``."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), unique=True)
    province = models.CharField(_("province"), max_length=32, choices=PROVINCE_CHOICES)
    match = models.ForeignKey(
        "doeners_matchmaking.Match",
        verbose_name=_("collaboration"),
        on_delete=models.PROTECT,
        related_name="good_practices",
        limit_choices_to={"status": MatchStatus.CONFIRMED},
        help_text=_("The confirmed collaboration this story is about."),
    )
    enterprise = models.ForeignKey(
        "doeners_pages.EnterprisePage",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="good_practices",
    )
    company_display_name = models.CharField(
        _("company name as published"),
        max_length=255,
        blank=True,
        help_text=_("Only with the company's permission; leave empty to keep it anonymous."),
    )
    summary = models.CharField(_("summary"), max_length=300)
    story = RichTextField(_("story"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("province"),
        FieldPanel("match"),
        FieldPanel("enterprise"),
        FieldPanel("company_display_name"),
        FieldPanel("summary"),
        FieldPanel("story"),
        FieldPanel("image"),
        FieldPanel("published"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("summary")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.match_id and self.match.status != MatchStatus.CONFIRMED:
            raise ValidationError(
                {"match": _("A good practice must tell about a confirmed collaboration.")}
            )
        if self.match_id and not self.enterprise_id:
            self.enterprise_id = self.match.enterprise_id

    def get_absolute_url(self):
        return reverse("wagtail_doeners:matchmaking:good_practice", args=[self.slug])
