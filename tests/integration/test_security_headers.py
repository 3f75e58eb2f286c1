"""Atlassian's security requirements for cloud apps, as its scanner (connect-security-req-tester) checks them, on
the descriptor, both iframe pages and the settings API: HSTS for a year when served over HTTPS (directly, behind a
proxy that says so, or under an https base URL), no caching, no Referer, no sniffing, and framing by the tenant's
site and Atlassian's domains only."""
from __future__ import annotations

import re

import pytest
import requests

from tests.support.processes import AppProcess, base_env, free_port

ONE_YEAR = 365 * 24 * 3600
ATLASSIAN_DOMAINS = {"https://*.atlassian.net", "https://*.atlassian.com", "https://*.jira.com"}
BEHIND_AN_HTTPS_PROXY = {"X-Forwarded-Proto": "https"}


def _page(site, path: str) -> str:
    return f"{path}&jwt={site.page_jwt('GET', path)}"


@pytest.fixture
def urls(installed_site):
    """What Jira and the iframes ask of the app, with the headers they sign it with."""
    project = installed_site.add_project("SEC", "Secure")
    issue = installed_site.create_issue("SEC", "Task", "Glanced at")
    context = installed_site.context_jwt(installed_site.admin.account_id,
                                         jira={"project": {"id": str(project["id"]), "key": "SEC"}})
    return {
        "descriptor": ("/atlassian-connect.json", {}),
        "project settings page": (_page(installed_site, f"/pages/project-settings?project.id={project['id']}"
                                                        f"&project.key=SEC"), {}),
        "issue glance page": (_page(installed_site, f"/pages/issue-glance?issue.id={issue['id']}"
                                                    f"&issue.key={issue['key']}&project.id={project['id']}"), {}),
        "settings API": ("/api/site", {"Authorization": f"JWT {context}"}),
        "settings API refusing": ("/api/site", {}),
    }


def _max_age(hsts: str) -> int:
    found = re.search(r"max-age=(\d+)", hsts)
    return int(found.group(1)) if found else 0


def test_every_answer_is_uncached_unreferred_unsniffed_and_hsts_only_over_https(live_app, urls):
    for name, (path, headers) in urls.items():
        plain = requests.get(live_app.base_url + path, headers=headers, timeout=30)
        assert plain.status_code == (401 if name.endswith("refusing") else 200), (name, plain.text[:300])
        assert plain.headers["X-Content-Type-Options"] == "nosniff", name
        assert plain.headers["Referrer-Policy"] == "no-referrer", name
        assert set(plain.headers["Cache-Control"].replace(" ", "").split(",")) >= {"no-cache", "no-store"}, name
        assert "Strict-Transport-Security" not in plain.headers, name  # plain HTTP: the header means nothing
        proxied = requests.get(live_app.base_url + path, headers={**headers, **BEHIND_AN_HTTPS_PROXY}, timeout=30)
        assert proxied.status_code == plain.status_code, name
        assert _max_age(proxied.headers["Strict-Transport-Security"]) >= ONE_YEAR, name


def test_only_the_iframe_pages_may_be_framed_and_only_by_the_site_and_atlassian(live_app, urls, installed_site):
    for name, (path, headers) in urls.items():
        policy = requests.get(live_app.base_url + path, headers=headers, timeout=30).headers["Content-Security-Policy"]
        ancestors = re.search(r"frame-ancestors ([^;]+)", policy).group(1).split()
        if name.endswith("page"):
            assert set(ancestors) == {installed_site.base_url} | ATLASSIAN_DOMAINS, (name, policy)
        else:
            assert ancestors == ["'none'"], (name, policy)


def test_a_refused_page_may_still_be_framed_by_atlassian_to_show_why(live_app):
    refused = requests.get(live_app.base_url + "/pages/project-settings?project.id=1", timeout=30)
    assert refused.status_code == 401
    ancestors = re.search(r"frame-ancestors ([^;]+)", refused.headers["Content-Security-Policy"]).group(1).split()
    assert set(ancestors) == ATLASSIAN_DOMAINS


def test_an_https_base_url_gets_hsts_whatever_the_last_hop(database, install_keys, tmp_path):
    app = AppProcess(env=base_env(database.url, tmp_path, install_keys.url), port=free_port(),
                     log_path=tmp_path / "app.log", public_url="https://tandem.example.com").start(web_workers=1)
    try:
        answer = requests.get(app.local_url + "/atlassian-connect.json", timeout=30)
    finally:
        app.stop()
    assert _max_age(answer.headers["Strict-Transport-Security"]) >= ONE_YEAR
