"""Public demand submission, moderation, responses and unmet demand.

A submission waits in the moderation queue; approval publishes a DemandPage that
carries no private contact data (those stay on the submission) and alerts the
matching enterprises; each response is a match and is forwarded to the company."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import get_language

from wagtail_doeners.companies import company_key
from wagtail_doeners.conf import doeners_settings
from wagtail_doeners.events import record_event
from wagtail_doeners.pages.choices import DemandStatus
from wagtail_doeners.pages.provinces import get_page_province, sites_for_province
from wagtail_doeners.queueing import delay_on_commit

from .choices import MatchSource, ResponseVia, SubmissionStatus
from .demand_status import set_demand_status
from .lifecycle import create_match
from .models import DemandResponse, DemandSubmission


class ModerationError(Exception):
    pass


def _nace_code(section):
    from wagtail_doeners.pages.models import NaceCode

    if not section:
        return None
    return (
        NaceCode.objects.filter(level=NaceCode.SECTION, code=section).order_by("-version").first()
    )


def submit_demand(cleaned, *, province, at=None):
    """Store a validated submission as *pending*; returns it."""
    from . import tasks

    at = at or timezone.now()
    key = company_key(kbo=cleaned.get("company_kbo"), email=cleaned["email"])
    with transaction.atomic():
        submission = DemandSubmission.objects.create(
            created_at=at,
            province=province,
            title=cleaned["title"],
            kind=cleaned["kind"],
            category=cleaned["category"],
            description=cleaned["description"],
            region=cleaned.get("region", ""),
            deadline=cleaned.get("deadline"),
            budget_band=cleaned.get("budget_band") or "unknown",
            company_nace_section=_nace_code(cleaned.get("nace_section")),
            company_size=cleaned.get("size_class", ""),
            postal_code=cleaned["postal_code"],
            buyer_province=cleaned.get("buyer_province", ""),
            company_key=key,
            company_name=cleaned["company_name"],
            company_kbo=cleaned.get("company_kbo", ""),
            contact_person=cleaned["contact_person"],
            contact_email=cleaned["email"],
            contact_phone=cleaned.get("phone", ""),
            consent=bool(cleaned.get("consent")),
            consent_at=at if cleaned.get("consent") else None,
            language=(get_language() or "")[:10],
        )
        record_event(
            "demand_submitted",
            occurred_at=at,
            province=province,
            buyer_province=submission.buyer_province,
            company_key=key,
            demand_kind=submission.kind,
            category=submission.category.slug,
            nace_section=cleaned.get("nace_section", ""),
            size_class=submission.company_size,
            submission_id=submission.pk,
        )
        delay_on_commit(tasks.confirm_demand_submission, submission.pk)
    return submission


def demand_index_for(province):
    """The DemandIndexPage of ``province``'s site."""
    from wagtail_doeners.pages.models import DemandIndexPage

    for site in sites_for_province(province):
        index = DemandIndexPage.objects.descendant_of(site.root_page).first()
        if index is not None:
            return index
    return DemandIndexPage.objects.first()


def approve_submission(submission, *, user=None, parent=None, at=None):
    """Publish the submission as a DemandPage and alert matching enterprises."""
    from wagtail_doeners.pages.models import DemandPage

    from . import tasks

    at = at or timezone.now()
    with transaction.atomic():
        submission = DemandSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != SubmissionStatus.PENDING:
            raise ModerationError(f"submission {submission.pk} is {submission.status}")
        parent = parent or demand_index_for(submission.province)
        if parent is None:
            raise ModerationError("no demand index page to publish under")
        page = DemandPage(
            title=submission.title,
            kind=submission.kind,
            category=submission.category,
            description=linebreaks(submission.description, autoescape=True),
            region=submission.region,
            deadline=submission.deadline,
            budget_band=submission.budget_band,
            company_nace_section=submission.company_nace_section,
            company_size=submission.company_size,
            postal_code=submission.postal_code,
            first_published_at=at,
        )
        parent.add_child(instance=page)
        page.save_revision(user=user).publish(user=user)
        submission.status = SubmissionStatus.APPROVED
        submission.demand_page = page
        submission.moderated_by = user
        submission.moderated_at = at
        submission.save()
        record_event(
            "demand_approved",
            occurred_at=at,
            province=submission.province,
            buyer_province=submission.buyer_province,
            company_key=submission.company_key,
            demand_kind=submission.kind,
            category=submission.category.slug,
            demand_id=page.pk,
            submission_id=submission.pk,
            hours_in_moderation=round((at - submission.created_at).total_seconds() / 3600, 1),
        )
        delay_on_commit(tasks.alert_enterprises, page.pk)
    return page


def reject_submission(submission, *, reason, user=None, at=None):
    from . import tasks

    if not (reason or "").strip():
        raise ModerationError("a reason is required")
    at = at or timezone.now()
    with transaction.atomic():
        submission = DemandSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != SubmissionStatus.PENDING:
            raise ModerationError(f"submission {submission.pk} is {submission.status}")
        submission.status = SubmissionStatus.REJECTED
        submission.reject_reason = reason.strip()
        submission.moderated_by = user
        submission.moderated_at = at
        submission.save()
        record_event(
            "demand_rejected",
            occurred_at=at,
            province=submission.province,
            category=submission.category.slug,
            submission_id=submission.pk,
        )
        delay_on_commit(tasks.mail_rejection, submission.pk)
    return submission


