"""X-Atlassian-Webhook-Trace: what an app attaches to a REST call comes back on the webhooks the call causes."""
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
