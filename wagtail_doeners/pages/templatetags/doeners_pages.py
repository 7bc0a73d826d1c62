"""Template helpers of the public pages: site navigation, optional slots, labels."""

from django import template
from django.apps import apps
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse, translate_url
from wagtail.models import Site

from ..choices import RecognitionType
from ..provinces import province_label

register = template.Library()


@register.simple_tag(takes_context=True)
def doeners_site_links(context):
    """The current Site's home, directory (Aanbod) and demand index (Vragen) pages."""
    request = context.get("request")
    if request is None:
        return {}
    cached = getattr(request, "_doeners_site_links", None)
    if cached is not None:
        return cached
    from ..listing import DemandIndexPage, DirectoryPage

    links = {}
    site = Site.find_for_request(request)
    if site is not None:
        root = site.root_page
        links = {
            "home": root,
            "directory": DirectoryPage.objects.descendant_of(root).live().first(),
            "demand_index": DemandIndexPage.objects.descendant_of(root).live().first(),
        }
    request._doeners_site_links = links
    return links


@register.simple_tag(takes_context=True)
def doeners_optional_include(context, template_name, app=None):
    """Render ``template_name`` with the current context, or nothing.

    Nothing when ``app`` (a dotted app name) is not installed or the template does
    not exist, so a page template can offer a slot that another sub-app fills, e.g.
    the matchmaking contact form on offering pages.
    """
    if app and not apps.is_installed(app):
        return ""
    try:
        tpl = get_template(template_name)
    except TemplateDoesNotExist:
        return ""
    return tpl.render(context.flatten(), context.get("request"))


@register.simple_tag(takes_context=True)
def doeners_translated_path(context, language):
    """This page's URL in ``language``, for the language switch. Under
    ``i18n_patterns`` the URL decides the language (/en/zoeken/ or /zoeken/), so the
    switch is a plain link: no form, no cookie, and it works without JavaScript."""
    request = context.get("request")
    if request is None:
        return ""
    return translate_url(request.get_full_path(), language)


@register.simple_tag
def doeners_url(name, *args):
    """``reverse(name)``, or an empty string when that URL is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def province_name(slug):
    """The province's name in the current language."""
    return province_label(slug)


@register.simple_tag
def recognition_types():
    return RecognitionType.choices
