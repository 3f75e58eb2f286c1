"""With the database away, webhooks get 503 so that Jira retries, the health check says so, and its log why."""
from __future__ import annotations

import requests

from tests.integration.test_inbound_jwt import post_webhook
from tests.support.tokens import claims, hs256
from tests.support.processes import AppProcess, base_env, free_port, wait_until_healthy


def test_webhooks_get_503_with_retry_after_when_the_database_is_down(install_keys, tmp_path):
    unreachable = f"postgresql://postgres@127.0.0.1:{free_port()}/test"
    app = AppProcess(env=base_env(unreachable, tmp_path, install_keys.url), port=free_port(),
                     log_path=tmp_path / "app.log")
    try:
        app.start_without_waiting()
        wait_until_healthy(app.base_url + "/atlassian-connect.json", app.process, app.log_path)
        token = hs256("a-secret-nobody-can-check-while-the-database-is-away", claims("some-site", "POST", "/webhooks/jira"))
        response = post_webhook(app, token, headers={"X-Atlassian-Webhook-Identifier": "x"})
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        assert "database" in response.json()["message"]
        health = requests.get(app.base_url + "/healthz", timeout=10)
        assert health.status_code == 503
        # Unauthenticated: what is down, not the driver's message naming the host, port and user.
        assert health.json() == {"status": "unavailable", "database": "unreachable", "queue": "ok"}
    finally:
        app.stop()
    assert "the database is unreachable: OperationalError" in app.log_path.read_text()
