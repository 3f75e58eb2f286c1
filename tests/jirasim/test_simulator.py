"""The simulator behaves like Jira Cloud towards a Connect app (a stand-in app, see conftest)."""
import time

import jwt
import pytest
import requests
from atlassian_jwt.url_utils import hash_url

from . import SimSite, contracts_dir, load_json_contract
from .app_client import app_token, call_as_app
from .conftest import APP_KEY


def verify_install_token(keys, token, app):
    """What the app does with an install callback: public key by kid, RS256, aud = its baseUrl."""
    kid = jwt.get_unverified_header(token)["kid"]
    public_key = requests.get(f"{keys.url}/{kid}", timeout=10).text
    return jwt.decode(token, public_key, algorithms=["RS256"], audience=app.base_url)


def bearer(received):
    scheme, _, token = received.headers["Authorization"].partition(" ")
    assert scheme == "JWT"
    return token


# --- the install-keys server ------------------------------------------------------------------


def test_key_server_serves_public_keys_by_kid(keys):
    hits_before = keys.hits
    other_kid = keys.add_key()

    default_pem = requests.get(f"{keys.url}/{keys.default_kid}", timeout=10)
    other_pem = requests.get(f"{keys.url}/{other_kid}", timeout=10)
    unknown = requests.get(f"{keys.url}/no-such-kid", timeout=10)

    assert default_pem.status_code == 200 and default_pem.headers["Content-Type"].startswith("text/plain")
    assert default_pem.text.startswith("-----BEGIN PUBLIC KEY-----")
    assert other_pem.text != default_pem.text
    assert unknown.status_code == 404
    assert keys.hits == hits_before + 3
    token = keys.sign({"iss": "x"}, kid=other_kid)
    assert jwt.get_unverified_header(token)["kid"] == other_kid
    assert jwt.decode(token, other_pem.text, algorithms=["RS256"]) == {"iss": "x"}
    unknown_kid_token = keys.sign({"iss": "x"}, kid="no-such-kid")
    assert jwt.get_unverified_header(unknown_kid_token)["kid"] == "no-such-kid"
    assert jwt.decode(unknown_kid_token, default_pem.text, algorithms=["RS256"]) == {"iss": "x"}


# --- lifecycle --------------------------------------------------------------------------------


def test_install_sends_an_atlassian_signed_installed_callback(keys, site, app):
    response = site.install(app.descriptor_url)

    assert response.status_code == 204
    [installed] = app.calls_to("/lifecycle/installed")
    claims = verify_install_token(keys, bearer(installed), app)
    assert claims["iss"] == site.client_key == installed.body["clientKey"]
    assert claims["aud"] == [app.base_url]
    assert claims["qsh"] == hash_url("POST", "/lifecycle/installed")
    assert claims["sub"] == site.admin.account_id
    assert claims["exp"] - claims["iat"] == 180
    body = installed.body
    assert body["key"] == APP_KEY and body["eventType"] == "installed" and body["productType"] == "jira"
    assert body["baseUrl"] == body["displayUrl"] == site.base_url
    assert body["sharedSecret"] == site.shared_secret and len(body["sharedSecret"]) >= 32
    assert {"serverVersion", "pluginsVersion", "description", "cloudId"} <= body.keys()
    assert site.installation is not None and site.app_key == APP_KEY


def test_install_then_enables_with_the_shared_secret(site, app):
    site.install(app.descriptor_url)

    [enabled] = app.calls_to("/lifecycle/enabled")
    claims = jwt.decode(bearer(enabled), site.shared_secret, algorithms=["HS256"])
    assert claims["iss"] == site.client_key
    assert claims["qsh"] == hash_url("POST", "/lifecycle/enabled")
    assert enabled.body["eventType"] == "enabled" and "sharedSecret" not in enabled.body


def test_refused_install_is_not_remembered(site, app):
    app.answer("/lifecycle/installed", 500)

    assert site.install(app.descriptor_url).status_code == 500

    assert site.installation is None
    assert app.calls_to("/lifecycle/enabled") == []
    assert call_as_app(site, "GET", "/rest/api/3/serverInfo").status_code == 401


