"""Management commands and the admin status page, on the real node."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_enterprise, make_offering

from .helpers import publish

pytestmark = [pytest.mark.search, pytest.mark.django_db]


@pytest.fixture
def limburg_data(opensearch_engine, two_provinces):
    ent = publish(make_enterprise(two_provinces["limburg"][1]))
    for i in range(3):
        publish(make_offering(ent, title=f"Aanbod {i}"))
    return ent


def test_rebuild_status_and_check(limburg_data, capsys, opensearch_engine):
    call_command("doeners_search_rebuild", province="limburg")
    out = capsys.readouterr().out
    assert "4 documents indexed" in out and "limburg: 4 documents" in out
    call_command("doeners_search_status")
    out = capsys.readouterr().out
    assert "limburg" in out and " 4 docs" in out
    call_command("doeners_search_check", province="limburg")
    assert "agree" in capsys.readouterr().out


def test_check_reports_drift_and_what_to_do(limburg_data, opensearch_engine):
    call_command("doeners_search_rebuild", province="limburg", verbosity=0)
    (name,) = opensearch_engine.province_indices("limburg")
    opensearch_engine.request("PUT", f"/{name}/_mapping", {"_meta": {"doeners_mapping_version": 0}})
    with pytest.raises(CommandError, match="1 problem"):
        call_command("doeners_search_check", province="limburg")
    problems = opensearch_engine.check(province="limburg")
    assert "doeners_search_rebuild --province limburg" in problems[0]
    call_command("doeners_search_rebuild", province="limburg", verbosity=0)
    call_command("doeners_search_check", province="limburg")


def test_check_reports_a_missing_province_index(opensearch_engine):
    with pytest.raises(CommandError):
        call_command("doeners_search_check", province="antwerpen")


def test_rebuild_rejects_unknown_province(opensearch_engine):
    with pytest.raises(CommandError, match="Unknown province"):
        call_command("doeners_search_rebuild", province="holland")


def test_admin_status_page(limburg_data, client, django_user_model):
    call_command("doeners_search_rebuild", province="limburg", verbosity=0)
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(admin)
    html = client.get("/admin/doeners-search/").content.decode()
    assert "limburg" in html and "OpenSearchBackend" in html
