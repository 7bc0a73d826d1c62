"""The evaluation event hook, so that sub-apps record events without importing
``wagtail_doeners.evaluation`` (imports flow one way: evaluation reads the others).

Any sub-app calls::

    from wagtail_doeners.events import record_event
    record_event("contact_request", province="limburg", company_key=..., offering_id=...)

The evaluation app connects a receiver that stores the event; without it installed,
``record_event`` does nothing. Never pass personal data (names, e-mail, phone, IP):
the evaluation receiver rejects known personal keys.
"""

from django.dispatch import Signal

# Sent with kind=<str> and data=<dict>.
event_recorded = Signal()


def record_event(kind, **data):
    event_recorded.send(sender=None, kind=kind, data=data)