def test_reinstall_keeps_the_client_key_and_rotates_the_secret(site, app):
    site.install(app.descriptor_url)
    first_secret = site.shared_secret

    site.install(app.descriptor_url)

    first, second = app.calls_to("/lifecycle/installed")
    assert first.body["clientKey"] == second.body["clientKey"] == site.client_key
    assert second.body["sharedSecret"] == site.shared_secret != first_secret


def test_disable_enable_and_uninstall_callbacks(keys, site, app):
    site.install(app.descriptor_url)
    app.received.clear()

    site.disable()
    site.enable()
    site.uninstall()

    disabled, enabled, uninstalled = app.received
    assert [call.path for call in app.received] == [
        "/lifecycle/disabled", "/lifecycle/enabled", "/lifecycle/uninstalled"
    ]
    for call in (disabled, enabled):
        assert jwt.decode(bearer(call), site.shared_secret, algorithms=["HS256"])["iss"] == site.client_key
    claims = verify_install_token(keys, bearer(uninstalled), app)
    assert claims["qsh"] == hash_url("POST", "/lifecycle/uninstalled")
    assert uninstalled.body["eventType"] == "uninstalled" and "sharedSecret" not in uninstalled.body
    assert site.installation is None


def test_post_lifecycle_sends_crafted_tokens_and_bodies(site, app):
    site.prepare_install(app.descriptor_url)
    forged = jwt.encode({"iss": site.client_key}, site.shared_secret, algorithm="HS256")

    site.post_lifecycle("installed", token=forged, body={**site.lifecycle_body("installed"), "clientKey": "other"})

    [installed] = app.calls_to("/lifecycle/installed")
    assert bearer(installed) == forged
    assert installed.body["clientKey"] == "other"
    assert site.installation is None


def test_post_lifecycle_can_send_no_authorization_and_a_malformed_body(site, app):
    site.install(app.descriptor_url)

    site.post_lifecycle("uninstalled", headers={})
    site.post_lifecycle("installed", body="{not json")

    unsigned, malformed = app.calls_to("/lifecycle/uninstalled") + app.calls_to("/lifecycle/installed")[1:]
    assert "Authorization" not in unsigned.headers and unsigned.body["eventType"] == "uninstalled"
    assert malformed.body == "{not json" and malformed.headers["Content-Type"] == "application/json"
    assert verify_install_token(site.keys, bearer(malformed), app)["iss"] == site.client_key


# --- webhooks ---------------------------------------------------------------------------------


def test_issue_created_webhook_has_atlassian_headers_and_payload(installed_site, app):
    issue = installed_site.create_issue("ALPHA", "Task", "Printer on fire", description="Third floor")

    [delivery] = app.calls_to("/webhooks/jira")
    assert delivery.query == "event=created"
    claims = jwt.decode(bearer(delivery), installed_site.shared_secret, algorithms=["HS256"])
    assert claims["iss"] == installed_site.client_key
    assert claims["qsh"] == hash_url("POST", "/webhooks/jira?event=created")
    assert delivery.headers["Content-Type"] == "application/json"
    assert delivery.headers["User-Agent"] == "Atlassian Webhook HTTP Client"
    assert delivery.headers["X-Atlassian-Webhook-Identifier"]
    assert "X-Atlassian-Webhook-Retry" not in delivery.headers
    payload = delivery.body
    assert payload["webhookEvent"] == "jira:issue_created"
    assert payload["issue_event_type_name"] == "issue_created"
    assert payload["user"]["accountId"] == installed_site.admin.account_id
    assert isinstance(payload["timestamp"], int)
    assert payload["issue"]["key"] == issue["key"] == "ALPHA-1" and payload["issue"]["id"] == issue["id"]
    fields = payload["issue"]["fields"]
    assert fields["summary"] == "Printer on fire"
    assert fields["description"]["type"] == "doc"
    assert fields["issuetype"]["name"] == "Task" and fields["project"]["key"] == "ALPHA"
    assert fields["status"]["name"] == "To Do" and fields["priority"]["name"] == "Medium"


