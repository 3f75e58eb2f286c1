"""The Jira connector: its verdict table, its Connect JWT strategy, and the client
against a real HTTP server on 127.0.0.1 that checks every token it receives."""
import json
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import jwt
import pytest
import requests
from atlassian_jwt.url_utils import hash_url
from requests.structures import CaseInsensitiveDict
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from addon.connectors.jira import (
    ConnectJwtAuth,
    JiraClient,
    JiraError,
    Kind,
    classify_exception,
    classify_response,
    shared_session,
)
from addon.connectors.jira.client import build_session
from addon.connectors.jira.verdict import DEFAULT_RETRY_AFTER_SECONDS, MAX_RETRY_AFTER_SECONDS

APP_KEY = "com.example.tandem"
SECRET = "a-shared-secret-of-reasonable-length-0123456789"


def response(status, body=b"", headers=None):
    """A real requests.Response, as the transport would hand it over."""
    r = requests.Response()
    r.status_code = status
    r.headers = CaseInsensitiveDict(headers or {})
    r._content = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    r.encoding = "utf-8"
    return r


# --- verdict table ----------------------------------------------------------

@pytest.mark.parametrize("status", [200, 201, 204])
def test_2xx_is_ok(status):
    verdict = classify_response(response(status))
    assert (verdict.kind, verdict.status, verdict.seconds) == (Kind.OK, status, None)


@pytest.mark.parametrize("status", [500, 502, 504, 408, 409])
def test_server_errors_timeouts_and_conflicts_are_transient(status):
    assert classify_response(response(status)).kind == Kind.TRANSIENT


def test_503_without_retry_after_is_transient_and_with_it_says_when():
    assert classify_response(response(503)).kind == Kind.TRANSIENT
    verdict = classify_response(response(503, headers={"Retry-After": "30"}))
    assert (verdict.kind, verdict.seconds, verdict.status) == (Kind.RETRY_AFTER, 30.0, 503)


@pytest.mark.parametrize("status", [401, 403])
def test_401_and_403_are_auth(status):
    assert classify_response(response(status)).kind == Kind.AUTH


@pytest.mark.parametrize("status", [400, 404, 405, 413, 422])
def test_other_client_errors_are_permanent(status):
    assert classify_response(response(status)).kind == Kind.PERMANENT


def test_429_retry_after_in_delta_seconds():
    verdict = classify_response(response(429, headers={"Retry-After": "7"}))
    assert (verdict.kind, verdict.seconds) == (Kind.RETRY_AFTER, 7.0)
    assert verdict.message.startswith("429 Too Many Requests")


def test_429_retry_after_as_http_date():
    when = datetime.now(timezone.utc) + timedelta(seconds=120)
    verdict = classify_response(response(429, headers={"Retry-After": format_datetime(when, usegmt=True)}))
    assert verdict.kind == Kind.RETRY_AFTER
    assert 117 <= verdict.seconds <= 120


