"""One site, two doors: a site running Tandem through Connect installs the Forge app and carries on, and a site
whose Forge app token ran out waits for the next one instead of failing."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from addon.db.tenant import Tenant
from tests.support import forge_scenarios, scenarios
from tests.support.settle import failed_events, forget_unfinished


@pytest.fixture
def uninstall_forge_afterwards(forge, database):
    sites = []
    yield sites
    forget_unfinished(database, sites)
    for site in sites:
        if forge.installation_in(site) is not None:
            forge.uninstall(site)


def tenants_of(database, site) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Tenant).where(Tenant.cloud_id == site.cloud_id))


def summaries(site, project: str) -> list[str]:
    return sorted(issue["fields"]["summary"] for issue in site.issues(project))


def test_a_connect_site_with_running_connections_installs_forge_and_carries_on(
        forge_stack, forge, make_site, database, uninstall_forge_afterwards):
    pc = scenarios.power_customer(forge_stack.base_url, make_site)
    customer, support = pc.customer, pc.support
    uninstall_forge_afterwards.extend(pc.sites)
    first = customer.create_issue("CUS", "Task", "Before Forge")
    customer.add_comment(first["key"], "said through Connect")
    forge_scenarios.settle_forge(database, forge, pc.sites)

    [installation] = forge_scenarios.install_forge(forge, forge_stack.base_url, customer)
    gateway = forge.gateway_for(customer.cloud_id)
    customer.add_comment(first["key"], "said after Forge")
    customer.update_issue(first["key"], summary="Before Forge, edited after")
    customer.create_issue("CUS", "Task", "After Forge")
    forge_scenarios.settle_forge(database, forge, pc.sites)

    assert tenants_of(database, customer) == 1, "the Forge installation joined the site's tenant"
    assert summaries(support, "SUP") == ["After Forge", "Before Forge, edited after"], "no duplicate, no gap"
    twin = next(i for i in support.issues("SUP") if i["fields"]["summary"].startswith("Before"))
    texts = [str(c["body"]) for c in support.comments(twin["key"])]
    assert len(texts) == 2 and sum("said after Forge" in t for t in texts) == 1
    assert gateway.served > 0, "Tandem now reads the customer's site through the Forge door"
    connect_calls = len(customer.requests) - gateway.served
    customer.create_issue("CUS", "Task", "Later still")
    forge_scenarios.settle_forge(database, forge, pc.sites)
    assert len(customer.requests) - gateway.served == connect_calls, "the Connect credentials are left unused"
    assert summaries(support, "SUP") == ["After Forge", "Before Forge, edited after", "Later still"]
    history = pc.history(first["key"])
    assert history, "the history carries on"
    assert failed_events(database, pc.sites) == []
    assert installation.installation_id


def test_a_call_without_a_valid_app_token_waits_for_the_next_one(forge_stack, forge, make_site, database,
                                                                  uninstall_forge_afterwards):
    customer, support = make_site("customer"), make_site("support")
    uninstall_forge_afterwards.extend([customer, support])
    forge.token_lifetime = 33  # each invocation brings a token usable for 3 s (Tandem keeps a 30 s margin)
    try:
        forge_scenarios.install_forge(forge, forge_stack.base_url, customer, support)
        cus = customer.add_project("CUS", "Customer", type="software")
        sup = support.add_project("SUP", "First level", type="service_desk")
        requester, _, connection_id = forge_scenarios.connect_and_start(
            forge_stack.base_url, forge, customer, cus, support, sup, "power_customer")
        time.sleep(3.5)  # support's newest token is no longer usable; Forge sends support nothing meanwhile
        customer.create_issue("CUS", "Task", "Waits for a token")
        forge.installation_in(customer).wait_for_events()
        time.sleep(2)
        assert support.issues("SUP") == [], "nothing can be written to support's site without a token"
        assert failed_events(database, [customer, support]) == [], "waiting is not a failure"
    finally:
        forge.token_lifetime = 3 * 3600
    for site in (customer, support):
        forge.installation_in(site).scheduled()  # the hourly trigger brings a fresh token
    forge_scenarios.settle_forge(database, forge, [customer, support])
    assert summaries(support, "SUP") == ["Waits for a token"]
    errors = requester.call("GET", f"/api/connections/{connection_id}/errors", expect=200).json()["errors"]
    assert errors == [], "nothing is shown to the admins"


def test_a_site_that_moved_to_forge_uninstalls_its_connect_app_and_carries_on(
        forge_stack, forge, make_site, database, uninstall_forge_afterwards):
    pc = scenarios.power_customer(forge_stack.base_url, make_site)
    customer, support = pc.customer, pc.support
    uninstall_forge_afterwards.extend(pc.sites)
    forge_scenarios.install_forge(forge, forge_stack.base_url, customer)
    customer.disable()
    customer.uninstall()  # the old door closes: the Connect app is disabled, then removed
    customer.create_issue("CUS", "Task", "After the Connect app left")
    forge_scenarios.settle_forge(database, forge, pc.sites)
    assert summaries(support, "SUP") == ["After the Connect app left"]
    admin = forge_scenarios.admin_of(forge_stack.base_url, customer, pc.customer_project, forge)
    assert admin.call("GET", pc.path, expect=200).json()["status"] == "active", "its admins work in the Forge page"
