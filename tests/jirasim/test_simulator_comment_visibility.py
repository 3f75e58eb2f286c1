"""Who may see a comment: restricted to a project role or a group, internal or public on a service desk, and
changes of it, as REST and webhooks show them."""
import pytest

from .adf import text_document
from .test_simulator_jsm import ISSUE, desk  # noqa: F401 (a fixture)


def comment_events(app, site):
    site.wait_for_webhooks()
    return [call.body for call in app.calls_to("/webhooks/comment")]


def test_a_comment_restricted_to_a_role_or_a_group(installed_site, as_app, app):
    installed_site.create_issue("ALPHA", "Task", "Secret work")
    to_developers = installed_site.add_comment("ALPHA-1", "Only for developers", restricted_to=("role", "Developers"))
    by_app = as_app.post(f"{ISSUE}/ALPHA-1/comment", json={"body": text_document("Group only"),
                                                          "visibility": {"type": "group", "value": "jira-developers"}})

    assert to_developers["visibility"] == {"type": "role", "value": "Developers", "identifier": "Developers"}
    assert by_app.status_code == 201 and by_app.json()["visibility"]["type"] == "group"
    assert by_app.json()["visibility"]["identifier"] == "5b10ac8d82e05b22cc7d4ef7"
    assert [event["comment"].get("visibility", {}).get("type") for event in comment_events(app, installed_site)] \
        == ["role", "group"]


def test_an_unknown_role_is_refused(installed_site, as_app):
    installed_site.create_issue("ALPHA", "Task", "Secret work")
    refused = as_app.post(f"{ISSUE}/ALPHA-1/comment", json={"body": text_document("Nobody"),
                                                           "visibility": {"type": "role", "value": "Wizards"}})
    assert refused.status_code == 400 and "commentLevel" in refused.json()["errors"]
    assert installed_site.comments("ALPHA-1") == []


def test_a_change_of_visibility_is_told_as_a_comment_update(desk, app):  # noqa: F811
    desk.create_issue("DESK", "IT Help", "Printer", request_type="Get IT Help")
    comment = desk.add_comment("DESK-1", "Shared at first")
    app.received.clear()

    desk.set_comment_visibility("DESK-1", comment["id"], "internal")
    desk.set_comment_visibility("DESK-1", comment["id"], ("role", "Service Desk Team"))
    desk.set_comment_visibility("DESK-1", comment["id"], "public")

    events = comment_events(app, desk)
    assert [event["webhookEvent"] for event in events] == ["comment_updated"] * 3
    assert [(event["comment"]["jsdPublic"], "visibility" in event["comment"]) for event in events] == [
        (False, False), (False, True), (True, False)]


def test_comment_properties_set_the_visibility_without_a_webhook(desk, as_app, app):  # noqa: F811
    desk.create_issue("DESK", "IT Help", "Printer", request_type="Get IT Help")
    comment = desk.add_comment("DESK-1", "Shared")
    app.received.clear()

    made_internal = as_app.put(f"/rest/api/3/comment/{comment['id']}/properties/sd.public.comment",
                               json={"internal": True})
    read = as_app.get(f"/rest/api/3/comment/{comment['id']}/properties/sd.public.comment")
    missing = as_app.get("/rest/api/3/comment/999999/properties/sd.public.comment")

    assert made_internal.status_code == 201 and read.json()["value"] == {"internal": True}
    assert missing.status_code == 404
    assert desk.comments("DESK-1")[0]["jsdPublic"] is False
    assert comment_events(app, desk) == []
