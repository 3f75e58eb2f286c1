"""Failure, retry, skip and order per route (issue 13, item 7): one connection's failure never holds another's.

Issue X of project ALP on alpha is connected to BET on beta (connection 1) and to GAM on gamma (connection 2).
When gamma refuses a change of X, beta keeps receiving every later change of X, in order; the failure is listed in
connection 2's errors only; Retry there, once gamma is fixed, brings gamma what waited, in order, and writes
nothing more to beta; Skip there drops the change for gamma alone; and while gamma is busy (429, Retry-After),
beta does not wait for gamma's retry.

All three checked failing against ea555a2: the failure on connection 2 held X for both connections (beta received
nothing more until Retry or Skip), and a busy gamma held beta for gamma's whole Retry-After.
"""
from __future__ import annotations

import pytest

from tests.e2e.test_power_customer import text_of
from tests.support import scenarios
from tests.support.polling import eventually
from tests.support.settle import forget_unfinished, settle

REFUSED = {"errorMessages": [], "errors": {"summary": "Summary must be approved by the release manager."}}


class Hub:
    def __init__(self, sites, admin, to_beta: int, to_gamma: int):
        self.alpha, self.beta, self.gamma = sites
        self.sites = sites
        self._admin, self.to_beta, self.to_gamma = admin, to_beta, to_gamma

    def errors(self, connection_id: int) -> list[dict]:
        return self._admin.call("GET", f"/api/connections/{connection_id}/errors", expect=200).json()["errors"]

    def act(self, connection_id: int, event_id: int, verb: str) -> dict:
        return self._admin.call("POST", f"/api/connections/{connection_id}/errors/{event_id}/{verb}",
                                expect=200).json()

    def connection(self, connection_id: int) -> dict:
        return self._admin.call("GET", f"/api/connections/{connection_id}", expect=200).json()

    def twin(self, site, key: str) -> dict:
        [issue] = site.issues(key)
        return issue

    def said(self, site, key: str, *expected: str) -> bool:
        """Whether the comments of the project's one issue are ``expected``, in that order (a copy starts with
        who wrote the original)."""
        texts = [text_of(comment["body"]) for comment in site.comments(self.twin(site, key)["key"])]
        return len(texts) == len(expected) and all(text.endswith(said) for text, said in zip(texts, expected))


@pytest.fixture
def hub(stack, make_site, database):
    sites = [make_site(name) for name in ("alpha", "beta", "gamma")]
    scenarios.install(stack.base_url, *sites)
    alp, bet, gam = [site.add_project(key, key.title()) for site, key in zip(sites, ("ALP", "BET", "GAM"))]
    admin, _, to_beta = scenarios.connect_and_start(stack.base_url, sites[0], alp, sites[1], bet, "basic")
    _, _, to_gamma = scenarios.connect_and_start(stack.base_url, sites[0], alp, sites[2], gam, "basic")
    yield Hub(sites, admin, to_beta, to_gamma)
    forget_unfinished(database, sites)


