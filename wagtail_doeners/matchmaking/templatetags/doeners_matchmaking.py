from django import template

from ..forms import ContactRequestForm

register = template.Library()


@register.inclusion_tag("wagtail_doeners/matchmaking/contact_form.html")
def contact_request_form(page):
    """A fresh contact-request form for an offering or enterprise page."""
    return {"form": ContactRequestForm(), "target": page}
