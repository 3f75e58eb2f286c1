"""Tenant isolation: one site's token never reads or writes another site's data."""
from __future__ import annotations

import requests

from tests.integration.test_inbound_jwt import post_webhook, webhook_claims
from tests.integration.test_webhooks import events_of
from tests.support.tokens import claims, hs256


def two_sites(make_site, live_app):
    alpha, beta = make_site("alpha"), make_site("beta")
    for site in (alpha, beta):
        assert site.install(live_app.base_url + "/atlassian-connect.json").status_code == 204
    return alpha, beta


def site_info(live_app, token):
    return requests.get(live_app.base_url + "/api/site", headers={"Authorization": f"JWT {token}"}, timeout=10)


def test_each_site_reads_only_itself(make_site, live_app):
    alpha, beta = two_sites(make_site, live_app)
    assert site_info(live_app, alpha.context_jwt("u1")).json()["baseUrl"] == alpha.base_url
    assert site_info(live_app, beta.context_jwt("u1")).json()["baseUrl"] == beta.base_url


def test_a_token_claiming_another_site_with_its_own_secret_is_refused(make_site, live_app):
    alpha, beta = two_sites(make_site, live_app)
    forged = hs256(alpha.shared_secret, claims(beta.client_key, "GET", "/api/site", qsh="context-qsh"))
    assert site_info(live_app, forged).status_code == 401


def test_webhooks_are_stored_only_for_the_signing_site(make_site, live_app, database):
    alpha, beta = two_sites(make_site, live_app)
    assert post_webhook(live_app, hs256(alpha.shared_secret, webhook_claims(alpha))).status_code == 202
    forged = hs256(alpha.shared_secret, webhook_claims(beta))
    assert post_webhook(live_app, forged, headers={"X-Atlassian-Webhook-Identifier": "f"}).status_code == 401
    assert len(events_of(database, alpha.client_key)) == 1
    assert events_of(database, beta.client_key) == []
