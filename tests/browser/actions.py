"""Setup commands run INSIDE one province's process (its settings, its database).

    python -m tests.browser.actions setup <port>   # prints one JSON line
    python -m tests.browser.actions page <id>      # title, live, revisions

Builds what the journeys need on top of an empty migrated database: the province's
Site on 127.0.0.1:<port>, synonyms, two categories, an enterprise with offerings, an
open demand with a signed response link, confirmed subscribers, a second Site of
another province (for the refused edit) and the accounts (provincial editor,
campaign manager). Tasks run eagerly here, so everything is indexed on return.
"""

import json
import sys

import django

PASSWORD = "browser-pw-1"  # noqa: S105 - test accounts on a throwaway database

#: Per province: (postal code, enterprise, [(offering title, category slug, summary)]).
DATA = {
    "limburg": (
        "3500",
        "Werkplaats Hasselt",
        [
            ("Kantoorschoonmaak Hasselt", "schoonmaak", "Schoonmaak van kantoren en refters"),
            ("Strijkdienst Hasselt", "strijk", "Strijken van werkkledij, ook poetsdienst"),
        ],
    ),
    "west-vlaanderen": (
        "8500",
        "Werkplaats Kortrijk",
        [
            ("Schoonmaak Kortrijk", "schoonmaak", "Schoonmaak van kantoren in heel Vlaanderen"),
            ("Groenonderhoud Kortrijk", "groen", "Onderhoud van bedrijfstuinen"),
        ],
    ),
}
CATEGORIES = {"schoonmaak": "Schoonmaak", "strijk": "Strijk", "groen": "Groenonderhoud"}
OTHER_PROVINCE = "vlaams-brabant"


def _province(slug):
    from wagtail_doeners.conf import PROVINCES
    from wagtail_doeners.pages.models import Province

    nuts2, name_nl, name_en = PROVINCES[slug]
    return Province.objects.get_or_create(
        slug=slug, defaults={"nuts2": nuts2, "name_nl": name_nl, "name_en": name_en}
    )[0]


def _publish(page):
    page.save_revision().publish()
    return page


def _user(username, **extra):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    return user


def _campaign_manager():
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Campaign managers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="doeners_campaigns",
            content_type__model__in=["campaign", "segment", "subscriber"],
        ),
    )
    user = _user("campaigns")
    user.groups.add(group)
    return user


def _subscribers(province, count, interest):
    from django.utils import timezone

    from wagtail_doeners.campaigns.models import Subscriber

    for i in range(count):
        subscriber = Subscriber.objects.create(
            email=f"lezer{i}@bedrijf{i}.example",
            first_name=f"Lezer{i}",
            company_name=f"Bedrijf {i}",
            postal_code=DATA[province][0],
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        if i % 2 == 0:  # half of them follow the category the campaign segment picks
            subscriber.interests.add(interest)


def setup(port):
    from wagtail.models import Site

    from tests.factories import (
        make_category,
        make_demand,
        make_enterprise,
        make_offering,
        make_province_site,
    )
    from wagtail_doeners.conf import doeners_settings
    from wagtail_doeners.matchmaking.signing import response_token
    from wagtail_doeners.pages.permissions import add_to_province_group
    from wagtail_doeners.search.models import Synonym

    province = doeners_settings.PROVINCE
    Site.objects.all().delete()
    for slug in (province, OTHER_PROVINCE, *DATA):
        _province(slug)
    Synonym.objects.create(terms="poetsdienst, schoonmaak, poetsen")
    categories = {slug: make_category(slug, name) for slug, name in CATEGORIES.items()}

    _site, directory, demands = make_province_site(province, hostname="127.0.0.1", port=port)
    Site.objects.filter(port=port).update(is_default_site=True)
    postal_code, name, offerings = DATA[province]
    enterprise = make_enterprise(
        directory,
        title=name,
        postal_code=postal_code,
        public_email="info@werkplaats.example",
        contact_email="contact@werkplaats.example",
        live=False,
    )
    _publish(enterprise)
    offering_ids = {}
    for title, category, summary in offerings:
        page = make_offering(
            enterprise, title=title, category=categories[category], summary=summary, live=False
        )
        offering_ids[title] = _publish(page).pk

    demand = _publish(
        make_demand(
            demands,
            title="Wie poetst onze refter?",
            postal_code=postal_code,
            category=categories["schoonmaak"],
            contact_email="koper@bedrijf.example",
            company_name="Koper NV",
            live=False,
        )
    )
    token = response_token(demand.pk, enterprise.pk)

    # Another province's tree in the same install: the editor must not touch it.
    _other, other_directory, _ = make_province_site(OTHER_PROVINCE, hostname="other.test", port=80)
    other = _publish(
        make_enterprise(other_directory, title="Atelier Leuven", postal_code="3000", live=False)
    )

    editor = _user("editor")
    add_to_province_group(editor, province)
    # A provincial campaign manager: the province's editor group plus the campaign
    # permissions, so the admin scopes campaigns and subscribers to the province.
    add_to_province_group(_campaign_manager(), province)
    _subscribers(province, 12, categories["schoonmaak"])
    return {
        "directory": directory.pk,
        "enterprise": enterprise.pk,
        "offerings": offering_ids,
        "demand": demand.pk,
        "respond_path": f"/antwoord/{token}/",
        "other_province_page": other.pk,
        "password": PASSWORD,
    }


def main(argv):
    django.setup()
    if argv[0] == "setup":
        print(json.dumps(setup(int(argv[1]))), flush=True)
    elif argv[0] == "page":  # what the database holds for a page, for assertions
        from wagtail.models import Page

        page = Page.objects.get(pk=int(argv[1]))
        state = {"title": page.title, "live": page.live, "revisions": page.revisions.count()}
        print(json.dumps(state), flush=True)
    else:
        raise SystemExit(f"unknown action {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