def test_webhook_is_redelivered_with_the_same_identifier_until_accepted(installed_site, app):
    app.answer("/webhooks/jira", 503, 503)

    installed_site.create_issue("ALPHA", "Bug", "Flaky")

    first, second, third = app.calls_to("/webhooks/jira")
    identifiers = {call.headers["X-Atlassian-Webhook-Identifier"] for call in (first, second, third)}
    assert len(identifiers) == 1
    assert [call.headers.get("X-Atlassian-Webhook-Retry") for call in (first, second, third)] == [None, "1", "2"]
    assert [(d["attempt"], d["status"]) for d in installed_site.deliveries] == [(0, 503), (1, 503), (2, 204)]


def test_webhook_delivery_gives_up_after_the_configured_attempts(installed_site, app):
    installed_site.webhooks.attempts = 3
    app.answer("/webhooks/jira", 500, 502, 503, 504)

    installed_site.create_issue("ALPHA", "Bug", "Down")

    assert [d["status"] for d in installed_site.deliveries] == [500, 502, 503]


def test_webhook_is_not_redelivered_after_a_client_error(installed_site, app):
    app.answer("/webhooks/jira", 401)

    installed_site.create_issue("ALPHA", "Bug", "Refused")

    assert [d["status"] for d in installed_site.deliveries] == [401]


def test_redeliver_resends_a_past_delivery_with_its_identifier(installed_site, app):
    payload = {"webhookEvent": "jira:issue_deleted"}
    response = installed_site.send_webhook("jira:issue_deleted", payload, identifier="abc-1")

    installed_site.redeliver("abc-1")

    assert response.status_code == 204
    first, again = app.calls_to("/webhooks/jira")
    assert first.headers["X-Atlassian-Webhook-Identifier"] == again.headers["X-Atlassian-Webhook-Identifier"] == "abc-1"
    assert again.headers["X-Atlassian-Webhook-Retry"] == "1"
    assert again.body == first.body


def test_no_webhooks_while_the_app_is_disabled(installed_site, app):
    installed_site.disable()
    app.received.clear()

    installed_site.create_issue("ALPHA", "Task", "Quiet")

    assert app.received == [] and installed_site.deliveries == []


def test_issue_update_webhook_carries_the_changelog(installed_site, app):
    installed_site.create_issue("ALPHA", "Task", "Old title", labels=["one"])
    app.received.clear()

    installed_site.update_issue("ALPHA-1", summary="New title", labels=["one", "two"], priority="High")

    [update] = app.calls_to("/webhooks/jira")
    assert update.query == "event=updated"
    assert update.body["issue_event_type_name"] == "issue_updated"
    items = {item["fieldId"]: item for item in update.body["changelog"]["items"]}
    assert items["summary"]["fromString"] == "Old title" and items["summary"]["toString"] == "New title"
    assert items["labels"]["toString"] == "one two" and items["labels"]["fieldtype"] == "jira"
    assert items["priority"]["from"] == "3" and items["priority"]["toString"] == "High"
    assert update.body["issue"]["fields"]["summary"] == "New title"


def test_comment_fires_comment_created_and_an_issue_commented_update(installed_site, app):
    writer = installed_site.add_user("Wanda Writer")
    installed_site.create_issue("ALPHA", "Task", "Needs words")
    app.received.clear()

    comment = installed_site.add_comment("ALPHA-1", "First!", user=writer)

    [created] = app.calls_to("/webhooks/comment")
    assert created.body["webhookEvent"] == "comment_created"
    assert created.body["comment"]["id"] == comment["id"]
    assert created.body["comment"]["author"]["accountId"] == writer.account_id
    assert created.body["comment"]["body"]["type"] == "doc"
    assert created.body["comment"]["jsdPublic"] is True
    assert set(created.body["issue"]["fields"]) == {"summary", "issuetype", "project", "assignee", "priority", "status"}
    [commented] = app.calls_to("/webhooks/jira")
    assert commented.body["issue_event_type_name"] == "issue_commented"
    assert commented.body["comment"]["id"] == comment["id"]