def test_a_failing_route_holds_only_itself_and_retry_brings_what_waited_in_order(hub, database):
    issue = hub.alpha.create_issue("ALP", "Task", "Shared with two sites")
    settle(database, hub.sites)
    on_beta, on_gamma = hub.twin(hub.beta, "BET"), hub.twin(hub.gamma, "GAM")
    hub.gamma.faults.force(400, times=1, method="PUT", path=r"/rest/api/3/issue/", body=REFUSED)

    hub.alpha.update_issue(issue["key"], summary="First change")
    assert eventually(lambda: len(hub.errors(hub.to_gamma)) == 1, timeout=30, interval=0.2)
    # Each change reaches beta before the next is made: beta receives every one of them, in order.
    for summary in ("Second change", "Third change"):
        hub.alpha.update_issue(issue["key"], summary=summary)
        assert eventually(lambda: hub.beta.issue(on_beta["key"])["fields"]["summary"] == summary, timeout=30)
    hub.alpha.add_comment(issue["key"], "Said while gamma refused")
    assert eventually(lambda: hub.said(hub.beta, "BET", "Said while gamma refused"), timeout=30)
    settle(database, hub.sites)
    put_on_beta = [request.body["fields"]["summary"] for request in hub.beta.writes()
                   if request.method == "PUT" and request.path.endswith(on_beta["id"])]
    assert put_on_beta == ["First change", "Second change", "Third change"]

    assert hub.errors(hub.to_beta) == []
    [error] = hub.errors(hub.to_gamma)
    assert error["issue"]["key"] == issue["key"] and error["direction"] == "a->b"
    assert error["message"].startswith("400 Bad Request") and "release manager" in error["message"]
    assert error["waiting"] == 3, "the second and third change and the comment wait behind it, for gamma only"
    assert (hub.connection(hub.to_gamma)["openErrors"], hub.connection(hub.to_beta)["openErrors"]) == (1, 0)
    assert hub.gamma.issue(on_gamma["key"])["fields"]["summary"] == "Shared with two sites"
    assert hub.said(hub.gamma, "GAM")

    beta_writes = len(hub.beta.writes())
    hub.act(hub.to_gamma, error["eventId"], "retry")
    settle(database, hub.sites)
    assert hub.gamma.issue(on_gamma["key"])["fields"]["summary"] == "Third change"
    assert hub.said(hub.gamma, "GAM", "Said while gamma refused")
    put_on_gamma = [request.body["fields"]["summary"] for request in hub.gamma.writes()
                    if request.method == "PUT" and request.path.endswith(on_gamma["id"]) and not request.injected]
    assert put_on_gamma[-1] == "Third change" and "Shared with two sites" not in put_on_gamma
    assert len(hub.beta.writes()) == beta_writes, "the retry on gamma's connection writes nothing to beta"
    assert hub.said(hub.beta, "BET", "Said while gamma refused")
    assert hub.errors(hub.to_gamma) == []


def test_skip_drops_a_change_for_its_route_alone(hub, database):
    issue = hub.alpha.create_issue("ALP", "Task", "Commented on two sites")
    settle(database, hub.sites)
    hub.gamma.faults.force(400, times=1, method="POST", path=r"/rest/api/3/issue/[^/]+/comment$",
                           body={"errorMessages": ["Comment body is too large."], "errors": {}})
    hub.alpha.add_comment(issue["key"], "Dropped for gamma")
    assert eventually(lambda: len(hub.errors(hub.to_gamma)) == 1, timeout=30, interval=0.2)
    [error] = hub.errors(hub.to_gamma)
    assert error["attempted"].startswith("add comment to GAM-")
    hub.alpha.add_comment(issue["key"], "Said after the failure")
    assert eventually(lambda: hub.said(hub.beta, "BET", "Dropped for gamma", "Said after the failure"),
                      timeout=30)
    assert hub.said(hub.gamma, "GAM")

    beta_writes = len(hub.beta.writes())
    skipped = hub.act(hub.to_gamma, error["eventId"], "skip")
    assert skipped["status"] == "skipped"
    settle(database, hub.sites)
    assert hub.said(hub.gamma, "GAM", "Said after the failure")
    assert hub.said(hub.beta, "BET", "Dropped for gamma", "Said after the failure")
    assert len(hub.beta.writes()) == beta_writes, "the skip on gamma's connection changes nothing on beta"
    assert hub.errors(hub.to_gamma) == [] and hub.errors(hub.to_beta) == []


def test_a_route_waiting_for_a_busy_site_holds_no_other_route(hub, database):
    issue = hub.alpha.create_issue("ALP", "Task", "One site busy")
    settle(database, hub.sites)
    on_beta, on_gamma = hub.twin(hub.beta, "BET"), hub.twin(hub.gamma, "GAM")
    hub.gamma.faults.force(429, times=1000, method="PUT", path=r"/rest/api/3/issue/", headers={"Retry-After": "8"})
    for summary in ("While gamma is busy", "Still busy"):
        hub.alpha.update_issue(issue["key"], summary=summary)
        # Well before gamma's Retry-After has passed.
        assert eventually(lambda: hub.beta.issue(on_beta["key"])["fields"]["summary"] == summary, timeout=5)
    assert eventually(lambda: [error["status"] for error in hub.errors(hub.to_gamma)] == ["retrying"], timeout=10)
    assert hub.errors(hub.to_beta) == []

    beta_writes = len(hub.beta.writes())
    hub.gamma.faults.reset()
    settle(database, hub.sites)
    assert hub.gamma.issue(on_gamma["key"])["fields"]["summary"] == "Still busy"
    assert len(hub.beta.writes()) == beta_writes
    assert hub.errors(hub.to_gamma) == []
