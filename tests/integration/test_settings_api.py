"""The settings API end to end: connections within one site, who may act, status, isolation, deletion.

The app runs as a real gunicorn process; the sites are simulated and answer the app's permission
checks and metadata reads over HTTP, as Jira does.
"""
from __future__ import annotations

import requests
from sqlalchemy import func, select

from addon.db.connection import Connection, Half
from addon.db.link import IssueLink
from tests.support.settings_client import Admin


# -- helpers shared by the test_settings_api* modules --------------------------------------------

def installed(make_site, live_app, name: str):
    site = make_site(name)
    assert site.install(live_app.base_url + "/atlassian-connect.json").status_code == 204
    return site


def admin_of(live_app, site, project, user=None) -> Admin:
    """Someone working in ``project``'s Tandem settings page: the site admin unless ``user`` is given."""
    account_id = (user or site.admin).account_id
    return Admin(live_app.base_url, site, account_id, {"id": str(project["id"]), "key": project["key"]})


def api(live_app, site, account_id: str, method: str, path: str, json=None, params=None, **context):
    """A call with a context JWT of exactly the given context (e.g. none at all)."""
    token = site.context_jwt(account_id, **context)
    return requests.request(method, live_app.base_url + path, json=json, params=params, timeout=30,
                            headers={"Authorization": f"JWT {token}"})


def create_within_site(requester: Admin, target, scenario: str = "basic", expect: int = 201) -> dict:
    body = {"name": "Customer escalations", "scenario": scenario, "target": {"projectId": str(target["id"])}}
    return requester.call("POST", "/api/connections", json=body, expect=expect).json()


def refused(response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "message"}, body
    for word in words:
        assert word in body["message"], body
    return body


# -- fixtures -------------------------------------------------------------------------------------

def two_projects(make_site, live_app):
    """Site alpha with a software project (admin: Ann) and a service desk (admin: Sam); Ann is not Sam's admin."""
    site = installed(make_site, live_app, "alpha")
    ann, sam = site.add_user("Ann Software"), site.add_user("Sam Support")
    software = site.add_project("SOFT", "Software", type="software", admins=[ann])
    desk = site.add_project("DESK", "Service desk", type="service_desk", admins=[sam])
    return site, admin_of(live_app, site, software, ann), admin_of(live_app, site, desk, sam)


# -- the wizard's lists ---------------------------------------------------------------------------

def test_scenarios_are_listed_with_a_description(installed_site, live_app):
    project = installed_site.add_project("ALP", "Alpha")
    listed = admin_of(live_app, installed_site, project).call("GET", "/api/scenarios", expect=200).json()
    assert [s["key"] for s in listed["scenarios"]] == ["basic", "power_customer", "mirroring"]
    assert all(s["name"] and s["description"] for s in listed["scenarios"])


def test_projects_of_the_callers_site_are_listed_and_searched(installed_site, live_app):
    project = installed_site.add_project("ALP", "Alpha")
    installed_site.add_project("HELP", "Helpdesk", type="service_desk")
    admin = admin_of(live_app, installed_site, project)
    every = admin.call("GET", "/api/projects", expect=200).json()["projects"]
    assert {(p["key"], p["projectTypeKey"]) for p in every} == {("ALP", "software"), ("HELP", "service_desk")}
    found = admin.call("GET", "/api/projects?query=help", expect=200).json()["projects"]
    assert [p["key"] for p in found] == ["HELP"]


# -- within one site ------------------------------------------------------------------------------