def demand_contact(demand):
    """``(name, email, language)`` of the company behind ``demand``: from its
    submission, or from the page's private fields for demands entered by staff."""
    submission = DemandSubmission.objects.filter(demand_page=demand).first()
    if submission is not None:
        return submission.contact_person, submission.contact_email, submission.language
    return demand.contact_person, demand.contact_email, ""


def _demand_profile(demand):
    submission = DemandSubmission.objects.filter(demand_page=demand).first()
    if submission is not None:
        key, buyer = submission.company_key, submission.buyer_province
    else:
        key = company_key(kbo=demand.company_kbo, email=demand.contact_email)
        buyer = demand.province
    return {
        "company_key": key,
        "buyer_province": buyer,
        "nace_section": demand.company_nace_section.code[:1]
        if demand.company_nace_section_id
        else "",
        "size_class": demand.company_size,
        "category": demand.category,
    }


def record_response(demand, enterprise, message, *, via=ResponseVia.LINK, at=None):
    """Record an enterprise's response, open its match and move the demand to
    *answered*; the response is forwarded to the company after commit."""
    from wagtail_doeners.pages.models import DemandPage

    from . import tasks

    at = at or timezone.now()
    with transaction.atomic():
        demand = DemandPage.objects.select_for_update().get(pk=demand.pk)
        # One answer per enterprise and demand. Checked under the demand's row lock, so a
        # double submit or a replayed response link racing the first one cannot add a
        # second response, match and mail.
        existing = demand.responses.filter(enterprise=enterprise).first()
        if existing is not None:
            return existing
        first = not demand.responses.exists()
        response = DemandResponse.objects.create(
            demand=demand, enterprise=enterprise, message=message, via=via, created_at=at
        )
        profile = _demand_profile(demand)
        supplier_province = get_page_province(enterprise)
        match = create_match(
            source=MatchSource.DEMAND_RESPONSE,
            enterprise=enterprise,
            supplier_province=supplier_province,
            at=at,
            demand_response=response,
            **profile,
        )
        set_demand_status([demand.pk], DemandStatus.ANSWERED, only_from=[DemandStatus.OPEN])
        published = demand.first_published_at or demand.latest_revision_created_at or at
        record_event(
            "demand_response",
            occurred_at=at,
            province=get_page_province(demand),
            buyer_province=profile["buyer_province"],
            supplier_province=supplier_province,
            company_key=profile["company_key"],
            category=demand.category.slug,
            demand_kind=demand.kind,
            demand_id=demand.pk,
            enterprise_id=enterprise.pk,
            match_id=match.pk,
            via=via,
            first_response=first,
            hours_to_response=round((at - published).total_seconds() / 3600, 1),
        )
        delay_on_commit(tasks.forward_response, response.pk)
    return response


def forward_response_mail(response_id):
    from .mail import enterprise_address, send

    response = DemandResponse.objects.select_related("demand", "enterprise").get(pk=response_id)
    name, email, language = demand_contact(response.demand)
    enterprise = response.enterprise
    sent = send(
        "demand_response_company",
        email,
        {
            "response": response,
            "demand": response.demand,
            "enterprise": enterprise,
            "contact_person": name,
            "enterprise_url": enterprise.get_full_url() if enterprise else "",
        },
        language=language or None,
        reply_to=enterprise.public_email or enterprise_address(enterprise) if enterprise else None,
    )
    if sent:
        DemandResponse.objects.filter(pk=response.pk).update(forwarded_at=timezone.now())
    return sent


def unmet_demands(*, province=None, now=None, days=None):
    """Live demands, still open, without any response ``days`` after publication."""
    from wagtail_doeners.pages.models import DemandPage

    now = now or timezone.now()
    days = doeners_settings.MATCHMAKING["UNMET_AFTER_DAYS"] if days is None else days
    qs = (
        DemandPage.objects.live()
        .filter(first_published_at__lte=now - timedelta(days=days))
        .filter(status__in=[DemandStatus.OPEN, DemandStatus.CLOSED_UNMET])
        .annotate(n_responses=Count("responses"))
        .filter(n_responses=0)
        .select_related("category")
        .order_by("category__name_nl", "first_published_at")
    )
    if province:
        qs = qs.filter(Q(province=province) | Q(submission__province=province))
    return qs


def close_expired_demands(*, now=None):
    """Close open demands whose deadline has passed without a response as
    *closed-unmet*; returns how many."""
    from wagtail_doeners.pages.models import DemandPage

    now = now or timezone.now()
    ids = list(
        DemandPage.objects.filter(
            status=DemandStatus.OPEN, deadline__lt=timezone.localdate(now), responses__isnull=True
        ).values_list("pk", flat=True)
    )
    set_demand_status(ids, DemandStatus.CLOSED_UNMET)
    for pk in ids:
        record_event("demand_closed_unmet", demand_id=pk)
    return len(ids)
