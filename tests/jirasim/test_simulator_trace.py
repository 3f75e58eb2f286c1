"""Webhooks as Jira sends them for what an app or a person did: the X-Atlassian-Webhook-Trace an app attaches to a REST
call comes back on the webhooks the call causes; a deleted issue is told with the deletion of its comments."""
from .adf import text_document
from .app_client import AppClient

ISSUE = "/rest/api/3/issue"
TRACE = "X-Atlassian-Webhook-Trace"


def test_the_trace_of_a_call_comes_back_on_its_webhooks_only(installed_site, app):
    traced = AppClient(installed_site, headers={TRACE: "tandem:7:a>b"})
    created = traced.post(ISSUE, json={"fields": {"project": {"key": "ALPHA"}, "issuetype": {"name": "Task"},
                                                  "summary": "Traced"}}).json()
    traced.post(f"{ISSUE}/{created['id']}/comment", json={"body": text_document("Traced comment")})
    AppClient(installed_site).put(f"{ISSUE}/{created['id']}", json={"fields": {"summary": "Not traced"}})
    installed_site.update_issue(created["key"], summary="By a person")
    installed_site.wait_for_webhooks()

    traces = [(call.body["webhookEvent"], call.headers.get(TRACE)) for call in app.received
              if call.path.startswith("/webhooks/")]
    assert traces == [("jira:issue_created", "tandem:7:a>b"), ("comment_created", "tandem:7:a>b"),
                      ("jira:issue_updated", "tandem:7:a>b"), ("jira:issue_updated", None),
                      ("jira:issue_updated", None)]


def test_a_trace_that_is_not_printable_ascii_breaks_the_contract(site_expecting_violations, app):
    site = site_expecting_violations
    assert site.install(app.descriptor_url).status_code == 204
    site.add_project("ALPHA", "Alpha")
    AppClient(site, headers={TRACE: "x" * 1025}).get(f"{ISSUE}/createmeta/ALPHA/issuetypes")
    assert [violation for violation in site.contract_violations if TRACE in violation]


def test_deleting_an_issue_tells_it_then_the_deletion_of_each_comment(installed_site, app):
    issue = installed_site.create_issue("ALPHA", "Task", "Short-lived")
    first = installed_site.add_comment(issue["key"], "one")
    second = installed_site.add_comment(issue["key"], "two")
    app.received.clear()

    installed_site.delete_issue(issue["key"])
    installed_site.wait_for_webhooks()

    told = [(call.body["webhookEvent"], (call.body.get("comment") or {}).get("id")) for call in app.received]
    assert told == [("jira:issue_deleted", None), ("comment_deleted", first["id"]), ("comment_deleted", second["id"])]
    assert installed_site.issue(issue["key"]) is None
