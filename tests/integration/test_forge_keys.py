"""Forge's signing keys, as Tandem fetches them: a known key never waits for a fetch, an unknown one makes one
fetch at a time, and keys that cannot be read make the invocation retryable (503), not refused (401)."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.processes import AppProcess, base_env, free_port


def forge_app(database, install_keys, forge, tmp_path, jwks_url: str) -> AppProcess:
    env = dict(base_env(database.url, tmp_path, install_keys.url), TANDEM_FORGE_APP_ID=forge.app_id,
               TANDEM_FORGE_JWKS_URL=jwks_url)
    return AppProcess(env=env, port=free_port(), log_path=tmp_path / "app.log").start(web_workers=1)


def scheduled(app: AppProcess, token: str) -> requests.Response:
    return requests.post(app.base_url + "/forge/scheduled", data="{}", timeout=30,
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


@pytest.fixture
def slow_jwks(forge):
    yield forge
    forge.jwks_delay_seconds = 0.0


def test_a_known_key_does_not_wait_behind_the_fetch_of_an_unknown_one(database, install_keys, slow_jwks, make_site,
                                                                        tmp_path):
    forge = slow_jwks
    app = forge_app(database, install_keys, forge, tmp_path, forge.jwks_url)
    try:
        installation = forge.install(make_site("keyed"), app.base_url)
        assert installation.last_response.status_code == 204, installation.last_response.text
        time.sleep(1.2)  # past the pause between fetches (addon.forge.jwks.REFETCH_SECONDS) after the install's
        hits_before = forge.jwks_hits
        forge.jwks_delay_seconds = 3.0
        unknown_kid = forge.keys.unpublished_key()
        with ThreadPoolExecutor(max_workers=1) as pool:
            fetching = pool.submit(scheduled, app, installation.fit("tandem-hourly", "core:trigger", kid=unknown_kid))
            time.sleep(0.5)  # its fetch is under way
            started = time.monotonic()
            known = scheduled(app, installation.fit("tandem-hourly", "core:trigger"))
            known_seconds = time.monotonic() - started
            another_unknown = scheduled(app, installation.fit("tandem-hourly", "core:trigger",
                                                               kid=forge.keys.unpublished_key()))
            first_unknown = fetching.result()
        forge.uninstall(installation.site)
    finally:
        app.stop()
    assert known.status_code == 204 and known_seconds < 1.5, (known.status_code, known_seconds)
    assert another_unknown.status_code == 503 and another_unknown.headers["Retry-After"], another_unknown.text
    assert first_unknown.status_code == 401 and "not one Forge publishes" in first_unknown.json()["message"]
    assert forge.jwks_hits - hits_before == 1


def test_keys_that_cannot_be_fetched_make_the_invocation_retryable(database, install_keys, forge, make_site,
                                                                    tmp_path):
    app = forge_app(database, install_keys, forge, tmp_path, f"http://127.0.0.1:{free_port()}/jwks.json")
    try:
        site = make_site("unkeyed")
        installation = forge.install(site, app.base_url)
        answer = installation.last_response
        forge.installation_in(site).stop()
    finally:
        app.stop()
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"] and "retry" in answer.json()["message"]
