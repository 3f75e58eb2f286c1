"""Webhooks verified with a site's remembered secret: uninstall, disable and reinstall still act at once.

The app runs with one gunicorn worker here, so every request meets the same memory: after one accepted
webhook the site is surely remembered (see addon.connect.recent_sites), and the next webhook is verified
with the remembered secret before the inbox INSERT checks the tenant.
"""
from __future__ import annotations

import uuid

import pytest

from tests.integration.test_inbound_jwt import post_webhook, webhook_claims
from tests.integration.test_webhooks import events_of
from tests.support.processes import AppProcess, base_env, free_port
from tests.support.tokens import hs256


@pytest.fixture(scope="module")
def one_worker_app(database, install_keys, tmp_path_factory):
    instance = tmp_path_factory.mktemp("one-worker")
    app = AppProcess(env=base_env(database.url, instance, install_keys.url), port=free_port(),
                     log_path=instance / "app.log").start(web_workers=1)
    yield app
    app.stop()


def deliver(app, site, secret: str | None = None, identifier: str | None = None):
    token = hs256(secret or site.shared_secret, webhook_claims(site))
    return post_webhook(app, token, headers={"X-Atlassian-Webhook-Identifier": identifier or str(uuid.uuid4())})


@pytest.fixture
def remembered_site(make_site, one_worker_app):
    site = make_site("remembered")
    assert site.install(one_worker_app.base_url + "/atlassian-connect.json").status_code == 204
    assert deliver(one_worker_app, site).status_code == 202
    return site


def test_a_remembered_site_keeps_being_accepted(remembered_site, one_worker_app, database):
    assert deliver(one_worker_app, remembered_site).status_code == 202
    assert len(events_of(database, remembered_site.client_key)) == 2


def test_a_redelivery_of_a_remembered_site_is_a_duplicate(remembered_site, one_worker_app, database):
    assert deliver(one_worker_app, remembered_site, identifier="once").status_code == 202
    response = deliver(one_worker_app, remembered_site, identifier="once")
    assert response.status_code == 200 and response.json()["status"] == "duplicate"
    assert len(events_of(database, remembered_site.client_key)) == 2


def test_disabling_takes_effect_on_the_next_webhook(remembered_site, one_worker_app, database):
    assert remembered_site.disable().status_code == 204
    assert deliver(one_worker_app, remembered_site).status_code == 401
    assert len(events_of(database, remembered_site.client_key)) == 1
    assert remembered_site.enable().status_code == 204
    assert deliver(one_worker_app, remembered_site).status_code == 202


def test_uninstalling_takes_effect_on_the_next_webhook(remembered_site, one_worker_app, database):
    secret = remembered_site.shared_secret
    assert remembered_site.uninstall().status_code == 204
    assert deliver(one_worker_app, remembered_site, secret).status_code == 401
    assert len(events_of(database, remembered_site.client_key)) == 1


def test_after_a_reinstall_only_the_new_secret_signs(remembered_site, one_worker_app, database):
    old_secret = remembered_site.shared_secret
    assert remembered_site.install(one_worker_app.base_url + "/atlassian-connect.json").status_code == 204
    assert deliver(one_worker_app, remembered_site, old_secret).status_code == 401
    assert deliver(one_worker_app, remembered_site).status_code == 202
    assert len(events_of(database, remembered_site.client_key)) == 2