def test_429_falls_back_to_atlassians_rate_limit_reset_timestamp():
    # Atlassian's documented form is minute-precise: yyyy-MM-ddTHH:mmZ.
    reset = (datetime.now(timezone.utc) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%MZ")
    verdict = classify_response(response(429, headers={"X-RateLimit-Reset": reset}))
    assert verdict.kind == Kind.RETRY_AFTER
    assert 235 <= verdict.seconds <= 300


def test_429_prefers_retry_after_over_rate_limit_reset():
    reset = (datetime.now(timezone.utc) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%MZ")
    headers = {"Retry-After": "3", "X-RateLimit-Reset": reset}
    assert classify_response(response(429, headers=headers)).seconds == 3.0


@pytest.mark.parametrize("headers", [{}, {"Retry-After": "soon"}, {"X-RateLimit-Reset": "tomorrow"}])
def test_429_without_a_usable_hint_waits_the_default(headers):
    verdict = classify_response(response(429, headers=headers))
    assert (verdict.kind, verdict.seconds, verdict.guessed) == (Kind.RETRY_AFTER, DEFAULT_RETRY_AFTER_SECONDS, True)


def test_retry_after_is_capped_and_never_negative():
    assert classify_response(response(429, headers={"Retry-After": "86400"})).seconds == MAX_RETRY_AFTER_SECONDS
    past = format_datetime(datetime.now(timezone.utc) - timedelta(hours=1), usegmt=True)
    assert classify_response(response(429, headers={"Retry-After": past})).seconds == 0.0


def test_message_carries_jiras_error_messages_and_field_errors():
    body = {
        "errorMessages": ["Issue does not exist or you do not have permission to see it."],
        "errors": {"summary": "You must specify a summary of the issue."},
    }
    assert classify_response(response(404, body)).message == (
        "404 Not Found: Issue does not exist or you do not have permission to see it.; "
        "summary: You must specify a summary of the issue."
    )


def test_message_carries_the_atlassian_edge_message():
    body = {"code": 401, "message": "Client must be authenticated to access this resource."}
    assert classify_response(response(401, body)).message == (
        "401 Unauthorized: Client must be authenticated to access this resource."
    )


def test_message_falls_back_to_the_raw_text_trimmed():
    page = b"<html>\n  <body>Bad   gateway</body>\n</html>" + b" x" * 500
    message = classify_response(response(502, page)).message
    assert message.startswith("502 Bad Gateway: <html> <body>Bad gateway</body> </html> x x")
    assert len(message) < 400 and message.endswith("…")


def test_message_without_a_body_is_just_the_status():
    assert classify_response(response(500)).message == "500 Internal Server Error"


@pytest.mark.parametrize(
    "exc",
    [requests.ReadTimeout("Read timed out."), requests.ConnectTimeout("connect timed out"),
     requests.ConnectionError("Connection refused")],
)
def test_network_failures_are_transient_with_the_reason(exc):
    verdict = classify_exception(exc)
    assert (verdict.kind, verdict.status) == (Kind.TRANSIENT, None)
    assert str(exc) in verdict.message and type(exc).__name__ in verdict.message


def test_a_malformed_request_is_permanent():
    assert classify_exception(requests.exceptions.InvalidURL("no host")).kind == Kind.PERMANENT


# --- Connect JWT strategy ---------------------------------------------------

def signed_claims(base_url, method, url, params=None):
    prepared = requests.Request(method, url, params=params).prepare()
    ConnectJwtAuth(APP_KEY, SECRET, base_url)(prepared)
    scheme, token = prepared.headers["Authorization"].split(" ", 1)
    assert scheme == "JWT"
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    return jwt.decode(token, SECRET, algorithms=["HS256"])


def test_token_names_the_app_and_expires_in_three_minutes():
    before = int(time.time())
    claims = signed_claims("https://acme.atlassian.net", "GET", "https://acme.atlassian.net/rest/api/3/myself")
    assert claims["iss"] == APP_KEY
    assert before <= claims["iat"] <= time.time()
    assert claims["exp"] - claims["iat"] == 180
    assert claims["qsh"] == hash_url("GET", "/rest/api/3/myself")


def test_qsh_leaves_out_the_sites_context_path_and_canonicalises_the_query():
    base = "https://acme.example.com/jira"
    params = [("jql", "project = ABC order by created"), ("fields", "summary"), ("fields", "status"),
              ("expand", "")]
    claims = signed_claims(base, "get", base + "/rest/api/3/search", params)
    relative = "/rest/api/3/search?jql=project = ABC order by created&fields=summary&fields=status&expand="
    assert claims["qsh"] == hash_url("GET", relative)
    assert claims["qsh"] != hash_url("GET", "/jira" + relative)


def test_qsh_covers_the_method():
    base = "https://acme.atlassian.net"
    claims = signed_claims(base, "POST", base + "/rest/api/3/issue")
    assert claims["qsh"] == hash_url("POST", "/rest/api/3/issue")


def test_refuses_to_sign_for_another_host():
    prepared = requests.Request("GET", "https://evil.example.com/rest/api/3/myself").prepare()
    with pytest.raises(ValueError):
        ConnectJwtAuth(APP_KEY, SECRET, "https://acme.atlassian.net")(prepared)


# --- the client against a real HTTP server ----------------------------------

class FakeSite:
    """A tiny Jira under the context path /jira that insists on a valid Connect JWT."""

    CONTEXT = "/jira"

    @Request.application
    def __call__(self, request):
        if not self._authorised(request):
            return self._json(401, {"code": 401, "message": "Client must be authenticated to access this resource."})
        path = request.path[len(self.CONTEXT):]
        if path == "/rest/api/3/serverInfo":
            return self._json(200, {"deploymentType": "Cloud", "baseUrl": request.host_url + "jira"})
        if path == "/rest/api/3/myself":
            return self._json(200, {"accountId": "app-user", "accountType": "app"})
        if path == "/rest/api/3/issue/ABC-1":
            return self._json(200, {"key": "ABC-1", "fieldsAsked": request.args.get("fields")})
        if path.startswith("/rest/api/3/issue/"):
            return self._json(404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."],
                                    "errors": {}})
        if path.startswith("/canned/"):
            headers = {"Retry-After": request.args["retryAfter"]} if "retryAfter" in request.args else {}
            return self._json(int(path.rsplit("/", 1)[1]), {"errorMessages": ["canned"]}, headers)
        if path == "/slow":
            time.sleep(1.0)
            return self._json(200, {})
        if path == "/cookie":
            response = self._json(200, {"posted": request.get_json(silent=True)})
            response.set_cookie("atlassian.xsrf.token", "abc")
            return response
        if path == "/empty":
            return Response(status=204)
        if path == "/html":
            return Response("<html>maintenance</html>", status=200, content_type="text/html")
        return self._json(404, {"errorMessages": ["no such resource"]})

    def _authorised(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "JWT":
            return False
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["iss", "exp", "qsh"]})
        except jwt.InvalidTokenError:
            return False
        relative = request.path[len(self.CONTEXT):]
        query = request.query_string.decode()
        expected = hash_url(request.method, f"{relative}?{query}" if query else relative)
        return claims["iss"] == APP_KEY and claims["qsh"] == expected

    @staticmethod
    def _json(status, body, headers=None):
        return Response(json.dumps(body), status=status, headers=headers, content_type="application/json")


