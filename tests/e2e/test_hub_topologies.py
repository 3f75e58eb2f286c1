"""Hub topologies (issue 13, item 10): the loop guard is per connection, told by the X-Atlassian-Webhook-Trace that
Tandem sends on every write and Jira sends back on the webhooks it causes.

With A<->B and B<->C, a change made on A reaches C at once, as A's change (not through reconciliation, not as
"Tandem wrote: A wrote ..."), and nothing comes back; three connections in a triangle do not loop and leave one
copy of each issue and comment on every site.

Checked failing against fdcdec2: nothing reached C (the change Tandem wrote on B was an echo for every
connection of B, not only for A<->B).
"""
from __future__ import annotations

import pytest

from tests.e2e.test_power_customer import text_of
from tests.support import scenarios
from tests.support.settle import failed_events, settle, write_counts


@pytest.fixture
def chain(stack, make_site, database):
    """Sites alpha, beta and gamma, with Basic connections ALP<->BET and BET<->GAM."""
    sites = [make_site(name) for name in ("alpha", "beta", "gamma")]
    scenarios.install(stack.base_url, *sites)
    projects = [site.add_project(key, key.title()) for site, key in zip(sites, ("ALP", "BET", "GAM"))]
    for left, right in ((0, 1), (1, 2)):
        scenarios.connect_and_start(stack.base_url, sites[left], projects[left], sites[right], projects[right], "basic")
    return sites, projects


def summaries(site, key):
    return sorted(issue["fields"]["summary"] for issue in site.issues(key))


def comment_texts(site, key, summary):
    [issue] = [issue for issue in site.issues(key) if issue["fields"]["summary"] == summary]
    return [text_of(comment["body"]) for comment in site.comments(issue["key"])]


def test_a_chain_of_three_sites_converges_with_one_copy_everywhere(chain, database):
    (alpha, beta, gamma), _ = chain
    ann = alpha.add_user("Ann Alpha")
    issue = alpha.create_issue("ALP", "Task", "Made on alpha", user=ann)
    alpha.add_comment(issue["key"], "First words from alpha", user=ann)
    settle(database, [alpha, beta, gamma])
    assert [summaries(site, key) for site, key in ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == \
        [["Made on alpha"]] * 3
    [on_gamma] = comment_texts(gamma, "GAM", "Made on alpha")
    assert "First words from alpha" in on_gamma and "Ann Alpha" in on_gamma and "Tandem" not in on_gamma
    assert len(comment_texts(alpha, "ALP", "Made on alpha")) == len(comment_texts(beta, "BET", "Made on alpha")) == 1

    alpha.update_issue(issue["key"], summary="Renamed on alpha")
    [far] = gamma.issues("GAM")
    gamma.add_comment(far["key"], "Reply from gamma")
    settle(database, [alpha, beta, gamma])
    assert [summaries(site, key) for site, key in ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == \
        [["Renamed on alpha"]] * 3
    assert [len(comment_texts(site, key, "Renamed on alpha")) for site, key in
            ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == [2, 2, 2]

    before = write_counts([alpha, beta, gamma])
    settle(database, [alpha, beta, gamma], quiet=2.0)
    assert write_counts([alpha, beta, gamma]) == before, "nothing comes back"
    assert failed_events(database, [alpha, beta, gamma]) == []


def test_a_triangle_does_not_loop(chain, stack, database):
    (alpha, beta, gamma), (alp, _, gam) = chain
    scenarios.connect_and_start(stack.base_url, gamma, gam, alpha, alp, "basic")
    issue = alpha.create_issue("ALP", "Task", "Round and round")
    alpha.add_comment(issue["key"], "Said once")
    settle(database, [alpha, beta, gamma], timeout=90)
    assert [summaries(site, key) for site, key in ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == \
        [["Round and round"]] * 3
    assert [len(comment_texts(site, key, "Round and round")) for site, key in
            ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == [1, 1, 1]

    alpha.update_issue(issue["key"], summary="Still once")
    settle(database, [alpha, beta, gamma], timeout=90)
    assert [summaries(site, key) for site, key in ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == \
        [["Still once"]] * 3
    before = write_counts([alpha, beta, gamma])
    settle(database, [alpha, beta, gamma], quiet=2.0)
    assert write_counts([alpha, beta, gamma]) == before
