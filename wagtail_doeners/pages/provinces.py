"""Which province owns a site, page or request.

An install serves ``WAGTAIL_DOENERS["PROVINCE"]``; when several provinces share one
install as Wagtail Sites, each Site's ``DoenersSiteSettings.province`` overrides it.
"""

from django.utils.translation import get_language
from wagtail.models import Site

from wagtail_doeners.conf import PROVINCES, doeners_settings


def get_site_province(site):
    from .site_settings import DoenersSiteSettings

    if site is not None:
        override = DoenersSiteSettings.for_site(site).province
        if override:
            return override
    return doeners_settings.PROVINCE


def get_page_province(page):
    """The province that owns ``page``: that of the Site its tree belongs to."""
    return get_site_province(page.get_site())


def get_request_province(request):
    return get_site_province(Site.find_for_request(request))


def province_label(slug, language=None):
    """The province's name in ``language`` (default: the active language)."""
    if slug not in PROVINCES:
        return slug or ""
    _nuts2, name_nl, name_en = PROVINCES[slug]
    return name_en if (language or get_language() or "").startswith("en") else name_nl


def province_nuts2(slug):
    return PROVINCES[slug][0] if slug in PROVINCES else ""


def sites_for_province(province):
    """Every Site whose effective province is ``province``."""
    return [site for site in Site.objects.all() if get_site_province(site) == province]
