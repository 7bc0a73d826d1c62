"""Taxonomies: provinces, offering categories (a tree), NACE-BEL codes, certifications.

They are plain models, registered as snippets in ``wagtail_hooks.py`` so editors
manage them in the admin; NACE-BEL and the provinces are seeded from data files.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import NaceVersion


class TranslatedNameMixin(models.Model):
    name_nl = models.CharField(_("name (Dutch)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self):
        if (get_language() or "nl").startswith("en") and self.name_en:
            return self.name_en
        return self.name_nl

    def __str__(self):
        return self.name


class Province(TranslatedNameMixin):
    slug = models.SlugField(_("slug"), unique=True)
    nuts2 = models.CharField(_("NUTS 2 code"), max_length=4, unique=True)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class OfferingCategory(TranslatedNameMixin):
    """A node in the offering-category tree (at most three levels deep)."""

    MAX_DEPTH = 3

    slug = models.SlugField(_("slug"), unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_nl"]
        verbose_name = _("offering category")
        verbose_name_plural = _("offering categories")

    def ancestors(self):
        """From the root down to and including this category."""
        chain, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def path(self):
        """Slash-separated slugs from the root, e.g. ``schoonmaak/kantoorschoonmaak``."""
        return "/".join(c.slug for c in self.ancestors())

    def clean(self):
        node, depth = self.parent, 1
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A category cannot be its own ancestor.")})
            depth += 1
            node = node.parent
        if depth > self.MAX_DEPTH:
            raise ValidationError(
                {
                    "parent": _("Categories can be at most %(n)d levels deep.")
                    % {"n": self.MAX_DEPTH}
                }
            )


class NaceCode(TranslatedNameMixin):
    """A NACE-BEL section (letter) or division (two digits), with its version."""

    SECTION, DIVISION = "section", "division"
    LEVEL_CHOICES = [(SECTION, _("section")), (DIVISION, _("division"))]

    code = models.CharField(_("code"), max_length=10)
    version = models.CharField(
        _("version"), max_length=4, choices=NaceVersion.choices, default=NaceVersion.NACE_BEL_2025
    )
    level = models.CharField(_("level"), max_length=10, choices=LEVEL_CHOICES)
    section = models.ForeignKey(
        "self",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="divisions",
        limit_choices_to={"level": "section"},
    )

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="doeners_nace_code_version")
        ]
        verbose_name = _("NACE-BEL code")
        verbose_name_plural = _("NACE-BEL codes")

    def __str__(self):
        return f"{self.code} {self.name} (NACE-BEL {self.version})"


class Certification(TranslatedNameMixin):
    slug = models.SlugField(_("slug"), unique=True)
    url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