def test_issue_deleted_webhook(installed_site, app):
    installed_site.create_issue("ALPHA", "Story", "Short-lived")
    app.received.clear()

    installed_site.delete_issue("ALPHA-1")

    [deleted] = app.calls_to("/webhooks/jira")
    assert deleted.body["webhookEvent"] == "jira:issue_deleted" and deleted.body["issue"]["key"] == "ALPHA-1"
    assert installed_site.state.find_issue("ALPHA-1") is None


# --- REST -------------------------------------------------------------------------------------


def test_rest_calls_with_a_good_jwt_are_answered(installed_site):
    issue = installed_site.create_issue("ALPHA", "Task", "Readable", labels=["x"])

    server_info = call_as_app(installed_site, "GET", "/rest/api/3/serverInfo")
    myself = call_as_app(installed_site, "GET", "/rest/api/3/myself")
    project = call_as_app(installed_site, "GET", "/rest/api/3/project/ALPHA")
    by_key = call_as_app(installed_site, "GET", f"/rest/api/3/issue/{issue['key']}", "fields=summary,labels")
    by_id = call_as_app(installed_site, "GET", f"/rest/api/3/issue/{issue['id']}")

    assert server_info.json()["baseUrl"] == installed_site.base_url
    assert myself.json()["accountType"] == "app" and myself.json()["displayName"] == "Stand-in"
    assert [t["name"] for t in project.json()["issueTypes"]] == [
        "Task", "Bug", "Story", "Epic", "New Feature", "Improvement"
    ]
    assert by_key.json()["fields"] == {"summary": "Readable", "labels": ["x"]}
    assert by_id.json()["key"] == "ALPHA-1" and "comment" in by_id.json()["fields"]
    assert [r.status for r in installed_site.requests] == [200] * 5
    assert installed_site.requests[3].query == {"fields": ["summary,labels"]}


def test_missing_issue_answers_jiras_404(installed_site):
    response = call_as_app(installed_site, "GET", "/rest/api/3/issue/ALPHA-99")

    assert response.status_code == 404
    assert response.json() == {
        "errorMessages": ["Issue does not exist or you do not have permission to see it."],
        "errors": {},
    }


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda site: app_token(site, "GET", "/rest/api/3/myself", secret="wrong" * 8), id="wrong-secret"),
        pytest.param(
            lambda site: app_token(site, "GET", "/rest/api/3/myself", exp=int(time.time()) - 10), id="expired"
        ),
        pytest.param(lambda site: app_token(site, "GET", "/rest/api/3/serverInfo"), id="bad-qsh"),
        pytest.param(lambda site: app_token(site, "GET", "/rest/api/3/myself", iss=site.client_key), id="wrong-iss"),
        pytest.param(lambda site: "", id="missing"),
    ],
)
def test_rest_calls_without_a_valid_jwt_are_refused(installed_site, make_token):
    token = make_token(installed_site)
    headers = {"Authorization": f"JWT {token}"} if token else {}

    response = requests.get(f"{installed_site.base_url}/rest/api/3/myself", headers=headers, timeout=10)

    assert response.status_code == 401
    assert response.json()["errorMessages"] == installed_site.auth_failures
    assert installed_site.requests[-1].status == 401


def test_contract_violation_is_refused_and_recorded(installed_site):
    site = installed_site
    response = call_as_app(site, "GET", "/rest/api/3/issue/ALPHA-1", "fieldsByKeys=maybe")

    assert response.status_code == 400
    assert response.json()["errorMessages"][0].startswith("contract violation: GET /rest/api/3/issue/ALPHA-1")
    assert len(site.contract_violations) == 1 and "fieldsByKeys" in site.contract_violations[0]
    site.contract_violations.clear()  # expected here; the fixture checks that no other came


