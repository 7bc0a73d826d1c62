"""Personal data of requesters: export, erasure and retention.

Only ``ContactRequest`` and ``DemandSubmission`` hold personal data. Erasing blanks
those fields and keeps the rest (company key, profile, provinces, timestamps), so
the evaluation figures do not change."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail_doeners.conf import doeners_settings

from .models import ContactRequest, DemandSubmission

PERSONAL_FIELDS = {
    ContactRequest: ("company_name", "company_kbo", "contact_person", "email", "phone", "message"),
    DemandSubmission: (
        "company_name",
        "company_kbo",
        "contact_person",
        "contact_email",
        "contact_phone",
    ),
}
_EMAIL_FIELD = {ContactRequest: "email", DemandSubmission: "contact_email"}


def _rows(model, email):
    return model.objects.filter(**{f"{_EMAIL_FIELD[model]}__iexact": email.strip()})


def export_personal_data(email):
    """Everything stored about the person with this e-mail address, as a dict."""
    result = {}
    for model, fields in PERSONAL_FIELDS.items():
        rows = _rows(model, email).values("pk", "created_at", *fields)
        result[model._meta.model_name] = [
            {**row, "created_at": row["created_at"].isoformat()} for row in rows
        ]
    return result


def _blank(model, queryset):
    fields = PERSONAL_FIELDS[model]
    return queryset.update(**dict.fromkeys(fields, ""))


def erase_personal_data(email):
    """Blank the personal fields of every record with this e-mail address."""
    with transaction.atomic():
        return sum(_blank(model, _rows(model, email)) for model in PERSONAL_FIELDS)


def apply_retention(*, now=None):
    """Blank personal data older than ``PERSONAL_DATA_RETENTION_DAYS``; pending
    submissions are kept until moderated."""
    days = doeners_settings.MATCHMAKING["PERSONAL_DATA_RETENTION_DAYS"]
    if not days:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        erased = _blank(
            ContactRequest,
            ContactRequest.objects.filter(created_at__lt=cutoff).exclude(email=""),
        )
        erased += _blank(
            DemandSubmission,
            DemandSubmission.objects.filter(created_at__lt=cutoff)
            .exclude(status="pending")
            .exclude(Q(contact_email="") & Q(company_name="")),
        )
    return erased
