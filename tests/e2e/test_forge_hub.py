"""The loop guard per connection through the Forge door: with ALP<->BET and BET<->GAM on three sites that
installed the Forge app, what Tandem writes on beta for ALP<->BET comes back from Forge as selfGenerated with the
write's webhookTraceValue: an echo for ALP<->BET only, a change to carry for BET<->GAM."""
from __future__ import annotations

import pytest

from tests.e2e.test_hub_topologies import comment_texts, summaries
from tests.support import forge_scenarios


@pytest.fixture
def forge_chain(forge_stack, forge, make_site, database):
    sites = [make_site(name) for name in ("alpha", "beta", "gamma")]
    forge_scenarios.install_forge(forge, forge_stack.base_url, *sites)
    projects = [site.add_project(key, key.title()) for site, key in zip(sites, ("ALP", "BET", "GAM"))]
    for left, right in ((0, 1), (1, 2)):
        forge_scenarios.connect_and_start(forge_stack.base_url, forge, sites[left], projects[left], sites[right],
                                          projects[right], "basic")
    yield sites
    forge_scenarios.finish(database, forge, sites)


def test_a_change_on_alpha_reaches_gamma_through_forge_once_and_nothing_comes_back(forge_chain, forge, database):
    alpha, beta, gamma = forge_chain
    ann = alpha.add_user("Ann Alpha")
    issue = alpha.create_issue("ALP", "Task", "Made on alpha", user=ann)
    alpha.add_comment(issue["key"], "First words from alpha", user=ann)
    forge_scenarios.settle_forge(database, forge, forge_chain)
    assert [summaries(site, key) for site, key in ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == \
        [["Made on alpha"]] * 3
    [on_gamma] = comment_texts(gamma, "GAM", "Made on alpha")
    assert "First words from alpha" in on_gamma and "Ann Alpha" in on_gamma
    assert len(comment_texts(alpha, "ALP", "Made on alpha")) == len(comment_texts(beta, "BET", "Made on alpha")) == 1

    alpha.update_issue(issue["key"], summary="Renamed on alpha")
    forge_scenarios.settle_forge(database, forge, forge_chain)
    assert [summaries(site, key) for site, key in ((alpha, "ALP"), (beta, "BET"), (gamma, "GAM"))] == \
        [["Renamed on alpha"]] * 3
