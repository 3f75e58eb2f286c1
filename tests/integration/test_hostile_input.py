"""Hostile input to every route of the URL map, on SQLite and on PostgreSQL: each family of bad input (depth, size,
encoding, types, ranges, content types, malformed tokens) gets a 4xx with a message, or for a route that reads no
body a harmless answer; never a 5xx, never a traceback in the log, and nothing stored changes.

Each request is signed the way its route expects (context JWT for the settings API, page JWT in the query for
pages, a signed webhook, Atlassian's RS256 for install callbacks, a Forge invocation token for the Forge door), so
that the input reaches the code behind the authentication. A route of a blueprint this module does not know is sent unsigned and must refuse with a 4xx:
teach ``SIGNERS`` how to sign for it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
import requests
from sqlalchemy import select

from addon import create_app
from addon.config import load_settings
from addon.db.base import Base
from tests.jirasim import SimSite
from tests.support.processes import base_env, free_port, AppProcess
from tests.support.settings_client import Admin, connect_within_site
from tests.support.tokens import claims

# Routes that read a JSON body: every hostile body must be refused with a 4xx.
BODY_ENDPOINTS = {"api.replace_draft", "api.create_connection", "api.redeem_invitation", "webhooks.jira_webhook",
                  "lifecycle.installed", "lifecycle.uninstalled", "forge.lifecycle", "forge.events"}
MISSING_ROW_ID = 2**31 - 1
# Each request may log one line (gunicorn's access log is a file of its own); a traceback is many.
LOG_LINES_PER_REQUEST = 2


def nested(levels: int, inner: str = "1") -> str:
    return "[" * levels + inner + "]" * levels


def nested_objects(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


@dataclass(frozen=True)
class Family:
    body: bytes
    content_type: str = "application/json"


WRONG_TYPES = {"webhookEvent": 7, "issue": {"id": {"x": 1}}, "clientKey": ["k"], "baseUrl": {"u": 1}, "key": 1,
               "sharedSecret": False, "name": 1, "scenario": [], "target": "SOFT", "code": {"c": 1},
               "projectId": 10**30, "outgoing": 5, "incoming": {"defaults": []}}
BODY_FAMILIES = {
    "depth: 60 KB of nested arrays": Family(nested(30_000).encode()),
    "depth: 256 KB of nested arrays": Family(nested(128_000).encode()),
    "depth: a half whose incoming.defaults nests 600 levels": Family(
        ('{"incoming": {"defaults": {"Task": {"x": ' + nested_objects(600) + "}}}}").encode()),
    "depth: a webhook whose issue nests 600 levels": Family(
        ('{"webhookEvent": "jira:issue_updated", "issue": {"id": "10001", "fields": ' + nested_objects(600)
         + "}}").encode()),
    "size: 2 MiB": Family(b'{"name": "' + b"x" * (2 * 1024 * 1024) + b'"}'),
    "encoding: invalid UTF-8": Family(b'{"webhookEvent": "\xff\xfe", "clientKey": "\xc3"}'),
    "encoding: a lone surrogate": Family(
        b'{"webhookEvent": "jira:issue_updated\\ud800", "issue": {"id": "\\udfff"}, "clientKey": "\\ud800", '
        b'"baseUrl": "https://x\\ud800.atlassian.net", "name": "\\ud800", "scenario": "basic", '
        b'"otherSite": true, "code": "\\ud800", "key": "io.tandem.issue-sync", "sharedSecret": "\\ud800"}'),
    "encoding: a NUL character": Family(
        b'{"webhookEvent": "jira:issue_updated\\u0000", "issue": {"id": "1\\u0000"}, "clientKey": "a\\u0000", '
        b'"baseUrl": "https://x.atlassian.net\\u0000", "name": "nul\\u0000", "scenario": "basic", '
        b'"otherSite": true, "code": "\\u0000", "key": "io.tandem.issue-sync", "sharedSecret": "s\\u0000"}'),
    "encoding: UTF-16": Family('{"webhookEvent": 1, "name": 1}'.encode("utf-16")),
    "types: a JSON array": Family(b"[1, 2, 3]"),
    "types: a JSON string": Family(b'"text"'),
    "types: every field of the wrong type": Family(json.dumps(WRONG_TYPES).encode()),
    "ranges: numbers beyond every integer column": Family(json.dumps(
        {"webhookEvent": "jira:issue_updated", "issue": {"id": 10**70}, "name": "x", "scenario": "basic",
         "target": {"projectId": 10**30}, "projectId": 10**30, "code": "1" * 2000}).encode()),
    "content type: text/plain": Family(b"{}", "text/plain"),
    "content type: a form": Family(b"name=x&scenario=basic", "application/x-www-form-urlencoded"),
    "content type: none": Family(b"{}", ""),
}
# Path values no id column can hold: no route matches them.
OUT_OF_RANGE_IDS = ["0", str(2**31), str(2**63), str(10**30), "-1", "%00", "%ED%A0%80"]
HOSTILE_QUERIES = {
    "ranges: query numbers beyond every column": f"projectId={10**30}&limit={10**30}&before={10**30}&issue=A-{10**30}",
    "encoding: NUL and a surrogate in the query": "projectId=%00&query=%00&issue=%ED%A0%80&project.key=%00&x=%FF",
}
MALFORMED_TOKENS = ["abc.def.ghi", "eyJhbGciOiJIUzI1NiJ9.%%%.x", "a" * 5000, ".."]


@dataclass
class World:
    app: AppProcess
    site: SimSite
    admin: Admin
    connection_id: int
    issue_id: int
    database: object
    install_keys: object
    forge_installation: object
    requests_sent: int = 0
    failures: list[str] = field(default_factory=list)


def _start_world(database, install_keys, forge, tmp_path) -> World:
    env = dict(base_env(database.url, tmp_path, install_keys.url), TANDEM_FORGE_APP_ID=forge.app_id,
               TANDEM_FORGE_JWKS_URL=forge.jwks_url)
    app = AppProcess(env=env, port=free_port(), log_path=tmp_path / "app.log").start(web_workers=1)
    site = SimSite(install_keys, name="hostile")
    assert site.install(app.base_url + "/atlassian-connect.json").status_code == 204
    software = site.add_project("SOFT", "Software", type="software")
    desk = site.add_project("DESK", "Service desk", type="service_desk")
    issue = site.create_issue("SOFT", "Task", "An issue for the issue routes")
    admin = Admin(app.base_url, site, site.admin.account_id, software)
    connection_id = connect_within_site(admin, desk, "basic")
    forge_site = SimSite(install_keys, name="hostile-forge")
    installation = forge.install(forge_site, app.base_url)
    assert installation.last_response.status_code == 204, installation.last_response.text
    # Forge sends a fresh app token with each invocation, which Tandem keeps whatever the body: a change this test
    # would see. Without one, a refused invocation must change nothing.
    installation.send_system_token = False
    return World(app, site, admin, connection_id, int(issue["id"]), database, install_keys, installation)


@pytest.fixture(scope="module", params=["session database", "postgresql"])
def world(request, database, install_keys, forge, tmp_path_factory):
    if request.param == "postgresql":
        if database.engine.dialect.name == "postgresql":
            pytest.skip("the session's database is PostgreSQL already")
        database = request.getfixturevalue("postgres_database")
    started = _start_world(database, install_keys, forge, tmp_path_factory.mktemp("hostile"))
    yield started
    forge_site = started.forge_installation.site
    forge.uninstall(forge_site)
    started.app.stop()
    for site in (started.site, forge_site):
        site.stop()
        assert site.contract_violations == []


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    instance = tmp_path_factory.mktemp("url-map")
    app = create_app(load_settings({"TANDEM_INSTANCE_DIR": str(instance)}))
    return [(rule, method) for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


# -- signing as each route's caller ----------------------------------------------------------------------------

def _context_token(world: World, method: str, path: str) -> tuple[dict, str]:
    project = {"id": str(world.admin.project["id"]), "key": world.admin.project["key"]}
    return {"Authorization": f"JWT {world.site.context_jwt(world.admin.account_id, jira={'project': project})}"}, ""


def _signed_by_site(world: World, method: str, path: str) -> tuple[dict, str]:
    return {"Authorization": f"JWT {world.site.page_jwt(method, path)}"}, ""


def _signed_by_atlassian(world: World, method: str, path: str) -> tuple[dict, str]:
    token = world.install_keys.sign(claims(world.site.client_key, method, path, aud=[world.app.base_url]))
    return {"Authorization": f"JWT {token}"}, ""


def _page_jwt_in_query(world: World, method: str, path: str) -> tuple[dict, str]:
    separator = "&" if "?" in path else "?"
    return {}, f"{separator}jwt={world.site.page_jwt(method, path)}"


def _forge_invocation(world: World, method: str, path: str) -> tuple[dict, str]:
    return world.forge_installation.headers("tandem-hostile", "core:trigger"), ""


def _unsigned(world: World, method: str, path: str) -> tuple[dict, str]:
    return {}, ""


SIGNERS = {"api": _context_token, "webhooks": _signed_by_site, "lifecycle.installed": _signed_by_atlassian,
           "lifecycle.uninstalled": _signed_by_atlassian, "lifecycle": _signed_by_site, "pages": _page_jwt_in_query,
           "forge": _forge_invocation, "meta": _unsigned, "home": _unsigned, "assets": _unsigned,
           "api.openapi": _unsigned}
# Routes that change state and read no body are sent unsigned: signed, they would simply do their work.
UNSIGNED_ENDPOINTS = {"lifecycle.enabled", "lifecycle.disabled", "forge.uninstall", "forge.scheduled"}


def _signer(endpoint: str):
    if endpoint in UNSIGNED_ENDPOINTS:
        return _unsigned
    return SIGNERS.get(endpoint) or SIGNERS.get(endpoint.split(".")[0]) or _unsigned


def _known(endpoint: str) -> bool:
    return endpoint in SIGNERS or endpoint.split(".")[0] in SIGNERS


# -- building and judging requests -----------------------------------------------------------------------------

def _path(world: World, rule, method: str, override: str | None = None) -> str:
    """The rule with real ids where the route reads a body (so the body is read), an unknown one where a route
    would change something, the given value everywhere when ``override``."""
    def value(match):
        converter = match["converter"] or "default"
        if override is not None:
            return override
        if converter == "path":
            return "index.html"
        if converter == "any":
            return match["args"].split(",")[0].strip()
        if match["name"] == "issue_id":
            return str(world.issue_id)
        real = method == "GET" or rule.endpoint in BODY_ENDPOINTS
        return str(world.connection_id if real else MISSING_ROW_ID)
    return re.sub(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>", value, rule.rule)


def _send(world: World, rule, method: str, path: str, body: bytes = b"", content_type: str = "",
          headers: dict | None = None):
    signed_headers, query_suffix = _signer(rule.endpoint)(world, method, path)
    all_headers = {**signed_headers, **({"Content-Type": content_type} if content_type else {}), **(headers or {})}
    world.requests_sent += 1
    return requests.request(method, world.app.base_url + path + query_suffix, data=body or None,
                            headers=all_headers, timeout=60)


def _judge(world: World, label: str, rule, method: str, response, must_refuse: bool) -> None:
    where = f"{label}: {method} {rule.rule} ({rule.endpoint}) -> {response.status_code}"
    if response.status_code >= 500:
        world.failures.append(f"{where} {response.text[:300]}")
        return
    refuse = must_refuse or not _known(rule.endpoint)
    if refuse and not 400 <= response.status_code < 500:
        world.failures.append(f"{where}: expected a 4xx")
        return
    if response.status_code >= 400:
        try:
            message = response.json().get("message")
        except ValueError:
            message = None
        if not message:
            world.failures.append(f"{where}: no message in {response.text[:200]!r}")


def _mutating(rule, method: str) -> bool:
    return method != "GET" and rule.endpoint not in BODY_ENDPOINTS


def _changes(before: dict, after: dict) -> dict:
    """What differs, per table: rows gone, rows new, and the columns of rows that changed (before, after)."""
    changes = {}
    for table, rows in before.items():
        now = after[table]
        changed = {key: {column: (value, now[key][column]) for column, value in row.items()
                         if now[key][column] != value}
                   for key, row in rows.items() if key in now and now[key] != row}
        gone, new = sorted(rows.keys() - now.keys()), sorted(now.keys() - rows.keys())
        if changed or gone or new:
            changes[table] = {"changed": changed, "gone": gone, "new": new}
    return changes


def _snapshot(database) -> dict:
    """Every row of every table, by primary key: {table: {key: {column: value}}}."""
    with database.engine.connect() as connection:
        return {table.name: {repr(tuple(row._mapping[column.name] for column in table.primary_key)):
                             {name: repr(value) for name, value in row._mapping.items()}
                             for row in connection.execute(select(table))}
                for table in Base.metadata.sorted_tables}


# -- the families, route by route ------------------------------------------------------------------------------

def test_hostile_input_to_every_route_gets_a_4xx_and_changes_nothing(world, rules):
    assert {rule.endpoint for rule, _ in rules} >= BODY_ENDPOINTS, "a route that reads a body has been renamed"
    log_lines_before = _log_lines(world)
    stored_before = _snapshot(world.database)
    for rule, method in rules:
        for label, family in BODY_FAMILIES.items():
            response = _send(world, rule, method, _path(world, rule, method), family.body, family.content_type)
            _judge(world, label, rule, method, response, must_refuse=rule.endpoint in BODY_ENDPOINTS)
        for label, query in HOSTILE_QUERIES.items():
            path = _path(world, rule, method)
            response = _send(world, rule, method, f"{path}?{query}", b"{}", "application/json")
            _judge(world, label, rule, method, response, must_refuse=_mutating(rule, method)
                   or rule.endpoint in BODY_ENDPOINTS)
        if "<" in rule.rule:
            for value in OUT_OF_RANGE_IDS:
                response = _send(world, rule, method, _path(world, rule, method, override=value), b"{}",
                                 "application/json")
                if not rule.rule.startswith("/static/"):
                    _judge(world, f"ranges: {value} in the path", rule, method, response, must_refuse=True)
                else:
                    _judge(world, f"encoding: {value} as a file name", rule, method, response, must_refuse=True)
        for token in MALFORMED_TOKENS:
            response = requests.request(method, world.app.base_url + _path(world, rule, method), data=b"{}",
                                        headers={"Authorization": f"JWT {token}",
                                                 "Content-Type": "application/json"}, timeout=60)
            world.requests_sent += 1
            _judge(world, f"a malformed token {token[:20]!r}", rule, method, response,
                   must_refuse=_mutating(rule, method) or rule.endpoint in BODY_ENDPOINTS)
    assert world.failures == [], "\n".join(world.failures)
    assert _changes(stored_before, _snapshot(world.database)) == {}
    written = _log_lines(world)[len(log_lines_before):]
    assert not [line for line in written if "Traceback" in line], "\n".join(written[-80:])
    assert len(written) <= LOG_LINES_PER_REQUEST * world.requests_sent, "\n".join(written[-80:])


def test_a_malformed_token_is_called_malformed_without_decoder_details(world):
    for token in MALFORMED_TOKENS[:2]:
        response = requests.get(world.app.base_url + "/api/site", headers={"Authorization": f"JWT {token}"},
                                timeout=30)
        assert response.status_code == 401
        assert response.json()["message"] == "the JWT is malformed"


def test_a_malformed_forge_token_is_called_malformed_without_decoder_details(world):
    for token in MALFORMED_TOKENS[:2]:
        response = requests.post(world.app.base_url + "/forge/scheduled", data="{}", timeout=30,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        assert response.status_code == 401
        assert response.json()["message"] == "the Forge invocation token is malformed"


def test_ids_beyond_the_documented_range_are_not_found(world):
    document = requests.get(world.app.base_url + "/api/openapi.json", timeout=30).json()
    maxima = {parameter["name"]: parameter["schema"]["maximum"] for operations in document["paths"].values()
              for operation in operations.values() for parameter in operation["parameters"]
              if parameter["in"] == "path" and "maximum" in parameter["schema"]}
    assert maxima == {"connectionId": 2**31 - 1, "eventId": 2**31 - 1, "issueId": 2**63 - 1}
    admin = world.admin
    for path in (f"/api/connections/{2**31}", f"/api/connections/{2**63}", f"/api/issues/{2**63}/sync-status"):
        response = admin.call("GET", path)
        assert response.status_code == 404, (path, response.text)
        assert response.json()["message"]
    for method, path in (("POST", f"/api/connections/{10**30}/start"), ("DELETE", f"/api/connections/{2**31}"),
                         ("POST", f"/api/connections/{world.connection_id}/errors/{2**64}/skip")):
        assert admin.call(method, path).status_code == 404, path
    # The largest documented id is looked up, and found missing.
    assert admin.call("GET", f"/api/connections/{2**31 - 1}").status_code == 404


def test_the_settings_api_takes_json_only(world):
    token = world.site.context_jwt(world.admin.account_id,
                                   jira={"project": {"id": str(world.admin.project["id"]), "key": "SOFT"}})
    body = json.dumps({"name": "as text", "scenario": "basic", "otherSite": True})
    stored_before = _snapshot(world.database)
    response = requests.post(world.app.base_url + "/api/connections", data=body, timeout=30,
                             headers={"Authorization": f"JWT {token}", "Content-Type": "text/plain"})
    assert response.status_code == 415, response.text
    assert "application/json" in response.json()["message"]
    assert _changes(stored_before, _snapshot(world.database)) == {}


def test_a_validly_signed_install_with_a_base_url_not_a_string_is_refused(world):
    stored_before = _snapshot(world.database)
    for wrong in ({"baseUrl": 5}, {"baseUrl": ["https://x.atlassian.net"]}, {"clientKey": None},
                  {"sharedSecret": {"s": 1}}, {"displayUrl": 3}, {"productType": "x" * 65}):
        body = {**world.site.lifecycle_body("installed"), **wrong}
        response = world.site.post_lifecycle("installed", body=body)
        assert response.status_code == 400, (wrong, response.text)
        assert next(iter(wrong)) in response.json()["message"]
    assert _changes(stored_before, _snapshot(world.database)) == {}


def test_deep_json_before_any_authentication_writes_one_log_line(world):
    before = _log_lines(world)
    response = requests.post(world.app.base_url + "/lifecycle/installed", data=nested(30_000),
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 400
    assert "levels deep" in response.json()["message"]
    assert len(_log_lines(world)) - len(before) <= 1


def test_text_no_database_can_store_is_refused_in_webhooks(world):
    """A lone surrogate or a NUL anywhere in a webhook: 400, on both databases, and nothing stored."""
    stored_before = _snapshot(world.database)
    for text in ("\\ud800", "\\udfff tail", "nul \\u0000 inside"):
        body = ('{"webhookEvent": "jira:issue_updated", "issue": {"id": "%s", "fields": {"summary": "%s"}}}'
                % (world.issue_id, text)).encode()
        path = "/webhooks/jira"
        response = requests.post(world.app.base_url + path, data=body, timeout=30, headers={
            "Authorization": f"JWT {world.site.page_jwt('POST', path)}", "Content-Type": "application/json",
            "X-Atlassian-Webhook-Identifier": f"hostile-{quote(text)}"})
        assert response.status_code == 400, (text, response.text)
        assert "cannot be stored" in response.json()["message"]
    assert _changes(stored_before, _snapshot(world.database)) == {}


def _log_lines(world: World) -> list[str]:
    return world.app.log_path.read_text(errors="replace").splitlines()
