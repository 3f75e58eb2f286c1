"""The web process as the Procfile runs it logs every request but the webhooks it accepted (the inbox holds
those), and still logs a webhook it refused."""
from __future__ import annotations

import requests

from tests.integration.test_inbound_jwt import post_webhook
from tests.support.processes import AppProcess, base_env, free_port


def test_the_access_log_leaves_out_accepted_webhooks_only(database, install_keys, make_site, tmp_path):
    app = AppProcess(env=base_env(database.url, tmp_path, install_keys.url), port=free_port(),
                     log_path=tmp_path / "app.log").start(web_workers=1)
    try:
        site = make_site("alpha")
        assert site.install(app.base_url + "/atlassian-connect.json").status_code == 204
        site.add_project("ALP", "Alpha")
        site.create_issue("ALP", "Task", "Accepted, not logged")
        assert [delivery["status"] for delivery in site.deliveries] == [202]
        assert post_webhook(app, "not-a-jwt").status_code == 401
        assert requests.get(app.base_url + "/healthz", timeout=10).status_code == 200
    finally:
        app.stop()  # gunicorn writes its log lines out by the time it has stopped
    lines = app.access_log_path.read_text().splitlines()
    webhook_lines = [line for line in lines if "/webhooks/jira" in line]
    assert len(webhook_lines) == 1 and '" 401 ' in webhook_lines[0], lines
    assert any("/healthz" in line for line in lines), lines
    assert any("/installed" in line for line in lines), lines
