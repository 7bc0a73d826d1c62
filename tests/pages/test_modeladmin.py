"""wagtail-modeladmin on Wagtail 8: the province overview and its per-province scope."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_enterprise, make_offering, make_province_site
from wagtail_doeners.pages.models import Province
from wagtail_doeners.pages.permissions import add_to_province_group, user_provinces

pytestmark = pytest.mark.django_db

INDEX = "/admin/doeners_pages/province/"


@pytest.fixture
def sites():
    _, limburg_dir, _ = make_province_site("limburg")
    enterprise = make_enterprise(limburg_dir, postal_code="3500")
    make_offering(enterprise)
    make_offering(enterprise, title="Catering")
    make_province_site("antwerpen")


def _editor(province):
    user = get_user_model().objects.create_user(username=f"ed-{province}", password="x")
    add_to_province_group(user, province)
    return user


def test_superuser_sees_every_province_with_counts(client, sites):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    for province in Province.objects.all():
        assert province.name_nl in html
    rows = response.context["object_list"]
    limburg = next(p for p in rows if p.slug == "limburg")
    view_admin = response.context["view"].model_admin
    assert view_admin.enterprises(limburg) == 1
    assert view_admin.offerings(limburg) == 2


def test_editor_sees_only_own_province(client, sites):
    client.force_login(_editor("limburg"))
    assert user_provinces(_editor("antwerpen")) == {"antwerpen"}
    response = client.get(INDEX)
    assert response.status_code == 200
    assert [p.slug for p in response.context["object_list"]] == ["limburg"]

    antwerpen = Province.objects.get(slug="antwerpen")
    limburg = Province.objects.get(slug="limburg")
    assert client.get(f"{INDEX}inspect/{limburg.pk}/").status_code == 200
    refused = client.get(f"{INDEX}inspect/{antwerpen.pk}/")
    assert refused.status_code in (302, 403)
    # Read-only: nobody creates or edits provinces here.
    assert client.get(f"{INDEX}create/").status_code in (302, 403)
    assert client.get(f"{INDEX}edit/{limburg.pk}/").status_code in (302, 403)


def test_user_without_group_cannot_list(client, sites):
    user = get_user_model().objects.create_user(username="nobody", password="x")
    client.force_login(user)
    assert client.get(INDEX).status_code in (302, 403)