def test_a_request_waits_for_an_admin_of_the_target_project(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    created = create_within_site(ann, sam.project, scenario="power_customer")
    assert created["status"] == "requested"
    assert created["canStart"] is False
    assert any("accept" in reason for reason in created["startBlockers"])
    assert [(s["side"], s["projectKey"], s["siteUrl"]) for s in created["sides"]] == [
        ("a", "SOFT", site.base_url), ("b", "DESK", site.base_url)]

    waiting = sam.call("GET", "/api/connections", expect=200).json()["connections"]
    assert [(c["id"], c["mySide"], c["status"]) for c in waiting] == [(created["id"], "b", "requested")]
    refused(ann.call("POST", f"/api/connections/{created['id']}/accept"), 403, "DESK")

    accepted = sam.call("POST", f"/api/connections/{created['id']}/accept", expect=200).json()
    assert accepted["status"] == "stopped"
    assert accepted["half"]["draft"]["incoming"]["issue_types"] == {
        "Task": "IT Help", "New Feature": "IT Help", "Improvement": "IT Help"}
    assert accepted["half"]["draft"]["incoming"]["defaults"]["IT Help"] == {"request_type": "Get IT Help"}
    refused(sam.call("POST", f"/api/connections/{created['id']}/accept"), 409, "stopped")


def test_a_requester_who_administers_both_projects_is_accepted_at_once(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    site.grant_project_admin("DESK", ann.account_id)
    created = create_within_site(ann, sam.project)
    assert created["status"] == "stopped"
    assert created["half"]["published"] is None and created["half"]["draft"]["outgoing"]["fields"]


def test_a_declined_request_is_gone(make_site, live_app, database):
    site, ann, sam = two_projects(make_site, live_app)
    created = create_within_site(ann, sam.project)
    sam.call("POST", f"/api/connections/{created['id']}/decline", expect=204)
    refused(ann.call("GET", f"/api/connections/{created['id']}"), 404)
    with database.session() as session:
        assert session.get(Connection, created["id"]) is None


def test_a_project_is_not_connected_to_itself_nor_twice_to_the_same_project(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    refused(ann.call("POST", "/api/connections", json={
        "name": "Loop", "scenario": "basic", "target": {"projectId": ann.project["id"]}}), 400, "itself")
    first = create_within_site(ann, sam.project)
    refused(sam.call("POST", "/api/connections", json={
        "name": "Again", "scenario": "basic", "target": {"projectId": ann.project["id"]}}),
        409, f"connection {first['id']}")


def test_bad_bodies_are_refused_field_by_field(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    body = refused(ann.call("POST", "/api/connections", json={"scenario": "tango", "target": {}}), 422)
    assert set(body["errors"]) == {"name", "scenario", "target.projectId"}
    body = refused(ann.call("POST", "/api/connections", json={"name": "x", "scenario": "basic"}), 422, "otherSite")
    assert "target" in body["errors"]
    refused(ann.call("POST", "/api/connections", json=["not", "an", "object"]), 400, "JSON object")
    refused(ann.call("GET", "/api/connections/12abc"), 404)


# -- who may act ----------------------------------------------------------------------------------

def test_a_user_who_does_not_administer_the_project_is_refused(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    ned = site.add_user("Ned Nobody")
    as_ned = admin_of(live_app, site, ann.project, ned)
    refused(as_ned.call("GET", "/api/connections"), 403, "SOFT")
    refused(as_ned.call("POST", "/api/connections", json={
        "name": "x", "scenario": "basic", "target": {"projectId": sam.project["id"]}}), 403, "SOFT")
    # Without a project in the context, the project comes from projectId; the refusal still names it by key.
    response = api(live_app, site, ned.account_id, "GET", "/api/connections", params={"projectId": sam.project["id"]})
    refused(response, 403, "DESK")
    # A refusal is not remembered: once made admin, Ned is in at once.
    site.grant_project_admin("SOFT", ned)
    as_ned.call("GET", "/api/connections", expect=200)


def test_an_admin_check_is_remembered_briefly(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    for _ in range(6):
        ann.call("GET", "/api/connections", expect=200)
    checks = [r for r in site.requests if r.path == "/rest/api/3/permissions/check"]
    assert 1 <= len(checks) <= 2, "at most one check per app process (gunicorn runs two)"
    assert checks[0].body["accountId"] == ann.account_id


def test_the_project_comes_from_the_context_else_from_project_id(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    created = create_within_site(ann, sam.project)
    response = api(live_app, site, ann.account_id, "GET", "/api/connections", params={"projectId": ann.project["id"]})
    assert [c["id"] for c in response.json()["connections"]] == [created["id"]]
    refused(api(live_app, site, ann.account_id, "GET", "/api/connections"), 400, "projectId")
    refused(api(live_app, site, ann.account_id, "GET", "/api/connections", params={"projectId": "SOFT"}), 400)
    refused(api(live_app, site, ann.account_id, "GET", "/api/connections", params={"projectId": "99999"}), 404)
    mismatch = api(live_app, site, ann.account_id, "GET", "/api/connections", params={"projectId": sam.project["id"]},
                   jira={"project": {"id": ann.project["id"], "key": "SOFT"}})
    refused(mismatch, 400, "not the project")


def test_a_connection_is_invisible_to_projects_and_sites_that_are_not_its_sides(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    created = create_within_site(ann, sam.project)
    third = admin_of(live_app, site, site.add_project("THRD", "Third"))
    other_site = installed(make_site, live_app, "beta")
    # Project ids are per site: beta's first project may well carry SOFT's id.
    lookalike = other_site.add_project("SOFT", "Software")
    stranger = admin_of(live_app, other_site, lookalike)
    for outsider in (third, stranger):
        assert outsider.call("GET", "/api/connections", expect=200).json()["connections"] == []
        for method, path in (("GET", ""), ("GET", "/half"), ("POST", "/start"), ("DELETE", "")):
            refused(outsider.call(method, f"/api/connections/{created['id']}{path}"), 404)
    assert ann.call("GET", f"/api/connections/{created['id']}", expect=200).json()["mySide"] == "a"


# -- running and deleting -------------------------------------------------------------------------

def test_start_needs_both_halves_published_then_pause_resume_and_stop(make_site, live_app):
    site, ann, sam = two_projects(make_site, live_app)
    site.grant_project_admin("DESK", ann.account_id)
    connection_id = create_within_site(ann, sam.project)["id"]
    refused(ann.call("POST", f"/api/connections/{connection_id}/start"), 409,
            "project SOFT on", "project DESK on", "has not published its configuration")
    ann.call("POST", f"/api/connections/{connection_id}/half/publish", expect=200)
    refused(ann.call("POST", f"/api/connections/{connection_id}/start"), 409, "project DESK on")
    assert "project SOFT" not in ann.call("POST", f"/api/connections/{connection_id}/start").json()["message"]
    sam.call("POST", f"/api/connections/{connection_id}/half/publish", expect=200)
    assert ann.call("GET", f"/api/connections/{connection_id}", expect=200).json()["canStart"] is True

    started = sam.call("POST", f"/api/connections/{connection_id}/start", expect=200).json()
    assert started["status"] == "active" and started["startedAt"]
    refused(ann.call("POST", f"/api/connections/{connection_id}/start"), 409, "active")
    refused(ann.call("POST", f"/api/connections/{connection_id}/resume"), 409, "active")
    assert ann.call("POST", f"/api/connections/{connection_id}/pause", expect=200).json()["status"] == "paused"
    assert sam.call("POST", f"/api/connections/{connection_id}/resume", expect=200).json()["status"] == "active"
    assert ann.call("POST", f"/api/connections/{connection_id}/stop", expect=200).json()["status"] == "stopped"
    refused(ann.call("POST", f"/api/connections/{connection_id}/pause"), 409, "stopped")


def test_deleting_a_connection_removes_its_links_but_never_issues(make_site, live_app, database):
    site, ann, sam = two_projects(make_site, live_app)
    connection_id = create_within_site(ann, sam.project)["id"]
    software_issue = site.create_issue("SOFT", "Task", "Printer on fire")
    desk_issue = site.create_issue("DESK", "IT Help", "Printer on fire")
    with database.session() as session:
        session.add(IssueLink(connection_id=connection_id, a_issue_id=software_issue["id"],
                              a_issue_key=software_issue["key"], b_issue_id=desk_issue["id"],
                              b_issue_key=desk_issue["key"]))
    sam.call("DELETE", f"/api/connections/{connection_id}", expect=204)
    with database.session() as session:
        assert session.get(Connection, connection_id) is None
        assert session.scalar(select(func.count()).where(IssueLink.connection_id == connection_id)) == 0
        assert session.scalar(select(func.count()).where(Half.connection_id == connection_id)) == 0
    assert not any(r.method == "DELETE" for r in site.requests), "Tandem never deletes issues"
    assert {issue["key"] for issue in site.issues("SOFT")} == {software_issue["key"]}
    refused(ann.call("DELETE", f"/api/connections/{connection_id}"), 404)
