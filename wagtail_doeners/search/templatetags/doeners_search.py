from django import template

from ..labels import TYPE_LABELS

register = template.Library()


@register.filter
def type_label(value):
    """The translated label of a result type (``offering`` → “Aanbod”)."""
    return TYPE_LABELS.get(value, value)
