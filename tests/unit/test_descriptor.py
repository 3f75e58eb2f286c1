"""The served descriptor conforms to Atlassian's Connect descriptor schema and declares what we rely on."""
from __future__ import annotations

import jsonschema
import pytest

from addon import create_app
from addon.config import load_settings
from tests.jirasim import load_json_contract


@pytest.fixture
def served(tmp_path):
    settings = load_settings({"TANDEM_INSTANCE_DIR": str(tmp_path), "TANDEM_BASE_URL": "https://tandem.example.com/x"})
    return create_app(settings).test_client().get("/atlassian-connect.json").get_json()


def test_the_descriptor_passes_the_connect_schema(served):
    schema = load_json_contract("jira-connect-descriptor-schema.json")
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(served), key=str)
    assert errors == []


def test_the_descriptor_declares_jwt_lifecycle_and_migrations(served):
    assert served["baseUrl"] == "https://tandem.example.com/x"
    assert served["authentication"] == {"type": "jwt"}
    assert set(served["lifecycle"]) == {"installed", "uninstalled", "enabled", "disabled"}
    assert served["apiMigrations"] == {"gdpr": True, "signed-install": True, "context-qsh": True}
    assert {"READ", "WRITE", "DELETE"} <= set(served["scopes"])


def test_the_descriptor_subscribes_to_every_event_we_sync(served):
    events = {hook["event"] for hook in served["modules"]["webhooks"]}
    assert events == {"jira:issue_created", "jira:issue_updated", "jira:issue_deleted", "comment_created",
                      "comment_updated", "comment_deleted", "attachment_created", "attachment_deleted"}


def test_the_descriptor_has_the_settings_page_and_indexes_the_origin_property(served):
    [panel] = served["modules"]["jiraProjectAdminTabPanels"]
    assert panel["url"].startswith("/pages/project-settings")
    [index] = served["modules"]["jiraEntityProperties"]
    assert index["entityType"] == "issue"
    assert index["keyConfigurations"][0]["propertyKey"] == "tandem.origin"


def test_a_broken_descriptor_would_fail_the_schema():
    schema = load_json_contract("jira-connect-descriptor-schema.json")
    assert list(jsonschema.Draft4Validator(schema).iter_errors({"key": "x", "authentication": {"type": "nope"}}))


def test_the_descriptor_has_the_issue_glance_with_the_issue_in_its_url(served):
    [glance] = served["modules"]["jiraIssueGlances"]
    assert glance["target"]["type"] == "web_panel"
    assert glance["target"]["url"].startswith("/pages/issue-glance?issue.id=${issue.id}")
    assert glance["icon"]["url"] == "/static/app/tandem-icon.svg"  # frontend/public, copied by the build
