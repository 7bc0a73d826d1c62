"""Small builders for the page tree used across the suites (no factory library)."""

import itertools

from wagtail.models import Page, Site

from example_site.home.models import HomePage
from wagtail_doeners.pages.models import (
    DemandIndexPage,
    DemandPage,
    DirectoryPage,
    EnterprisePage,
    OfferingCategory,
    OfferingPage,
)
from wagtail_doeners.pages.site_settings import DoenersSiteSettings

_counter = itertools.count(1)


# Valid-checksum KBO numbers: 8 digits + (97 - n % 97).
def make_kbo(n=None):
    n = 10_000_000 + (n if n is not None else next(_counter) * 7919)
    base = n % 100_000_000
    check = 97 - base % 97
    digits = f"{base:08d}{check:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def make_province_site(province, hostname=None, port=80):
    """A Site with its own home, directory and demand index, for ``province``."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=f"Doeners {province}", slug=f"home-{province}"))
    site = Site.objects.create(
        hostname=hostname or f"{province}.test",
        port=port,
        root_page=home,
        site_name=province,
    )
    DoenersSiteSettings.objects.update_or_create(site=site, defaults={"province": province})
    directory = home.add_child(instance=DirectoryPage(title="Aanbod", slug="aanbod"))
    demands = home.add_child(instance=DemandIndexPage(title="Vragen", slug="vragen"))
    return site, directory, demands


def make_category(slug="schoonmaak", name="Schoonmaak", parent=None):
    cat, _ = OfferingCategory.objects.get_or_create(
        slug=slug, defaults={"name_nl": name, "name_en": name, "parent": parent}
    )
    return cat


def make_enterprise(directory, title="Werkplaats De Vlier", postal_code="3500", **kwargs):
    kwargs.setdefault("kbo_number", make_kbo())
    kwargs.setdefault("recognition_type", "maatwerkbedrijf")
    page = EnterprisePage(title=title, postal_code=postal_code, **kwargs)
    directory.add_child(instance=page)
    return page


def make_offering(enterprise, title="Kantoorschoonmaak", category=None, **kwargs):
    kwargs.setdefault("summary", f"{title} door een maatwerkbedrijf")
    page = OfferingPage(title=title, category=category or make_category(), **kwargs)
    enterprise.add_child(instance=page)
    return page


def make_demand(index, title="Wie strijkt onze werkkledij?", postal_code="3500", **kwargs):
    kwargs.setdefault("description", "<p>Wekelijks 200 stuks werkkledij.</p>")
    kwargs.setdefault("category", make_category())
    page = DemandPage(title=title, postal_code=postal_code, **kwargs)
    index.add_child(instance=page)
    return page
