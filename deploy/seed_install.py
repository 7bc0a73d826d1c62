"""Seed one local install with a little data of ITS province only (idempotent).

    python deploy/seed_install.py        # environment from deploy/env/<province>.env

Creates the province's Site on 127.0.0.1:<DOENERS_PORT> (home, Aanbod, Vragen), two
enterprises with two offerings each, one open demand, and a local superuser
admin/admin. ``doeners_demo_data`` is not used here: it creates all five provinces in
one database, while a deployment has one province per install. The page builders come
from tests/factories.py (local demo data, not a production path).
"""

import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

POSTAL_CODES = {
    "antwerpen": ("2000", "2800"),
    "limburg": ("3500", "3600"),
    "oost-vlaanderen": ("9000", "9300"),
    "vlaams-brabant": ("3000", "1800"),
    "west-vlaanderen": ("8000", "8500"),
}
OFFERINGS = (
    ("Kantoorschoonmaak", "schoonmaak"),
    ("Groenonderhoud van bedrijfsterreinen", "groen"),
    ("Verpakken en assemblage", "logistiek"),
    ("Catering voor vergaderingen", "catering"),
)


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from tests.factories import (
        make_category,
        make_demand,
        make_enterprise,
        make_kbo,
        make_offering,
        make_province_site,
    )
    from wagtail_doeners.conf import doeners_settings
    from wagtail_doeners.pages.site_settings import DoenersSiteSettings

    province = doeners_settings.PROVINCE
    port = int(os.environ.get("DOENERS_PORT", "80"))
    if DoenersSiteSettings.objects.filter(province=province).exists():
        print(f"{province}: already seeded")
        return
    # The migrations' default Site ("localhost:80") gives way to the province's own.
    Site.objects.all().delete()
    site, directory, demands = make_province_site(province, hostname="127.0.0.1", port=port)
    Site.objects.filter(pk=site.pk).update(is_default_site=True)
    codes = POSTAL_CODES[province]
    # KBO numbers differ per province so that the five installs never share one.
    offset = sorted(POSTAL_CODES).index(province) * 1000
    for number, postal_code in enumerate(codes):
        enterprise = make_enterprise(
            directory,
            title=f"Maatwerkbedrijf {province.title()} {number + 1}",
            postal_code=postal_code,
            kbo_number=make_kbo(offset + number + 1),
            live=False,
        )
        enterprise.save_revision().publish()
        for title, slug in OFFERINGS[number * 2 : number * 2 + 2]:
            category = make_category(slug=slug, name=slug.title())
            page = make_offering(enterprise, title=title, category=category, live=False)
            page.save_revision().publish()
    demand = make_demand(
        demands, title=f"Wie strijkt onze werkkledij in {province}?", postal_code=codes[0]
    )
    demand.save_revision().publish()
    user_model = get_user_model()
    if not user_model.objects.filter(username="admin").exists():
        user_model.objects.create_superuser("admin", "admin@doeners.example", "admin")
    print(f"{province}: site 127.0.0.1:{port}, 2 enterprises, 4 offerings, 1 demand")


if __name__ == "__main__":
    main()
