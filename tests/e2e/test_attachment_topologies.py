"""Attachments in a chain and a triangle of Basic connections: each site ends with one copy of a file, and nothing
loops (as issues and comments, through their roots)."""
from __future__ import annotations

from tests.e2e.test_hub_topologies import chain  # noqa: F401  (a fixture)
from tests.support import scenarios
from tests.support.settle import failed_events, settle, write_counts


def files_of(site, key: str) -> list[str]:
    [issue] = site.issues(key)
    return sorted(attachment["filename"] for attachment in site.attachments(issue["key"]))


def test_a_file_reaches_each_site_of_a_triangle_once(chain, stack, database):  # noqa: F811
    (alpha, beta, gamma), (alp, _, gam) = chain
    sites = [alpha, beta, gamma]
    scenarios.connect_and_start(stack.base_url, gamma, gam, alpha, alp, "basic")
    issue = alpha.create_issue("ALP", "Task", "Shared file")
    settle(database, sites, timeout=90)
    alpha.attach_file(issue["key"], "plan.pdf", b"%PDF plan")
    settle(database, sites, timeout=90)
    before = write_counts(sites)
    settle(database, sites, quiet=2.0)

    assert [files_of(site, key) for site, key in ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == \
        [["plan.pdf"]] * 3
    assert write_counts(sites) == before and failed_events(database, sites) == []


def test_a_file_travels_a_chain_once_each_way(chain, database):  # noqa: F811
    (alpha, beta, gamma), _ = chain
    sites = [alpha, beta, gamma]
    issue = alpha.create_issue("ALP", "Task", "Chained file")
    settle(database, sites, timeout=90)
    alpha.attach_file(issue["key"], "a.txt", b"from alpha")
    [end] = gamma.issues("GAM")
    gamma.attach_file(end["key"], "g.txt", b"from gamma")
    settle(database, sites, timeout=90)
    before = write_counts(sites)
    settle(database, sites, quiet=2.0)

    assert [(event.event_type, event.last_error) for event in failed_events(database, sites)] == []
    assert [files_of(site, key) for site, key in ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == \
        [["a.txt", "g.txt"]] * 3
    assert write_counts(sites) == before
