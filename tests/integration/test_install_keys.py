"""Installs naming a key id: anyone can send one, so fetching Atlassian's keys is bounded. An unknown kid is asked
for once in a while, not once per request; a flood of fresh kids never holds more than a few web threads; a key
server that cannot be reached makes the install retryable (503), not refused (401)."""
from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.jirasim import InstallKeyServer
from tests.support.processes import AppProcess, base_env, free_port
from tests.support.tokens import claims

INSTALLED = "/lifecycle/installed"
# The app's fetch slots per web process (addon.connect.install_keys.FETCH_SLOTS).
FETCH_SLOTS = 2


@pytest.fixture
def keys():
    server = InstallKeyServer()
    yield server
    server.stop()


@pytest.fixture
def app(database, keys, tmp_path):
    started = AppProcess(env=base_env(database.url, tmp_path, keys.url), port=free_port(),
                         log_path=tmp_path / "app.log").start(web_workers=1)
    yield started
    started.stop()


def forged_install(app: AppProcess, keys: InstallKeyServer, kid: str) -> requests.Response:
    client_key = f"forged-{uuid.uuid4()}"
    token = keys.sign(claims(client_key, "POST", INSTALLED, aud=[app.base_url]), headers={"kid": kid})
    body = {"key": "io.tandem.issue-sync", "clientKey": client_key, "sharedSecret": "s" * 32,
            "baseUrl": "http://127.0.0.1:1", "productType": "jira", "eventType": "installed"}
    return requests.post(app.base_url + INSTALLED, json=body, headers={"Authorization": f"JWT {token}"}, timeout=30)


def test_an_unknown_kid_is_fetched_once_then_refused_from_memory(app, keys):
    answers = [forged_install(app, keys, "no-such-key") for _ in range(5)]
    assert [answer.status_code for answer in answers] == [401] * 5
    assert all("unknown install signing key" in answer.json()["message"] for answer in answers)
    assert keys.hits_by_kid["no-such-key"] == 1


def test_a_flood_of_fresh_kids_holds_few_threads_and_is_told_to_retry(app, keys):
    keys.delay_seconds = 3.0
    with ThreadPoolExecutor(max_workers=12) as pool:
        flood = [pool.submit(forged_install, app, keys, f"kid-{uuid.uuid4()}") for _ in range(12)]
        time.sleep(0.5)  # the flood has arrived and holds what it can
        started = time.monotonic()
        health = requests.get(app.base_url + "/healthz", timeout=30)
        health_seconds = time.monotonic() - started
        answers = [future.result() for future in flood]
    assert health.status_code == 200 and health_seconds < 1.5, health_seconds
    assert keys.hits <= FETCH_SLOTS, keys.hits
    statuses = sorted(answer.status_code for answer in answers)
    assert set(statuses) <= {401, 503} and statuses.count(503) >= 12 - FETCH_SLOTS, statuses
    busy = [answer for answer in answers if answer.status_code == 503]
    assert all(answer.headers["Retry-After"] and "retry" in answer.json()["message"] for answer in busy)


def test_an_unreachable_key_server_makes_the_install_retryable(database, keys, tmp_path):
    app = AppProcess(env=base_env(database.url, tmp_path, f"http://127.0.0.1:{free_port()}"), port=free_port(),
                     log_path=tmp_path / "app.log").start(web_workers=1)
    try:
        answer = forged_install(app, keys, keys.default_kid)
    finally:
        app.stop()
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"]
    assert "could not be fetched" in answer.json()["message"]
