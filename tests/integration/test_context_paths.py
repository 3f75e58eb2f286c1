"""Both our base URL and a site's base URL may carry a path that Atlassian leaves out of qsh."""
from __future__ import annotations

import pytest
import requests

from tests.conftest import start_app
from tests.integration.test_webhooks import events_of


@pytest.fixture(scope="module")
def app_under_path(database, install_keys, tmp_path_factory):
    app = start_app(database, install_keys, tmp_path_factory, script_name="/tandem")
    yield app
    app.stop()


def test_install_and_webhook_through_an_app_base_url_with_a_path(make_site, app_under_path, database):
    assert app_under_path.base_url.endswith("/tandem")
    site = make_site("pathy", context_path="/jira")
    assert site.base_url.endswith("/jira")
    assert site.install(app_under_path.base_url + "/atlassian-connect.json").status_code == 204
    descriptor = requests.get(app_under_path.base_url + "/atlassian-connect.json", timeout=10).json()
    assert descriptor["baseUrl"] == app_under_path.base_url
    site.add_project("PTH", "Pathy")
    site.create_issue("PTH", "Task", "Through two context paths")
    assert site.deliveries[-1]["status"] == 202
    [event] = events_of(database, site.client_key)
    assert event.event_type == "jira:issue_created"
