"""Power Customer on a big JSM site: more than a page of service desks, and of request types in SUP.

The servicedeskapi pages its lists (``start``, ``limit``, ``isLastPage``; at most 100 a page, see
tests/jirasim/rest_servicedesk.py). On fdcdec2, which read the first page only, SUP's service desk was not found:
the connection could not be published with SUP's request types, and no issue reached SUP as a customer request.
"""
from __future__ import annotations

import pytest

from tests.jirasim.model import SERVICE_DESK_REQUEST_TYPES
from tests.support import scenarios
from tests.support.settle import settle

OTHER_DESKS = 120
OTHER_REQUEST_TYPES = 130


@pytest.fixture
def big_support_site(stack, make_site):
    customer, support = make_site("customer"), make_site("support")
    scenarios.install(stack.base_url, customer, support)
    for number in range(OTHER_DESKS):  # created before SUP, so SUP's desk comes after the first page
        support.add_project(f"D{number}", f"Desk {number}", type="service_desk", request_types=())
    fillers = tuple((f"Other request {number}", "Task") for number in range(OTHER_REQUEST_TYPES))
    sites = scenarios.PowerCustomerSites(
        customer, support, customer.add_project("CUS", "Customer", type="software"),
        support.add_project("SUP", "First level", type="service_desk",
                            request_types=fillers + SERVICE_DESK_REQUEST_TYPES))
    scenarios.connect_and_start(stack.base_url, customer, sites.customer_project, support, sites.support_project,
                                "power_customer")
    return sites


def test_request_types_beyond_the_first_page_of_desks_and_types_are_found(big_support_site, database):
    sites = big_support_site
    sites.customer.create_issue("CUS", "Task", "Printer on fire")
    settle(database, sites.sites)
    [twin] = sites.support.issues("SUP")
    assert twin["fields"]["issuetype"]["name"] == "IT Help"
    assert sites.support.request_type_of(twin["key"]) == sites.support.request_type_id("SUP", "Get IT Help")
    pages = [request for request in sites.support.requests if "/rest/servicedeskapi/" in request.path]
    assert pages and not [request for request in pages if request.status != 200]
