"""Forge invocation tokens (FIT) on the Forge routes and the settings API: every refusal, with a real app.

The FIT matrix mirrors Connect's (test_inbound_jwt): each forged or stale token is answered 401 with its reason,
the reason is logged and the token never is.
"""
from __future__ import annotations

import time

import jwt
import pytest
import requests

from tests.forgesim.tokens import fit_claims
from tests.support.processes import AppProcess, base_env, free_port

WEB_PROCESSES = 2


@pytest.fixture(scope="module")
def forge_app(database, install_keys, tmp_path_factory, forge):
    instance = tmp_path_factory.mktemp("forge-instance")
    env = dict(base_env(database.url, instance, install_keys.url), TANDEM_FORGE_APP_ID=forge.app_id,
               TANDEM_FORGE_JWKS_URL=forge.jwks_url)
    app = AppProcess(env=env, port=free_port(), log_path=instance / "app.log").start(web_workers=WEB_PROCESSES)
    yield app
    app.stop()


@pytest.fixture
def installation(forge, forge_app, make_site):
    site = make_site("forged")
    installed = forge.install(site, forge_app.base_url)
    assert installed.last_response.status_code == 204, installed.last_response.text
    yield installed
    if forge.installation_in(site) is not None:
        forge.uninstall(site)


def claims_of(installation, **overrides) -> dict:
    return fit_claims(installation.platform.app_id, installation.installation_id, installation.api_base_url,
                      installation.site.cloud_id, installation.site.base_url,
                      {"type": "core:trigger", "key": "tandem-hourly"}, **overrides)


def post_scheduled(installation, token: str | None) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(installation.remote_base_url + "/forge/scheduled", data="{}", headers=headers, timeout=10)


def long_ago() -> dict:
    past = int(time.time()) - 3600
    return {"iat": past, "nbf": past, "exp": past + 300}


REFUSALS = {
    "no token": (lambda inst: None, "Bearer"),
    "wrong signature": (lambda inst: inst.platform.keys.forged(claims_of(inst)), "signature"),
    "unknown kid": (lambda inst: inst.platform.keys.sign(claims_of(inst), inst.platform.keys.unpublished_key()),
                    "not one Forge publishes"),
    "hs256": (lambda inst: jwt.encode(claims_of(inst), "x" * 32, "HS256",
                                      headers={"kid": inst.platform.keys.current_kid}), "RS256"),
    "wrong aud": (lambda inst: inst.platform.keys.sign(claims_of(inst, aud="ari:cloud:ecosystem::app/another")),
                  "another app"),
    "wrong iss": (lambda inst: inst.platform.keys.sign(claims_of(inst, iss="someone/else")), "not issued by Forge"),
    "expired": (lambda inst: inst.platform.keys.sign(claims_of(inst, **long_ago())), "expired"),
    "not yet valid": (lambda inst: inst.platform.keys.sign(claims_of(inst, nbf=int(time.time()) + 600)), "nbf"),
    "unknown installation": (lambda inst: inst.platform.keys.sign(claims_of(
        inst, app={**claims_of(inst)["app"], "installationId": "ari:cloud:ecosystem::installation/nobody"})),
        "installation is not installed"),
    "another site's cloudId": (lambda inst: inst.platform.keys.sign(claims_of(
        inst, context={"cloudId": "another-cloud", "siteUrl": inst.site.base_url, "moduleKey": "x"})),
        "not its installation's"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_forged_or_stale_invocation_token_is_refused_with_its_reason(installation, forge_app, case):
    make, reason = REFUSALS[case]
    token = make(installation)
    response = post_scheduled(installation, token)
    assert response.status_code == 401, response.text
    assert reason in response.json()["message"]
    log = forge_app.log_path.read_text()
    assert reason in log, "the refusal is logged with its reason"
    assert token is None or token not in log, "the token is never logged"


def test_a_valid_token_is_accepted(installation):
    assert post_scheduled(installation, installation.fit("tandem-hourly", "core:trigger")).status_code == 204


def test_the_token_of_an_installation_replaced_by_a_reinstall_is_refused(installation, forge):
    site = installation.site
    old_token = installation.fit("tandem-hourly", "core:trigger")
    forge.uninstall(site)
    reinstalled = forge.install(site, installation.remote_base_url)
    assert reinstalled.installation_id != installation.installation_id
    response = post_scheduled(installation, old_token)
    assert response.status_code == 401 and "installation is not installed" in response.json()["message"]
    assert post_scheduled(reinstalled, reinstalled.fit("tandem-hourly", "core:trigger")).status_code == 204


def test_a_rotated_key_is_fetched_and_accepted(installation, forge):
    time.sleep(1.1)  # past the refetch limit another test's unknown kid may have used
    forge.keys.rotate()
    hits = forge.jwks_hits
    for _ in range(8):
        assert post_scheduled(installation, installation.fit("tandem-hourly", "core:trigger")).status_code == 204
    # Each web process fetches the new kid once (the test app runs WEB_PROCESSES of them), and never again.
    assert 1 <= forge.jwks_hits - hits <= WEB_PROCESSES


def test_the_settings_api_takes_a_fit_with_its_user_and_refuses_one_without(installation):
    site = installation.site
    project = site.add_project("FIT", "Fit")
    extension = {"project": {"id": str(project["id"]), "key": "FIT"}}
    response = installation.invoke_remote("GET", "/api/site", site.admin.account_id, extension)
    assert response.status_code == 200, response.text
    assert response.json()["accountId"] == site.admin.account_id
    headers = {"Authorization": f"Bearer {installation.fit('tandem-hourly', 'core:trigger')}"}
    refused = requests.get(installation.remote_base_url + "/api/site", headers=headers, timeout=10)
    assert refused.status_code == 401 and "principal" in refused.json()["message"]


def test_pre_uninstall_is_answered_and_the_installation_speaks_for_no_one_after(installation, forge):
    """preUninstall closes the Forge door: answered 204, and the installation's tokens are refused afterwards.
    Failed on 1dea345 (500: the installation's statement was run without its installation id)."""
    token = installation.fit("tandem-hourly", "core:trigger")
    response = forge.uninstall(installation.site)
    assert response is not None and response.status_code == 204, response.text
    refused = post_scheduled(installation, token)
    assert refused.status_code == 401 and "installation is not installed" in refused.json()["message"]
