"""Fault injection: slow, failing, rate-limited or unreachable REST; lost and repeated webhooks."""
import time

from . import SimSite
from .app_client import AppClient

ISSUE = "/rest/api/3/issue"
NEW_TASK = {"fields": {"project": {"key": "ALPHA"}, "issuetype": {"name": "Task"}, "summary": "Retry me"}}


def test_forced_answers_hit_the_next_matching_calls_only(installed_site, as_app):
    installed_site.faults.force(429, times=2, method="POST", path=r"^/rest/api/3/issue$", headers={"Retry-After": "2"})

    reads = as_app.get("/rest/api/3/myself")
    limited = [as_app.post(ISSUE, json=NEW_TASK) for _ in range(2)]
    created = as_app.post(ISSUE, json=NEW_TASK)

    assert reads.status_code == 200
    assert [(r.status_code, r.headers.get("Retry-After")) for r in limited] == [(429, "2"), (429, "2")]
    assert created.status_code == 201 and len(installed_site.issues("ALPHA")) == 1
    assert [(r.status, r.injected) for r in installed_site.writes()] == [(429, True), (429, True), (201, False)]


def test_a_lost_answer_still_takes_effect(installed_site, as_app, app):
    installed_site.faults.force(503, method="POST", path="/issue$", take_effect=True)

    response = as_app.post(ISSUE, json=NEW_TASK)

    assert response.status_code == 503
    assert [issue["fields"]["summary"] for issue in installed_site.issues("ALPHA")] == ["Retry me"]
    installed_site.wait_for_webhooks()
    assert [call.body["webhookEvent"] for call in app.calls_to("/webhooks/jira")] == ["jira:issue_created"]


def test_random_errors_are_the_same_under_the_same_seed(keys, app):
    def statuses(site):
        client = AppClient(site)
        return [client.get("/rest/api/3/serverInfo").status_code for _ in range(12)]

    with SimSite(keys, name="seeded", fault_seed=7) as site:
        site.install(app.descriptor_url)
        site.faults.error_rate = 0.5
        first = statuses(site)
        site.faults.reseed(7)
        again = statuses(site)
        site.faults.reseed(8)
        other = statuses(site)

    assert first == again and set(first) == {200, 500}
    assert other != first


def test_downtime_answers_503_while_webhooks_keep_flowing(installed_site, as_app, app):
    installed_site.faults.down = True

    down = as_app.get("/rest/api/3/myself")
    installed_site.create_issue("ALPHA", "Task", "Created while REST is down")
    installed_site.faults.down = False
    up = as_app.get("/rest/api/3/myself")

    assert (down.status_code, up.status_code) == (503, 200)
    assert [call.body["webhookEvent"] for call in app.calls_to("/webhooks/jira")] == ["jira:issue_created"]


def test_latency_slows_every_call(installed_site, as_app):
    installed_site.faults.latency = 0.2

    started = time.monotonic()
    as_app.get("/rest/api/3/serverInfo")

    assert time.monotonic() - started >= 0.2


def test_a_slowed_call_is_carried_out_only_after_its_delay(installed_site, as_app):
    installed_site.faults.slow_down(0.5, method="POST", path="/issue$")

    started = time.monotonic()
    as_app.post(ISSUE, json=NEW_TASK)
    slowed = time.monotonic() - started
    started = time.monotonic()
    as_app.post(ISSUE, json=NEW_TASK)

    assert slowed >= 0.5 and time.monotonic() - started < 0.5, "only the next matching call"
    assert len(installed_site.issues("ALPHA")) == 2


def test_a_dropped_webhook_is_never_sent_until_redelivered(installed_site, app):
    installed_site.faults.drop_webhooks(1)

    installed_site.create_issue("ALPHA", "Task", "Lost")
    lost = list(app.calls_to("/webhooks/jira"))
    installed_site.create_issue("ALPHA", "Task", "Found")
    [dropped] = installed_site.webhooks.dropped
    installed_site.redeliver(dropped["identifier"])

    assert lost == []
    late = app.calls_to("/webhooks/jira")[-1]
    assert dropped["event"] == "jira:issue_created"
    assert late.headers["X-Atlassian-Webhook-Identifier"] == dropped["identifier"]
    assert late.body["issue"]["fields"]["summary"] == "Lost"


def test_a_delivered_webhook_can_come_twice_with_one_identifier(installed_site, app):
    installed_site.faults.duplicate_webhooks(1)

    installed_site.create_issue("ALPHA", "Task", "Twice")
    installed_site.create_issue("ALPHA", "Task", "Once")

    twice = [call for call in app.calls_to("/webhooks/jira") if call.body["issue"]["fields"]["summary"] == "Twice"]
    assert len(twice) == 2 and len(app.calls_to("/webhooks/jira")) == 3
    assert twice[0].headers["X-Atlassian-Webhook-Identifier"] == twice[1].headers["X-Atlassian-Webhook-Identifier"]


def test_reset_turns_every_fault_off(installed_site, as_app):
    faults = installed_site.faults
    faults.down, faults.error_rate, faults.latency = True, 1.0, 0.1
    faults.force(500, times=5)
    faults.drop_webhooks(3)

    faults.reset()

    assert as_app.get("/rest/api/3/myself").status_code == 200
    assert not faults.should_drop_webhook()
