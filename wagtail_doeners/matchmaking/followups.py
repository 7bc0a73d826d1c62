"""Follow-up prompts at 30, 90 and 180 days after first contact, to both sides:
"Did this lead to work? yes / not yet / no", answered with one click.

Idempotent: the FollowUp row (unique per match, step and side) is inserted as a
claim before the mail goes out, so overlapping beat runs never send a step twice.
A failed send releases the claim so the next run retries it."""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail_doeners.conf import doeners_settings

from .choices import FollowUpAnswer, FollowUpSide, MatchStatus, StatusChangeSource
from .lifecycle import set_status
from .models import FollowUp, Match

logger = logging.getLogger(__name__)

OPEN_STATUSES = [MatchStatus.CONTACTED, MatchStatus.REPLIED, MatchStatus.QUOTE_SENT]


def _steps():
    return sorted(int(s) for s in doeners_settings.MATCHMAKING["FOLLOWUP_STEPS"])


def due_followups(*, now=None):
    """``(match, step)`` pairs due now: the latest step whose day has come, for open
    matches that have not had it. Earlier missed steps are not sent any more."""
    now = now or timezone.now()
    steps = _steps()
    due = []
    oldest_relevant = now - timedelta(days=steps[0])
    matches = Match.objects.filter(status__in=OPEN_STATUSES, created_at__lte=oldest_relevant)
    sent = {}
    for match_id, step, side in FollowUp.objects.filter(match__in=matches).values_list(
        "match_id", "step", "side"
    ):
        sent.setdefault(match_id, set()).add((step, side))
    for match in matches.select_related("contact_request", "demand_response", "enterprise"):
        age = (now - match.created_at).days
        reached = [s for s in steps if s <= age]
        if not reached:
            continue
        step = reached[-1]
        claimed = sent.get(match.pk, set())
        if all((step, side) in claimed for side in FollowUpSide.values):
            continue
        due.append((match, step))
    return due


def company_address(match):
    """``(email, language)`` of the company side of ``match``."""
    if match.contact_request_id:
        return match.contact_request.email, match.contact_request.language
    if match.demand_response_id:
        from .demands import demand_contact

        _, email, language = demand_contact(match.demand_response.demand)
        return email, language
    return "", ""


def _claim(match, step, side):
    try:
        with transaction.atomic():
            return FollowUp.objects.create(match=match, step=step, side=side)
    except IntegrityError:
        return None


def send_followup(followup):
    from .mail import enterprise_address, followup_urls, send

    match = followup.match
    if followup.side == FollowUpSide.COMPANY:
        to, language = company_address(match)
    else:
        to, language = enterprise_address(match.enterprise), ""
    page = match.enterprise
    return send(
        f"followup_{followup.side}",
        to,
        {
            "match": match,
            "followup": followup,
            "enterprise": match.enterprise,
            "urls": followup_urls(followup, page),
            "months": round(followup.step / 30),
        },
        language=language or None,
    )


def send_due_followups(*, now=None):
    """Send every due follow-up once; returns the number of mails sent."""
    count = 0
    for match, step in due_followups(now=now):
        for side in (FollowUpSide.COMPANY, FollowUpSide.ENTERPRISE):
            followup = _claim(match, step, side)
            if followup is None:
                continue
            try:
                delivered = send_followup(followup)
            except Exception:
                logger.exception("Follow-up %s could not be sent; will retry", followup.pk)
                followup.delete()
                continue
            if delivered:
                followup.sent_at = timezone.now()
                followup.save(update_fields=["sent_at"])
                count += 1
    return count


_ANSWER_STATUS = {FollowUpAnswer.YES: MatchStatus.CONFIRMED, FollowUpAnswer.NO: MatchStatus.LOST}


def record_answer(followup, answer, *, at=None, **collaboration):
    """Record a one-click answer. *yes* confirms the collaboration (with the details
    given), *no* marks the match lost unless it is already confirmed, *not yet*
    changes nothing but is kept. Answering again overwrites the earlier answer."""
    at = at or timezone.now()
    if answer not in FollowUpAnswer.values:
        raise ValueError(answer)
    FollowUp.objects.filter(pk=followup.pk).update(answer=answer, answered_at=at)
    followup.answer, followup.answered_at = answer, at
    status = _ANSWER_STATUS.get(answer)
    match = followup.match
    if status is None:
        return False
    if status == MatchStatus.LOST and match.status == MatchStatus.CONFIRMED:
        return False
    source = StatusChangeSource.FOLLOWUP
    if status == MatchStatus.CONFIRMED:
        return set_status(match, status, source=source, at=at, forward_only=True, **collaboration)
    return set_status(match, status, source=source, at=at, forward_only=True)
