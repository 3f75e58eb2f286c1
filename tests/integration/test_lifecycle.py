"""Signed install: every refusal with a real token, and that a refusal changes nothing."""
from __future__ import annotations

import json

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
import jwt
from sqlalchemy import select

from addon.db.tenant import Tenant
from tests.support.tokens import claims, hs256, unsigned

INSTALLED = "/lifecycle/installed"


def tenant_row(database, client_key):
    with database.session() as session:
        return session.scalars(select(Tenant).where(Tenant.client_key == client_key)).one_or_none()


def post_raw(live_app, path, body: str, token: str | None):
    headers = {"Content-Type": "application/json", **({"Authorization": f"JWT {token}"} if token else {})}
    return requests.post(live_app.base_url + path, data=body, headers=headers, timeout=10)


def install_claims(site, live_app, **overrides):
    return claims(site.client_key, "POST", INSTALLED, aud=[live_app.base_url], **overrides)


def test_install_stores_the_tenant_with_its_secret_encrypted(installed_site, database):
    tenant = tenant_row(database, installed_site.client_key)
    assert tenant.installed and tenant.enabled
    assert tenant.base_url == installed_site.base_url
    assert installed_site.shared_secret not in tenant.shared_secret_encrypted


def test_repeated_install_is_idempotent_and_refreshes_the_secret(installed_site, live_app, database):
    first = tenant_row(database, installed_site.client_key)
    response = installed_site.install(live_app.base_url + "/atlassian-connect.json")
    assert response.status_code == 204
    with database.session() as session:
        rows = session.scalars(select(Tenant).where(Tenant.client_key == installed_site.client_key)).all()
    assert len(rows) == 1 and rows[0].id == first.id
    assert rows[0].shared_secret_encrypted != first.shared_secret_encrypted


def test_install_from_a_site_on_a_disallowed_host_is_refused(make_site, live_app, database):
    site = make_site("stranger")
    site.install(live_app.base_url + "/atlassian-connect.json")  # learns the descriptor, registers nothing yet
    body = dict(site.lifecycle_body("installed"), baseUrl="https://evil.example.com")
    response = site.post_lifecycle("installed", body=body)
    assert response.status_code == 401
    assert "not on a host this app accepts" in response.json()["message"]


def _forged_rsa_token(site, live_app, install_keys):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(install_claims(site, live_app), other_key, algorithm="RS256",
                      headers={"kid": install_keys.default_kid})


REFUSALS = {
    "unsigned": (lambda site, app, keys: None, "not signed"),
    "hs256 with the shared secret": (lambda site, app, keys: hs256(site.shared_secret, install_claims(site, app)),
                                     "RS256"),
    "alg none": (lambda site, app, keys: unsigned(install_claims(site, app)), "RS256"),
    "unknown kid": (lambda site, app, keys: keys.sign(install_claims(site, app), headers={"kid": "no-such-key"}),
                    "unknown install signing key"),
    "signed by another key": (_forged_rsa_token, "signature"),
    "wrong aud": (lambda site, app, keys: keys.sign(claims(site.client_key, "POST", INSTALLED,
                                                           aud=["https://someone-else.example.com"])), "audience"),
    "no aud": (lambda site, app, keys: keys.sign(claims(site.client_key, "POST", INSTALLED)), "aud"),
    "expired": (lambda site, app, keys: keys.sign(install_claims(site, app, iat=1_600_000_000, exp=1_600_000_180)),
                "expired"),
    "mismatched clientKey": (lambda site, app, keys: keys.sign(
        claims("another-client-key", "POST", INSTALLED, aud=[app.base_url])), "clientKey"),
    "qsh of another request": (lambda site, app, keys: keys.sign(
        claims(site.client_key, "POST", "/lifecycle/uninstalled", aud=[app.base_url])), "qsh"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_a_bad_install_token_is_refused_and_changes_nothing(case, installed_site, live_app, install_keys, database):
    make_token, reason = REFUSALS[case]
    before = tenant_row(database, installed_site.client_key)
    hijack = dict(installed_site.lifecycle_body("installed"), sharedSecret="attacker-secret-" + "x" * 32,
                  baseUrl="https://attacker.atlassian.net")
    token = make_token(installed_site, live_app, install_keys)
    response = post_raw(live_app, INSTALLED, json.dumps(hijack), token)
    assert response.status_code == 401, response.text
    assert reason in response.json()["message"]
    after = tenant_row(database, installed_site.client_key)
    assert (after.shared_secret_encrypted, after.base_url, after.updated_at) == (
        before.shared_secret_encrypted, before.base_url, before.updated_at)


def test_a_refused_first_install_creates_no_tenant(make_site, live_app, install_keys, database):
    site = make_site("newcomer")
    site.install(live_app.base_url + "/atlassian-connect.json")
    body = dict(site.lifecycle_body("installed"), clientKey="never-installed-site")
    token = hs256("whatever-secret-of-thirty-two-bytes-or-more", claims("never-installed-site", "POST", INSTALLED, aud=[live_app.base_url]))
    response = site.post_lifecycle("installed", body=body, token=token)
    assert response.status_code == 401
    assert tenant_row(database, "never-installed-site") is None


def test_install_with_a_malformed_body_is_a_400(installed_site, live_app):
    response = post_raw(live_app, INSTALLED, "{not json", "any-token")
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["message"]


def test_uninstall_disables_the_tenant_and_wipes_its_secret(installed_site, database):
    assert installed_site.uninstall().status_code == 204
    tenant = tenant_row(database, installed_site.client_key)
    assert not tenant.installed and not tenant.enabled
    assert tenant.shared_secret_encrypted is None


def test_an_unsigned_uninstall_is_refused(installed_site, live_app, database):
    body = json.dumps(installed_site.lifecycle_body("uninstalled"))
    response = post_raw(live_app, "/lifecycle/uninstalled", body, None)
    assert response.status_code == 401
    assert tenant_row(database, installed_site.client_key).installed


def test_disable_and_enable_toggle_the_tenant(installed_site, database):
    assert installed_site.disable().status_code == 204
    assert not tenant_row(database, installed_site.client_key).enabled
    assert installed_site.enable().status_code == 204
    assert tenant_row(database, installed_site.client_key).enabled
