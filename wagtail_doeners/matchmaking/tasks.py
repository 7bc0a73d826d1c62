"""Celery tasks: thin wrappers around the plain functions, which hold the logic."""

from celery import shared_task


@shared_task
def notify_contact_request(request_id):
    from .contact import send_contact_request_mails

    return send_contact_request_mails(request_id)


@shared_task
def confirm_demand_submission(submission_id):
    from .mail_moderation import send_submission_confirmation

    return send_submission_confirmation(submission_id)


@shared_task
def mail_rejection(submission_id):
    from .mail_moderation import send_rejection

    return send_rejection(submission_id)


@shared_task
def alert_enterprises(demand_id):
    from wagtail_doeners.pages.models import DemandPage

    from .alerts import alert_enterprises as alert

    return len(alert(DemandPage.objects.get(pk=demand_id)))


@shared_task
def forward_response(response_id):
    from .demands import forward_response_mail

    return forward_response_mail(response_id)


@shared_task
def send_followups():
    from .followups import send_due_followups

    return send_due_followups()


@shared_task
def close_expired_demands():
    from .demands import close_expired_demands as close

    return close()


@shared_task
def sync_percolator(page_id):
    from wagtail.models import Page

    from .percolator import sync_page

    page = Page.objects.filter(pk=page_id).first()
    return sync_page(page) if page is not None else 0


@shared_task
def apply_retention():
    from .privacy import apply_retention as apply

    return apply()
