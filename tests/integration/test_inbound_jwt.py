"""Inbound JWT on webhooks, iframe pages and the settings API: every refusal with a real token."""
from __future__ import annotations

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.support.tokens import claims, hs256, unsigned

WEBHOOK = "/webhooks/jira"
BODY = b'{"webhookEvent": "jira:issue_updated", "issue": {"id": "10001"}}'


def post_webhook(app, token, body=BODY, headers=None):
    headers = dict(headers or {})
    if token is not None:
        headers["Authorization"] = f"JWT {token}"
    headers.setdefault("Content-Type", "application/json")
    return requests.post(app.base_url + WEBHOOK, data=body, headers=headers, timeout=10)


def webhook_claims(site, **overrides):
    return claims(site.client_key, "POST", WEBHOOK, **overrides)


REFUSALS = {
    "unsigned": (lambda site: None, "not signed"),
    "alg none": (lambda site: unsigned(webhook_claims(site)), "HS256"),
    "rs256": (lambda site: jwt.encode(webhook_claims(site), rsa.generate_private_key(65537, 2048), "RS256"), "HS256"),
    "hs512": (lambda site: jwt.encode(webhook_claims(site), site.shared_secret, "HS512"), "HS256"),
    "wrong secret": (lambda site: hs256("not-the-secret-" + "y" * 32, webhook_claims(site)), "signature"),
    "unknown issuer": (lambda site: hs256(site.shared_secret, claims("nobody", "POST", WEBHOOK)), "issuer"),
    "expired beyond leeway": (lambda site: hs256(site.shared_secret, webhook_claims(site, iat=1_600_000_000,
                                                                                     exp=1_600_000_180)), "expired"),
    "qsh of another path": (lambda site: hs256(site.shared_secret, claims(site.client_key, "POST", "/webhooks/x")),
                            "qsh"),
    "qsh of another method": (lambda site: hs256(site.shared_secret, claims(site.client_key, "GET", WEBHOOK)), "qsh"),
    "context token": (lambda site: hs256(site.shared_secret, webhook_claims(site, qsh="context-qsh")), "context"),
    "no qsh": (lambda site: hs256(site.shared_secret, webhook_claims(site, qsh=None)), "qsh"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_a_bad_webhook_token_is_refused(case, installed_site, live_app):
    make_token, reason = REFUSALS[case]
    response = post_webhook(live_app, make_token(installed_site), headers={"X-Atlassian-Webhook-Identifier": case})
    assert response.status_code == 401, response.text
    assert reason in response.json()["message"]


def test_a_token_expired_within_the_leeway_is_accepted(installed_site, live_app):
    import time

    now = int(time.time())
    token = hs256(installed_site.shared_secret, webhook_claims(installed_site, iat=now - 200, exp=now - 10))
    assert post_webhook(live_app, token).status_code == 202


def test_a_disabled_site_cannot_sign(installed_site, live_app):
    installed_site.disable()
    response = post_webhook(live_app, hs256(installed_site.shared_secret, webhook_claims(installed_site)))
    assert response.status_code == 401


def test_an_uninstalled_site_cannot_sign(installed_site, live_app):
    token = hs256(installed_site.shared_secret, webhook_claims(installed_site))
    installed_site.uninstall()
    response = post_webhook(live_app, token)
    assert response.status_code == 401


def test_context_tokens_are_accepted_on_the_settings_api_with_the_acting_user(installed_site, live_app):
    token = installed_site.context_jwt("user-42")
    response = requests.get(live_app.base_url + "/api/site", headers={"Authorization": f"JWT {token}"}, timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["accountId"] == "user-42"
    assert response.json()["clientKey"] == installed_site.client_key


def test_the_settings_api_refuses_a_token_of_an_unknown_site(installed_site, live_app):
    token = hs256(installed_site.shared_secret, claims("unknown", "GET", "/api/site", qsh="context-qsh"))
    response = requests.get(live_app.base_url + "/api/site", headers={"Authorization": f"JWT {token}"}, timeout=10)
    assert response.status_code == 401


def test_an_iframe_page_loads_with_a_page_token_in_the_query(installed_site, live_app):
    url = "/pages/project-settings?project.key=ABC&project.id=10000"
    token = installed_site.page_jwt("GET", url)
    response = requests.get(f"{live_app.base_url}{url}&jwt={token}", timeout=10)
    assert response.status_code == 200, response.text
    assert '"key": "ABC"' in response.text  # in the page's boot data


def test_an_iframe_page_refuses_a_context_token(installed_site, live_app):
    token = installed_site.context_jwt("user-42")
    response = requests.get(f"{live_app.base_url}/pages/project-settings?project.key=ABC&jwt={token}", timeout=10)
    assert response.status_code == 401


def test_an_iframe_page_refuses_a_token_for_other_query_parameters(installed_site, live_app):
    token = installed_site.page_jwt("GET", "/pages/project-settings?project.key=ABC")
    response = requests.get(f"{live_app.base_url}/pages/project-settings?project.key=XYZ&jwt={token}", timeout=10)
    assert response.status_code == 401
    assert "qsh" in response.json()["message"]