@pytest.fixture(scope="module")
def site_url():
    server = make_server("127.0.0.1", 0, FakeSite(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{FakeSite.CONTEXT}"
    server.shutdown()
    thread.join()


def client_for(site_url, secret=SECRET, **kwargs):
    return JiraClient(site_url, ConnectJwtAuth(APP_KEY, secret, site_url), **kwargs)


def verdict_of(call):
    with pytest.raises(JiraError) as raised:
        call()
    assert str(raised.value) == raised.value.verdict.message
    return raised.value.verdict


def test_thin_methods_return_jiras_json(site_url):
    client = client_for(site_url)
    assert client.server_info()["deploymentType"] == "Cloud"
    assert client.myself()["accountId"] == "app-user"
    assert client.get_issue("ABC-1", fields=["summary", "status"]) == {"key": "ABC-1", "fieldsAsked": "summary,status"}


def test_request_returns_status_headers_and_body(site_url):
    result = client_for(site_url).request("POST", "/cookie", params={"q": "a b"}, json={"x": 1})
    assert result.status == 200
    assert result.headers["Content-Type"] == "application/json"
    assert result.json() == result.data == {"posted": {"x": 1}}


def test_an_empty_body_is_none(site_url):
    result = client_for(site_url).request("DELETE", "/empty")
    assert (result.status, result.data) == (204, None)


def test_cookies_set_by_jira_are_not_kept(site_url):
    session = build_session()
    client_for(site_url, session=session).request("POST", "/cookie")
    assert len(session.cookies) == 0


def test_a_wrong_secret_is_an_auth_verdict(site_url):
    verdict = verdict_of(lambda: client_for(site_url, secret="not-the-secret-but-just-as-long-0123456789").myself())
    assert (verdict.kind, verdict.status) == (Kind.AUTH, 401)
    assert "Client must be authenticated" in verdict.message


@pytest.mark.parametrize(
    "status, params, kind, seconds",
    [
        (429, {"retryAfter": "7"}, Kind.RETRY_AFTER, 7.0),
        (503, {"retryAfter": "30"}, Kind.RETRY_AFTER, 30.0),
        (500, None, Kind.TRANSIENT, None),
        (401, None, Kind.AUTH, None),
        (404, None, Kind.PERMANENT, None),
    ],
)
def test_error_statuses_raise_their_verdict(site_url, status, params, kind, seconds):
    verdict = verdict_of(lambda: client_for(site_url).request("GET", f"/canned/{status}", params=params))
    assert (verdict.kind, verdict.seconds, verdict.status) == (kind, seconds, status)
    assert verdict.message.startswith(f"{status} ") and verdict.message.endswith(": canned")


def test_a_missing_issue_is_permanent_with_jiras_words(site_url):
    verdict = verdict_of(lambda: client_for(site_url).get_issue("ABC-404"))
    assert verdict.kind == Kind.PERMANENT
    assert verdict.message == "404 Not Found: Issue does not exist or you do not have permission to see it."


def test_an_html_page_instead_of_json_is_transient(site_url):
    verdict = verdict_of(lambda: client_for(site_url).request("GET", "/html"))
    assert (verdict.kind, verdict.status) == (Kind.TRANSIENT, 200)
    assert "maintenance" in verdict.message


def test_a_read_timeout_is_transient(site_url):
    verdict = verdict_of(lambda: client_for(site_url, timeout=(1, 0.1)).request("GET", "/slow"))
    assert (verdict.kind, verdict.status) == (Kind.TRANSIENT, None)
    assert "timed out" in verdict.message.lower()


def test_a_refused_connection_is_transient():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    verdict = verdict_of(lambda: client_for(f"http://127.0.0.1:{port}/jira").myself())
    assert (verdict.kind, verdict.status) == (Kind.TRANSIENT, None)
    assert "ConnectionError" in verdict.message


def test_the_process_shares_one_session():
    assert shared_session() is shared_session()
