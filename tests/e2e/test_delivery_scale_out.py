"""Scale-out on PostgreSQL and Redis, and a database outage that Jira's retries ride out."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from addon.db.inbox import InboxEvent
from tests.e2e.conftest import Stack
from tests.e2e.test_delivery_outage import assert_no_duplicates
from tests.e2e.test_power_customer import text_of
from tests.support import scenarios
from tests.support.databases import redis_url
from tests.support.processes import AppProcess, WorkerProcess, base_env, free_port
from tests.support.settle import settle
from tests.support.tcp_proxy import TcpProxy

ISSUES = 100
EDITS = 7
COMMENTS = 2  # 100 creates + 700 edits + 200 comments = 1,000 changes


def scaled_stack(database, install_keys, tmp_path, webs: int, workers: int) -> tuple[Stack, TcpProxy]:
    env = dict(base_env(database.url, tmp_path, install_keys.url), TANDEM_QUEUE_URL=redis_url())
    ports = [free_port() for _ in range(webs)]
    balancer = TcpProxy([("127.0.0.1", port) for port in ports])
    public = f"http://127.0.0.1:{balancer.port}"
    apps = [AppProcess(env=env, port=port, public_url=public, log_path=tmp_path / f"app{n}.log").start(web_workers=1)
            for n, port in enumerate(ports)]
    worker_env = dict(env, TANDEM_BASE_URL=public)
    started = [WorkerProcess(env=worker_env, log_path=tmp_path / f"worker{n}.log").start() for n in range(workers)]
    return Stack(apps, started, worker_env), balancer


def test_two_web_processes_and_three_workers_keep_order_without_duplicates(postgres_database, install_keys,
                                                                           make_site, tmp_path):
    stack, balancer = scaled_stack(postgres_database, install_keys, tmp_path, webs=2, workers=3)
    try:
        left, right = scenarios.basic_pair(stack.base_url, make_site)

        issues = [left.create_issue("LFT", "Task", f"S{n} v0") for n in range(ISSUES)]
        for version in range(1, EDITS + 1):
            for number, issue in enumerate(issues):
                left.update_issue(issue["key"], summary=f"S{number} v{version}")
        for index in range(1, COMMENTS + 1):
            for issue in issues:
                left.add_comment(issue["key"], f"note {index}")
        settle(postgres_database, [left, right], timeout=300)

        twins = {issue["fields"]["summary"]: issue for issue in right.issues("RGT")}
        assert sorted(twins) == sorted(f"S{n} v{EDITS}" for n in range(ISSUES))
        for twin in twins.values():
            texts = [text_of(c["body"]) for c in right.comments(twin["key"])]
            assert ["note 1" in texts[0], "note 2" in texts[1]] == [True, True] and len(texts) == 2, texts
        assert_no_duplicates(right, "RGT")
        served = [len((tmp_path / f"app{n}.log").read_text()) for n in range(2)]
        assert all(served), "both web processes served"
    finally:
        stack.stop()
        balancer.close()


def test_webhooks_refused_with_503_while_the_database_is_away_are_retried_and_stored_once(
        postgres_database, install_keys, make_site, tmp_path):
    host, port = postgres_database.engine.url.host, postgres_database.engine.url.port or 5432
    database_proxy = TcpProxy([(host, port)])
    proxied_url = postgres_database.engine.url.set(port=database_proxy.port).render_as_string(hide_password=False)
    env = base_env(proxied_url.replace("+psycopg", ""), tmp_path, install_keys.url)
    app = AppProcess(env=env, port=free_port(), log_path=tmp_path / "app.log").start()
    try:
        site = make_site("flaky")
        assert site.install(app.base_url + "/atlassian-connect.json").status_code == 204
        site.add_project("FLK", "Flaky")
        site.webhooks.attempts, site.webhooks.retry_delay = 10, 0.3
        database_proxy.set_down(True)
        threading.Timer(1.0, database_proxy.set_down, args=(False,)).start()
        site.create_issue("FLK", "Task", "Survives the outage")
        deliveries = [d for d in site.deliveries if d["event"] == "jira:issue_created"]
        statuses = [d["status"] for d in deliveries]
        assert statuses[0] == 503 and statuses[-1] == 202, statuses
        assert len({d["identifier"] for d in deliveries}) == 1
        with postgres_database.session() as session:
            stored = session.scalar(select(func.count()).where(
                InboxEvent.webhook_identifier == deliveries[0]["identifier"]))
        assert stored == 1
    finally:
        app.stop()
        database_proxy.close()
