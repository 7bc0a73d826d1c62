import logging

import pytest
from django.db import transaction

from wagtail_doeners.queueing import delay_on_commit, safe_delay


class _BrokerDown:
    """A task whose broker cannot be reached, as kombu reports it."""

    name = "tests.broker_down"

    def __init__(self):
        self.calls = []

    def delay(self, *args):
        self.calls.append(args)
        raise ConnectionRefusedError(111, "Connection refused")


def test_broker_down_is_logged_not_raised(caplog):
    task = _BrokerDown()
    with caplog.at_level(logging.WARNING, logger="wagtail_doeners.queueing"):
        assert safe_delay(task, 1) is None
    assert task.calls == [(1,)]
    assert "Could not enqueue tests.broker_down" in caplog.text


@pytest.mark.django_db
def test_delay_on_commit_waits_for_the_commit_and_survives_a_dead_broker(
    django_capture_on_commit_callbacks,
):
    task = _BrokerDown()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            delay_on_commit(task, 7)
            assert task.calls == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert task.calls == [(7,)]


@pytest.mark.django_db
def test_provincial_editors_get_the_matchmaking_screens():
    from django.contrib.auth.models import Group

    from tests.factories import make_province_site
    from wagtail_doeners.pages.permissions import province_group_name, setup_province_group

    make_province_site("limburg")
    setup_province_group("limburg")
    codenames = set(
        Group.objects.get(name=province_group_name("limburg")).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"view_match", "change_demandsubmission", "view_contactrequest"} <= codenames


@pytest.mark.django_db
def test_demand_index_links_to_the_question_form(client):
    from tests.factories import make_province_site

    site, _, index = make_province_site("limburg", hostname="limburg.test")
    index.save_revision().publish()
    response = client.get(
        index.url_path.replace(site.root_page.url_path, "/"), HTTP_HOST="limburg.test"
    )
    assert response.status_code == 200
    assert b'href="/stel-je-vraag/"' in response.content
