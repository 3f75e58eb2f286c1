"""The Jira connector's search against the simulator: every page, by Jira's nextPageToken, within the contract."""
from __future__ import annotations

from addon.connectors.jira import ConnectJwtAuth, JiraClient
from addon.connectors.jira.api import SEARCH_PAGE, JiraApi


def test_every_issue_follows_the_page_tokens_to_the_last_page(installed_site):
    installed_site.faults.webhook_drop_rate = 1.0  # no worker here to drain what Tandem would be told
    project = installed_site.add_project("PAGE", "Paged")
    created = [installed_site.create_issue("PAGE", "Task", f"Issue {number}") for number in range(SEARCH_PAGE + 3)]
    auth = ConnectJwtAuth(installed_site.app_key, installed_site.shared_secret, installed_site.base_url)
    api = JiraApi(JiraClient(installed_site.base_url, auth))

    found = list(api.every_issue(f"project = {project['id']} ORDER BY created ASC", ["project"]))

    assert [issue["key"] for issue in found] == [issue["key"] for issue in created]
    searches = [request for request in installed_site.requests if request.path == "/rest/api/3/search/jql"]
    assert len(searches) == 2 and "nextPageToken" in searches[1].query
