"""Connections across sites: an invitation code made on one site, redeemed by an admin of another."""
from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from addon.db.connection import Invitation
from tests.integration.test_settings_api import admin_of, api, installed, refused


@pytest.fixture
def two_sites(make_site, live_app):
    """A customer's software project on site alpha and a service desk on site beta, with their admins."""
    alpha, beta = installed(make_site, live_app, "alpha"), installed(make_site, live_app, "beta")
    customer = admin_of(live_app, alpha, alpha.add_project("CUS", "Customer"))
    support = admin_of(live_app, beta, beta.add_project("SUP", "Support", type="service_desk"))
    return customer, support


def invite(admin, scenario: str = "power_customer") -> dict:
    body = {"name": "Customer to support", "scenario": scenario, "otherSite": True}
    return admin.call("POST", "/api/connections", json=body, expect=201).json()


def redeem(admin, code: str, **extra):
    return admin.call("POST", "/api/invitations/redeem", json={"code": code, **extra})


def code_for_server(server_url: str) -> str:
    server = base64.urlsafe_b64encode(server_url.encode()).decode().rstrip("=")
    return f"tandem1.{server}.{secrets.token_urlsafe(32)}"


def test_an_invitation_is_redeemed_once_by_another_sites_admin(two_sites, live_app, database):
    customer, support = two_sites
    invited = invite(customer)
    code = invited["invitationCode"]
    prefix, server, secret = code.split(".")
    assert prefix == "tandem1" and base64.urlsafe_b64decode(server + "==").decode() == live_app.base_url
    assert len(base64.urlsafe_b64decode(secret + "==")) >= 16, "at least 128 random bits"
    assert invited["status"] == "requested" and invited["half"] is None
    assert invited["sides"][1]["projectKey"] is None
    assert invited["startBlockers"] == ["the other site has not redeemed the invitation yet"]
    expires = datetime.fromisoformat(invited["invitation"]["expiresAt"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(timezone.utc) <= timedelta(days=7)
    with database.session() as session:
        [stored] = session.scalars(select(Invitation).where(Invitation.connection_id == invited["id"])).all()
        assert stored.code_hash == hashlib.sha256(secret.encode()).hexdigest()
    refused(customer.call("GET", f"/api/connections/{invited['id']}/half"), 409, "redeems")

    joined = redeem(support, code)
    assert joined.status_code == 200, joined.text
    joined = joined.json()
    assert (joined["id"], joined["status"], joined["mySide"]) == (invited["id"], "stopped", "b")
    assert [(s["siteUrl"], s["projectKey"]) for s in joined["sides"]] == [
        (customer.site.base_url, "CUS"), (support.site.base_url, "SUP")]
    assert joined["half"]["draft"]["incoming"]["defaults"]["IT Help"] == {"request_type": "Get IT Help"}
    assert joined["otherHalf"] == {**joined["otherHalf"], "draft": None, "published": None}
    seen_by_customer = customer.call("GET", f"/api/connections/{invited['id']}", expect=200).json()
    assert seen_by_customer["half"]["draft"]["incoming"]["create_issues"] is False
    assert seen_by_customer["invitation"]["usedAt"]
    refused(redeem(support, code), 409, "already used")


def test_an_unknown_code_is_not_found(two_sites, live_app):
    customer, support = two_sites
    invite(customer)
    refused(redeem(support, code_for_server(live_app.base_url)), 404, "unknown invitation code")


def test_an_expired_code_says_when_it_expired(two_sites, database):
    customer, support = two_sites
    invited = invite(customer)
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    with database.session() as session:
        session.execute(update(Invitation).where(Invitation.connection_id == invited["id"])
                        .values(expires_at=yesterday))
    refused(redeem(support, invited["invitationCode"]), 410, f"expired on {yesterday:%Y-%m-%d}")


def test_a_code_of_another_tandem_server_names_that_server(two_sites):
    customer, support = two_sites
    refused(redeem(support, code_for_server("https://tandem.elsewhere.example")), 400,
            "https://tandem.elsewhere.example")


def test_a_code_of_the_same_site_points_to_a_within_site_connection(two_sites, live_app):
    customer, support = two_sites
    invited = invite(customer)
    sibling = admin_of(live_app, customer.site, customer.site.add_project("SIB", "Sibling"))
    refused(redeem(sibling, invited["invitationCode"]), 400, "your own site")
    redeem(support, invited["invitationCode"]).raise_for_status()


def test_a_malformed_code_is_refused(two_sites):
    customer, support = two_sites
    refused(redeem(support, "hello"), 400, "not a Tandem invitation code")
    refused(support.call("POST", "/api/invitations/redeem", json={}), 422)


def test_the_redeeming_project_may_come_from_project_id(two_sites, live_app):
    customer, support = two_sites
    invited = invite(customer, scenario="basic")
    body = {"code": invited["invitationCode"], "projectId": support.project["id"]}
    response = api(live_app, support.site, support.account_id, "POST", "/api/invitations/redeem", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["sides"][1]["projectKey"] == "SUP"
