"""Double opt-in, unsubscribe and GDPR export/erase of one subscriber."""

from django.db import transaction
from django.utils import timezone

from wagtail_doeners.conf import doeners_settings

from .models import ConsentRecord, Delivery, Subscriber, Suppression, email_hash


def request_opt_in(data, *, ip_address=None, source="subscribe-form", interests=()):
    """Create (or refresh) a pending subscriber and record the consent request.
    Returns the subscriber; the caller mails the confirmation link."""
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=data["email"].strip().lower(),
            defaults={k: v for k, v in data.items() if k != "email"},
        )
        if subscriber.status == Subscriber.Status.PENDING:
            for key, value in data.items():
                if key != "email":
                    setattr(subscriber, key, value)
            subscriber.save()
        if interests:
            subscriber.interests.add(*interests)
        ConsentRecord.objects.create(
            subscriber=subscriber,
            kind=ConsentRecord.Kind.REQUESTED,
            ip_address=ip_address,
            source=source,
            consent_text_version=doeners_settings.CAMPAIGNS["CONSENT_TEXT_VERSION"],
        )
    return subscriber


def confirm(subscriber, *, ip_address=None, source="confirm-link"):
    """Confirm the opt-in. A fresh, explicit double opt-in lifts an earlier
    *unsubscribe* (never a bounce, complaint or erasure suppression)."""
    with transaction.atomic():
        Suppression.objects.filter(
            email_hash=email_hash(subscriber.email), reason=Suppression.Reason.UNSUBSCRIBED
        ).delete()
        if subscriber.status == Subscriber.Status.PENDING:
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["status", "confirmed_at"])
        ConsentRecord.objects.create(
            subscriber=subscriber,
            kind=ConsentRecord.Kind.CONFIRMED,
            ip_address=ip_address,
            source=source,
            consent_text_version=doeners_settings.CAMPAIGNS["CONSENT_TEXT_VERSION"],
        )
    return subscriber


def unsubscribe(subscriber, campaign_id=None, source="unsubscribe-link"):
    """Suppress (never delete) the subscriber; any of their pending deliveries are
    skipped at send time."""
    with transaction.atomic():
        Suppression.add(
            subscriber.email, Suppression.Reason.UNSUBSCRIBED, campaign=None, detail=source
        )
        if campaign_id:
            Suppression.objects.filter(email_hash=subscriber.email_hash, campaign=None).update(
                campaign_id=campaign_id
            )
            Delivery.objects.filter(campaign_id=campaign_id, subscriber=subscriber).update(
                unsubscribed=True
            )
        ConsentRecord.objects.create(
            subscriber=subscriber,
            kind=ConsentRecord.Kind.WITHDRAWN,
            source=source,
            consent_text_version=doeners_settings.CAMPAIGNS["CONSENT_TEXT_VERSION"],
        )


def export(subscriber):
    """Everything we hold about one subscriber, as a JSON-serialisable dict."""
    return {
        "email": subscriber.email,
        "first_name": subscriber.first_name,
        "last_name": subscriber.last_name,
        "company_name": subscriber.company_name,
        "company_kbo": subscriber.company_kbo,
        "postal_code": subscriber.postal_code,
        "province": subscriber.province.slug if subscriber.province_id else None,
        "nace_section": subscriber.nace_section.code if subscriber.nace_section_id else None,
        "size_class": subscriber.size_class,
        "interests": list(subscriber.interests.values_list("slug", flat=True)),
        "status": subscriber.status,
        "created_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "suppressed": subscriber.is_suppressed,
        "consent_records": [
            {
                "kind": r.kind,
                "at": r.at.isoformat(),
                "ip_address": r.ip_address,
                "source": r.source,
                "consent_text_version": r.consent_text_version,
            }
            for r in subscriber.consent_records.all()
        ],
        "deliveries": [
            {
                "campaign": d.campaign.name,
                "status": d.status,
                "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                "clicked_at": d.clicked_at.isoformat() if d.clicked_at else None,
            }
            for d in subscriber.deliveries.select_related("campaign")
        ],
    }


def erase(subscriber):
    """Erase personal data but keep the (anonymous) delivery rows so that reports
    still add up, and keep the address suppressed through its hash only."""
    with transaction.atomic():
        Suppression.add(subscriber.email, Suppression.Reason.ERASED)
        subscriber.consent_records.all().delete()
        subscriber.interests.clear()
        Delivery.objects.filter(subscriber=subscriber).update(error="")
        subscriber.email = f"erased-{subscriber.pk}@erased.invalid"
        for name in ("first_name", "last_name", "company_name", "company_kbo", "postal_code"):
            setattr(subscriber, name, "")
        subscriber.status = Subscriber.Status.ERASED
        subscriber.email_hash = email_hash(subscriber.email)
        subscriber.save()
    return subscriber
