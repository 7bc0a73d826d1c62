"""The search outbox and the editor-managed synonym list."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """One pending change to the shared index, written in the page's own transaction.

    Province and document type are copied at write time so a deleted page can still be
    removed from the index. The row id is the document's external version: a later
    change always carries a higher id, so the newest change wins whatever the order in
    which workers apply them.
    """

    INDEX, DELETE = "index", "delete"
    ACTION_CHOICES = [(INDEX, _("index")), (DELETE, _("delete"))]

    page_id = models.PositiveIntegerField(_("page id"), db_index=True)
    province = models.CharField(_("province"), max_length=32)
    doc_type = models.CharField(_("document type"), max_length=16)
    action = models.CharField(_("action"), max_length=8, choices=ACTION_CHOICES)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("search outbox entry")
        verbose_name_plural = _("search outbox entries")

    def __str__(self):
        return f"{self.action} {self.province}:{self.doc_type}:{self.page_id}"


class Synonym(models.Model):
    """A group of words that mean the same to searchers, e.g. *poetsen, schoonmaak*.

    Applied at query time (the query is expanded before it reaches the engine), so a
    change is live at once, on every engine and on the database fallback, without a
    reindex.
    """

    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_(
            "Comma-separated words or phrases that mean the same, e.g. poetsen, schoonmaak"
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.terms

    def term_list(self):
        return [t.strip().lower() for t in self.terms.split(",") if t.strip()]

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("Give at least two comma-separated terms.")})
