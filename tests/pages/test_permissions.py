"""Provincial editors and enterprise accounts against the real Wagtail admin views."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import (
    make_category,
    make_demand,
    make_enterprise,
    make_offering,
    make_province_site,
)
from wagtail_doeners.pages.models import EnterprisePage
from wagtail_doeners.pages.permissions import (
    add_to_province_group,
    province_group_name,
    setup_enterprise_account,
    setup_province_group,
)

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.create_user(username=username, password="pw-" + username)


@pytest.fixture
def two_provinces():
    trees = {}
    for province, postal_code in (("limburg", "3500"), ("antwerpen", "2000")):
        site, directory, demand_index = make_province_site(province)
        enterprise = make_enterprise(
            directory, title=f"Werkplaats {province}", postal_code=postal_code
        )
        offering = make_offering(enterprise, title=f"Schoonmaak {province}")
        demand = make_demand(demand_index, postal_code=postal_code)
        trees[province] = {
            "directory": directory,
            "demand_index": demand_index,
            "enterprise": enterprise,
            "offering": offering,
            "demand": demand,
        }
    return trees


def _add_url(model_name, parent):
    return reverse("wagtailadmin_pages:add", args=("doeners_pages", model_name, parent.pk))


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def _admin_views(tree):
    """(label, url) for the create and edit view of each of the three page types."""
    return [
        ("add enterprise", _add_url("enterprisepage", tree["directory"])),
        ("add offering", _add_url("offeringpage", tree["enterprise"])),
        ("add demand", _add_url("demandpage", tree["demand_index"])),
        ("edit enterprise", _edit_url(tree["enterprise"])),
        ("edit offering", _edit_url(tree["offering"])),
        ("edit demand", _edit_url(tree["demand"])),
    ]


def _refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" not in response["Location"]
    )


def test_province_editor_reaches_own_tree_only(client, two_provinces):
    editor = _user("editor-limburg")
    add_to_province_group(editor, "limburg")
    client.force_login(editor)

    for label, url in _admin_views(two_provinces["limburg"]):
        response = client.get(url)
        assert response.status_code == 200, f"{label}: {response.status_code}"

    for label, url in _admin_views(two_provinces["antwerpen"]):
        response = client.get(url)
        assert _refused(response), f"{label} in antwerpen answered {response.status_code}"


def test_province_editor_cannot_save_into_other_province(client, two_provinces):
    editor = _user("editor-antwerpen")
    add_to_province_group(editor, "antwerpen")
    client.force_login(editor)
    page = two_provinces["limburg"]["enterprise"]
    response = client.post(_edit_url(page), {"title": "Overgenomen"})
    assert _refused(response)
    page.refresh_from_db()
    assert page.title == "Werkplaats limburg"


def test_province_editor_can_publish_in_own_tree(client, two_provinces):
    editor = _user("editor-limburg2")
    add_to_province_group(editor, "limburg")
    client.force_login(editor)
    tree = two_provinces["limburg"]
    category = make_category()
    response = client.post(
        _add_url("offeringpage", tree["enterprise"]),
        {
            "title": "Strijkdienst",
            "slug": "strijkdienst",
            "summary": "Wekelijks strijkwerk",
            "body": '{"blocks": [], "entityMap": {}}',
            "category": category.pk,
            "tags": "",
            "cpv_codes": "",
            "gallery_images-TOTAL_FORMS": "0",
            "gallery_images-INITIAL_FORMS": "0",
            "gallery_images-MIN_NUM_FORMS": "0",
            "gallery_images-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    offering = tree["enterprise"].get_children().get(slug="strijkdienst")
    assert offering.live


def test_enterprise_account_limited_to_its_own_page(client, two_provinces):
    own = two_provinces["limburg"]["enterprise"]
    other = make_enterprise(
        two_provinces["limburg"]["directory"], title="Andere werkplaats", postal_code="3600"
    )
    other_offering = make_offering(other, title="Catering")
    user, created = setup_enterprise_account(own, "vlier", email="x@example.org", password="pw")
    assert created
    client.force_login(user)

    assert client.get(_edit_url(own)).status_code == 200
    assert client.get(_edit_url(two_provinces["limburg"]["offering"])).status_code == 200
    assert client.get(_add_url("offeringpage", own)).status_code == 200

    for url in (
        _edit_url(other),
        _edit_url(other_offering),
        _add_url("offeringpage", other),
        _add_url("enterprisepage", two_provinces["limburg"]["directory"]),
        _edit_url(two_provinces["limburg"]["demand"]),
        _edit_url(two_provinces["antwerpen"]["enterprise"]),
    ):
        assert _refused(client.get(url)), url


def test_setup_is_idempotent(two_provinces):
    group = setup_province_group("limburg")
    count = group.page_permissions.count()
    assert setup_province_group("limburg").pk == group.pk
    assert group.page_permissions.count() == count == 5
    enterprise = EnterprisePage.objects.get(title="Werkplaats limburg")
    setup_enterprise_account(enterprise, "vlier")
    user, created = setup_enterprise_account(enterprise, "vlier")
    assert not created
    assert user.groups.count() == 1


def test_setup_refuses_province_without_site(two_provinces):
    with pytest.raises(ValueError, match="No Wagtail Site"):
        setup_province_group("west-vlaanderen")


def test_command_creates_groups_and_enterprise_account(two_provinces):
    enterprise = two_provinces["antwerpen"]["enterprise"]
    call_command(
        "doeners_setup_permissions",
        "--enterprise",
        enterprise.kbo_number,
        "--username",
        "ent-antwerpen",
        stdout=open("/dev/null", "w"),
    )
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name=province_group_name("limburg")).exists()
    assert Group.objects.filter(name=province_group_name("antwerpen")).exists()
    assert get_user_model().objects.filter(username="ent-antwerpen").exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (["--enterprise", "0403.170.701"], "go together"),
        (["--enterprise", "1234", "--username", "x"], "Invalid KBO"),
        (["--enterprise", "0403.170.701", "--username", "x"], "No enterprise"),
        (["--province", "west-vlaanderen"], "No Wagtail Site"),
    ],
)
def test_command_bad_arguments(two_provinces, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("doeners_setup_permissions", *args, stdout=open("/dev/null", "w"))


def test_sub_apps_add_editor_permissions_by_hook(two_provinces):
    from wagtail import hooks

    def extra():
        return [("doeners_pages", "change_certification")]

    with hooks.register_temporarily("register_doeners_editor_permissions", extra):
        group = setup_province_group("limburg")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_certification", "view_offeringcategory", "access_admin"} <= codenames
