"""Mails to the company about its demand submission."""

from .mail import send
from .models import DemandSubmission


def send_submission_confirmation(submission_id):
    submission = DemandSubmission.objects.get(pk=submission_id)
    return send(
        "demand_submitted_company",
        submission.contact_email,
        {"submission": submission},
        language=submission.language or None,
    )


def send_rejection(submission_id):
    submission = DemandSubmission.objects.get(pk=submission_id)
    return send(
        "demand_rejected_company",
        submission.contact_email,
        {"submission": submission},
        language=submission.language or None,
    )
