"""Creating a contact request: stored with its match and event in one transaction;
the e-mails go out through Celery once it has committed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from wagtail_doeners.companies import company_key
from wagtail_doeners.events import record_event
from wagtail_doeners.pages.provinces import get_page_province
from wagtail_doeners.queueing import delay_on_commit

from .choices import MatchSource
from .lifecycle import create_match
from .models import ContactRequest


def create_contact_request(cleaned, *, province, offering=None, enterprise=None, at=None):
    """Store a validated contact request (``cleaned``: the form's cleaned_data plus
    ``buyer_province``) for ``offering`` or ``enterprise``; returns it.

    ``province`` is the province of the site where it was made."""
    from . import tasks

    if offering is not None and enterprise is None:
        enterprise = offering.enterprise
    at = at or timezone.now()
    supplier_province = get_page_province(enterprise) if enterprise is not None else province
    key = company_key(kbo=cleaned.get("company_kbo"), email=cleaned["email"])
    category = offering.category if offering is not None else None
    with transaction.atomic():
        request = ContactRequest.objects.create(
            created_at=at,
            province=province,
            offering=offering,
            enterprise=enterprise,
            company_name=cleaned["company_name"],
            company_kbo=cleaned.get("company_kbo", ""),
            company_key=key,
            nace_section=cleaned.get("nace_section", ""),
            size_class=cleaned.get("size_class", ""),
            postal_code=cleaned["postal_code"],
            buyer_province=cleaned.get("buyer_province", ""),
            contact_person=cleaned["contact_person"],
            email=cleaned["email"],
            phone=cleaned.get("phone", ""),
            message=cleaned["message"],
            consent=bool(cleaned.get("consent")),
            consent_at=at if cleaned.get("consent") else None,
            language=(get_language() or "")[:10],
        )
        match = create_match(
            source=MatchSource.CONTACT_REQUEST,
            enterprise=enterprise,
            supplier_province=supplier_province,
            at=at,
            contact_request=request,
            company_key=key,
            buyer_province=request.buyer_province,
            category=category,
            nace_section=request.nace_section,
            size_class=request.size_class,
        )
        record_event(
            "contact_request",
            occurred_at=at,
            province=province,
            buyer_province=request.buyer_province,
            supplier_province=supplier_province,
            company_key=key,
            nace_section=request.nace_section,
            size_class=request.size_class,
            category=category.slug if category else "",
            offering_id=offering.pk if offering else None,
            enterprise_id=enterprise.pk if enterprise else None,
            match_id=match.pk,
        )
        delay_on_commit(tasks.notify_contact_request, request.pk)
    return request


def send_contact_request_mails(request_id):
    """Notify the enterprise and confirm to the company (the task's body)."""
    from .mail import enterprise_address, send

    request = ContactRequest.objects.select_related("offering", "enterprise").get(pk=request_id)
    target = request.offering or request.enterprise
    context = {
        "request": request,
        "enterprise": request.enterprise,
        "offering": request.offering,
        "target_url": (target.get_full_url() or "") if target else "",
    }
    sent = send(
        "contact_request_enterprise",
        enterprise_address(request.enterprise),
        context,
        reply_to=request.email,
    )
    send("contact_request_company", request.email, context, language=request.language or None)
    return sent