def test_unknown_operations_answer_404_and_are_violations(site_expecting_violations, app):
    site = site_expecting_violations
    site.install(app.descriptor_url)

    not_in_api = call_as_app(site, "DELETE", "/rest/api/3/myself")
    not_simulated = call_as_app(site, "GET", "/rest/api/3/status")

    assert not_in_api.status_code == 404
    assert site.contract_violations == ["DELETE /rest/api/3/myself: no such operation in the Jira Cloud REST API"]
    assert not_simulated.status_code == 404
    assert not_simulated.json()["errorMessages"] == ["jirasim does not serve GET /rest/api/3/status"]


def test_invalid_request_bodies_are_described_with_their_json_path(site_expecting_violations, app):
    site = site_expecting_violations
    site.install(app.descriptor_url)

    response = call_as_app(
        site, "POST", "/rest/api/3/issue/ALPHA-1/comment", json={"body": {"type": "doc"}, "visibility": {"type": 3}}
    )

    assert response.status_code == 400
    assert "/visibility/type: 3 is not one of ['group', 'role']" in site.contract_violations[0]


def test_servicedesk_requests_are_checked_against_the_hand_written_contract(site_expecting_violations, app):
    site = site_expecting_violations
    site.install(app.descriptor_url)

    call_as_app(site, "POST", "/rest/servicedeskapi/request/ALPHA-1/comment", json={"body": "hi", "public": True})
    call_as_app(site, "POST", "/rest/servicedeskapi/request/ALPHA-1/comment", json={"body": "hi", "internal": True})
    call_as_app(site, "GET", "/rest/servicedeskapi/servicedesk", "start=x")

    assert site.contract_violations == [
        "POST /rest/servicedeskapi/request/ALPHA-1/comment: request body /: "
        "Additional properties are not allowed ('internal' was unexpected)",
        "GET /rest/servicedeskapi/servicedesk: query parameter start: 'x' does not match '^\\\\d+$'",
    ]


def test_a_site_under_a_context_path_leaves_it_out_of_the_qsh(keys, app):
    with SimSite(keys, name="beta", context_path="/jira") as site:
        site.install(app.descriptor_url)
        assert site.base_url.endswith("/jira")

        good = call_as_app(site, "GET", "/rest/api/3/serverInfo")
        hashed_with_context = app_token(site, "GET", "/jira/rest/api/3/serverInfo")
        bad = call_as_app(site, "GET", "/rest/api/3/serverInfo", token=hashed_with_context)
        outside = requests.get(site.base_url.removesuffix("/jira") + "/rest/api/3/serverInfo", timeout=10)

        assert good.status_code == 200 and good.json()["baseUrl"] == site.base_url
        assert bad.status_code == 401
        assert outside.status_code == 404
        assert [r.path for r in site.requests] == ["/rest/api/3/serverInfo"] * 2
        assert app.calls_to("/lifecycle/installed")[0].body["baseUrl"] == site.base_url
        assert site.contract_violations == []


# --- tokens for pages and the settings UI -----------------------------------------------------


def test_context_and_page_tokens(installed_site):
    site = installed_site
    user = site.add_user("Pat Projectadmin")

    context = jwt.decode(
        site.context_jwt(user.account_id, jira={"project": {"key": "ALPHA"}}), site.shared_secret, algorithms=["HS256"]
    )
    page = jwt.decode(
        site.page_jwt("GET", "/settings?projectKey=ALPHA&jwt=ignored"), site.shared_secret, algorithms=["HS256"]
    )

    assert context["qsh"] == "context-qsh" and context["sub"] == user.account_id
    assert context["iss"] == site.client_key and context["exp"] - context["iat"] == 900
    assert context["context"] == {"jira": {"project": {"key": "ALPHA"}}}
    assert page["qsh"] == hash_url("GET", "/settings?projectKey=ALPHA") and page["sub"] == site.admin.account_id


# --- contracts --------------------------------------------------------------------------------


def test_contracts_are_found_and_the_stand_in_descriptor_passes_its_schema(app):
    import jsonschema

    assert (contracts_dir() / "jira-platform-openapi.json").is_file()
    schema = load_json_contract("jira-connect-descriptor-schema.json")
    jsonschema.Draft4Validator(schema).validate(app.descriptor)
    assert load_json_contract("adf-schema-full.json")["$schema"].startswith("http://json-schema.org/draft-04")
