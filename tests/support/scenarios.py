"""Scenarios set up the way admins do, through the settings API, for the end-to-end and browser tests and the
benchmarks: sites with Tandem installed, a project on each, and a started connection between them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from tests.jirasim import SimSite
from tests.support.polling import eventually
from tests.support.settings_client import Admin, connect_across_sites
from tests.support.settle import forget_unfinished


def install(app_url: str, *sites: SimSite) -> None:
    for site in sites:
        response = site.install(app_url + "/atlassian-connect.json")
        assert response.status_code == 204, f"installing into {site.base_url}: {response.status_code} {response.text}"


def connect_and_start(app_url: str, source: SimSite, source_project: dict, target: SimSite, target_project: dict,
                      scenario: str) -> tuple[Admin, Admin, int]:
    """A connection from ``source_project`` (side A) to ``target_project`` on another site (side B): A's admin
    requests it, B's admin redeems the invitation, both publish their halves as they come and A starts it.
    Returns the two admins (A's, then B's) and the connection's id."""
    requester, redeemer, connection_id = connect(app_url, source, source_project, target, target_project, scenario)
    requester.publish_and_start(connection_id, redeemer)
    return requester, redeemer, connection_id


def connect(app_url: str, source: SimSite, source_project: dict, target: SimSite, target_project: dict,
            scenario: str) -> tuple[Admin, Admin, int]:
    """As ``connect_and_start``, left for the admins to adjust their drafts before they publish and start."""
    requester = Admin(app_url, source, source.admin.account_id, source_project)
    redeemer = Admin(app_url, target, target.admin.account_id, target_project)
    return requester, redeemer, connect_across_sites(requester, redeemer, scenario)


@dataclass
class PowerCustomerSites:
    """Power Customer's two sites with Tandem installed and their projects, not connected yet."""

    customer: SimSite  # side A: the customer's site
    support: SimSite  # side B: first-level support's site
    customer_project: dict  # CUS, a Jira Software project
    support_project: dict  # SUP, a JSM project

    @property
    def sites(self) -> list[SimSite]:
        return [self.customer, self.support]


@dataclass
class PowerCustomer(PowerCustomerSites):
    """Power Customer connected and started, with the admin of each side and the connection's settings API."""

    requester: Admin  # administers CUS, side A
    redeemer: Admin  # administers SUP, side B
    connection_id: int

    @property
    def path(self) -> str:
        return f"/api/connections/{self.connection_id}"

    def connection(self) -> dict:
        return self.requester.call("GET", self.path, expect=200).json()

    def errors(self) -> list[dict]:
        return self.requester.call("GET", self.path + "/errors", expect=200).json()["errors"]

    def wait_for_errors(self, count: int, timeout: float = 30) -> list[dict]:
        assert eventually(lambda: len(self.errors()) == count, timeout=timeout, interval=0.2), self.errors()
        return self.errors()

    def history(self, issue: str) -> list[dict]:
        return self.requester.call("GET", f"{self.path}/history?issue={issue}", expect=200).json()["history"]


def power_customer_sites(app_url: str, make_site: Callable[[str], SimSite]) -> PowerCustomerSites:
    """Two new sites, ``customer`` and ``support``, with Tandem installed, CUS on the first and SUP on the second."""
    customer, support = make_site("customer"), make_site("support")
    install(app_url, customer, support)
    return PowerCustomerSites(customer, support, customer.add_project("CUS", "Customer", type="software"),
                              support.add_project("SUP", "First level", type="service_desk"))


def power_customer(app_url: str, make_site: Callable[[str], SimSite]) -> PowerCustomer:
    """The sites of ``power_customer_sites``, with a started Power Customer connection from CUS to SUP."""
    sites = power_customer_sites(app_url, make_site)
    requester, redeemer, connection_id = connect_and_start(
        app_url, sites.customer, sites.customer_project, sites.support, sites.support_project, "power_customer")
    return PowerCustomer(sites.customer, sites.support, sites.customer_project, sites.support_project,
                         requester, redeemer, connection_id)


def power_customer_cleaned_up(app_url: str, make_site: Callable[[str], SimSite], database) -> Iterator[PowerCustomer]:
    """For a fixture: ``power_customer``, and once the test is over its unfinished inbox events forgotten, so that
    a test that failed half-way does not leave the next ones an inbox that never settles."""
    pc = power_customer(app_url, make_site)
    yield pc
    forget_unfinished(database, pc.sites)


def basic_pair(app_url: str, make_site: Callable[[str], SimSite]) -> tuple[SimSite, SimSite]:
    """Sites ``left`` and ``right`` with Tandem installed and a started Basic connection from LFT to RGT."""
    left, right = make_site("left"), make_site("right")
    install(app_url, left, right)
    connect_and_start(app_url, left, left.add_project("LFT", "Left"), right, right.add_project("RGT", "Right"), "basic")
    return left, right
