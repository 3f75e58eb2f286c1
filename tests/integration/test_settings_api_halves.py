"""Each side's half: read, replace the draft (checked against the real sites), publish, discard."""
from __future__ import annotations

import copy

import pytest

from tests.integration.test_settings_api import create_within_site, refused, two_projects


@pytest.fixture
def connected(make_site, live_app):
    """SOFT (software, admin Ann) and DESK (service desk, admin Sam) of one site, connected by Power Customer."""
    site, ann, sam = two_projects(make_site, live_app)
    connection_id = create_within_site(ann, sam.project, scenario="power_customer")["id"]
    sam.call("POST", f"/api/connections/{connection_id}/accept", expect=200)
    return connection_id, ann, sam


def half_path(connection_id: int, action: str = "") -> str:
    return f"/api/connections/{connection_id}/half" + (f"/{action}" if action else "")


def draft_of(admin, connection_id: int) -> dict:
    return admin.call("GET", half_path(connection_id), expect=200).json()["draft"]


def put_draft(admin, connection_id: int, change):
    """Replaces the draft with the current one as changed by ``change(draft)``."""
    draft = copy.deepcopy(draft_of(admin, connection_id))
    change(draft)
    return admin.call("PUT", half_path(connection_id), json=draft)


def test_a_side_reads_its_own_half_and_only_what_the_other_side_published(connected):
    connection_id, ann, sam = connected
    half = ann.call("GET", half_path(connection_id), expect=200).json()
    assert (half["side"], half["version"], half["published"]) == ("a", 0, None)
    assert half["hasUnpublishedChanges"] is True
    sam.call("POST", half_path(connection_id, "publish"), expect=200)
    seen = ann.call("GET", f"/api/connections/{connection_id}", expect=200).json()
    assert seen["otherHalf"]["side"] == "b" and seen["otherHalf"]["draft"] is None
    assert seen["otherHalf"]["published"] == draft_of(sam, connection_id)
    assert [s["published"] for s in seen["sides"]] == [False, True]


def test_an_unknown_issue_type_is_refused_by_name(connected):
    connection_id, ann, sam = connected
    response = put_draft(ann, connection_id, lambda d: d["outgoing"].update(issue_types=["Task", "Epick"]))
    body = refused(response, 422, "Epick", "SOFT")
    assert list(body["errors"]) == ["outgoing.issue_types"]
    # Incoming: keys are the other side's types, values this side's.
    response = put_draft(sam, connection_id, lambda d: d["incoming"]["issue_types"].update(
        {"Incident": "IT Help", "Bug": "Story"}))
    messages = refused(response, 422)["errors"]["incoming.issue_types"]
    assert any("'Incident'" in m and "SOFT" in m for m in messages), messages
    assert any("'Story'" in m and "DESK" in m for m in messages), messages
    response = put_draft(sam, connection_id, lambda d: d["incoming"].update(fallback_issue_type="Bug"))
    refused(response, 422, "'Bug'", "DESK")


def test_an_unknown_field_is_refused_by_name(connected):
    connection_id, ann, sam = connected
    response = put_draft(ann, connection_id, lambda d: d["outgoing"].update(fields=["summary", "customfield_404"]))
    refused(response, 422, "customfield_404")
    response = put_draft(ann, connection_id, lambda d: d["incoming"]["fields"].update(priorty="priority"))
    assert refused(response, 422, "priorty")["errors"] == {
        "incoming.fields": [f"field 'priorty' does not exist on {ann.site.base_url}"]}
    response = put_draft(ann, connection_id, lambda d: d["incoming"]["value_maps"].update(
        {"priority": {"values": {"High": "Highest"}}}))
    refused(response, 422, "'priority', which is not an incoming field")


def test_an_unknown_request_type_is_refused_by_name(connected):
    connection_id, ann, sam = connected
    response = put_draft(sam, connection_id, lambda d: d["incoming"]["defaults"].update(
        {"Purchase": {"request_type": "Buy a pony"}}))
    body = refused(response, 422, "request type 'Buy a pony'", "DESK")
    assert list(body["errors"]) == ["incoming.defaults.Purchase"]
    response = put_draft(ann, connection_id, lambda d: d["incoming"]["defaults"].update(
        {"*": {"request_type": "Get IT Help"}}))
    refused(response, 422, "SOFT is not a service desk")


def test_a_malformed_half_is_refused_field_by_field(connected):
    connection_id, ann, sam = connected
    response = put_draft(ann, connection_id, lambda d: d["outgoing"].update(comments=["shouted"]))
    assert list(refused(response, 422)["errors"]) == ["outgoing.comments.0"]
    refused(ann.call("PUT", half_path(connection_id), json={"sideways": True}), 422, "sideways")


def test_publish_makes_the_draft_live_and_discard_goes_back_to_it(connected):
    connection_id, ann, sam = connected
    refused(ann.call("POST", half_path(connection_id, "discard")), 409, "never been published")
    saved = put_draft(ann, connection_id, lambda d: d["outgoing"].update(fields=["summary", "description", "labels"]))
    assert saved.status_code == 200, saved.text
    published = ann.call("POST", half_path(connection_id, "publish"), expect=200).json()
    assert published["version"] == 1 and published["hasUnpublishedChanges"] is False
    assert published["published"]["outgoing"]["fields"] == ["summary", "description", "labels"]

    edited = put_draft(ann, connection_id, lambda d: d["outgoing"].update(fields=["summary"])).json()
    assert edited["hasUnpublishedChanges"] is True and edited["version"] == 1
    discarded = ann.call("POST", half_path(connection_id, "discard"), expect=200).json()
    assert discarded["draft"] == discarded["published"] == published["published"]
    assert ann.call("POST", half_path(connection_id, "publish"), expect=200).json()["version"] == 2
    assert draft_of(sam, connection_id)["incoming"]["create_issues"] is True, "the other half is untouched"


def test_the_target_side_configures_only_after_accepting(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    connection_id = create_within_site(ann, sam.project)["id"]
    refused(sam.call("POST", half_path(connection_id, "publish")), 409, "accept")
    assert ann.call("POST", half_path(connection_id, "publish"), expect=200).json()["version"] == 1
