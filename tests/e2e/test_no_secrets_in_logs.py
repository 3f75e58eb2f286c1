"""After a full run (installs, iframe pages loaded with Jira's ``?jwt=``, their assets fetched with the page as
Referer, the settings API, synced issues and comments both ways, refused and malformed tokens, an uninstall),
no log of any process holds a JWT, a site's shared secret or the Fernet key that seals them. The same through
the Forge door, whose invocation tokens and app tokens are JWTs too."""
from __future__ import annotations

import re

import requests

from tests.support import forge_scenarios, scenarios
from tests.support.processes import SESSION_SECRET_KEY
from tests.support.settings_client import Admin
from tests.support.settle import settle

JWT_SHAPE = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


def test_no_log_holds_a_token_or_a_secret(stack, make_site, database):
    left, right = scenarios.basic_pair(stack.base_url, make_site)
    secrets = {left.shared_secret, right.shared_secret, SESSION_SECRET_KEY}
    issue = left.create_issue("LFT", "Task", "Carried across", description="With a description")
    left.add_comment(issue["key"], "A comment that crosses")
    settle(database, (left, right))
    twin = right.issues("RGT")[0]
    right.add_comment(twin["key"], "And one that comes back")
    settle(database, (left, right))
    _browse_like_jira(stack.base_url, left, issue)
    _knock_with_bad_tokens(stack.base_url)
    assert left.uninstall().status_code == 204
    settle(database, (left, right))
    assert _lines_with_secrets(stack, secrets) == []
    access_lines = stack.app.access_log_path.read_text()
    assert "jwt=[redacted]" in access_lines  # the page loads were logged, their tokens not


def test_no_log_holds_a_forge_token(forge_stack, forge, make_site, database):
    customer, support = make_site("customer"), make_site("support")
    installations = forge_scenarios.install_forge(forge, forge_stack.base_url, customer, support)
    cus = customer.add_project("CUS", "Customer", type="software")
    sup = support.add_project("SUP", "First level", type="service_desk")
    forge_scenarios.connect_and_start(forge_stack.base_url, forge, customer, cus, support, sup, "power_customer")
    issue = customer.create_issue("CUS", "Task", "Through Forge", description="Carried by the Forge door")
    customer.add_comment(issue["key"], "A comment through Forge")
    forge_scenarios.settle_forge(database, forge, [customer, support])
    assert len(support.issues("SUP")) == 1
    expired = installations[0].fit("tandem-hostile", "core:trigger", exp=1)
    refused = requests.post(forge_stack.base_url + "/forge/scheduled", json={}, timeout=30,
                            headers={"Authorization": f"Bearer {expired}"})
    assert refused.status_code == 401  # a refusal is logged, with its reason, not its token
    for site in (customer, support):
        forge.uninstall(site)
    system_tokens = {installation.system_token for installation in installations}
    assert _lines_with_secrets(forge_stack, system_tokens | {SESSION_SECRET_KEY}) == []


def _lines_with_secrets(stack, secrets: set[str]) -> list[str]:
    """Every line of every log of the stack's processes (stopped first, so all is written) with a JWT or a secret."""
    for process in (*stack.apps, *stack.workers):
        process.stop()
    logs = sorted(stack.app.log_path.parent.glob("*.log"))
    assert any(path.name.endswith(".access.log") for path in logs) and any("worker" in path.name for path in logs)
    found = []
    for path in logs:
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if JWT_SHAPE.search(line) or any(secret in line for secret in secrets):
                found.append(f"{path.name}:{number}: {line[:300]}")
    return found


def _browse_like_jira(app_url: str, site, issue: dict) -> None:
    project_id = issue["fields"]["project"]["id"]
    for path in (f"/pages/project-settings?project.id={project_id}&project.key=LFT",
                 f"/pages/issue-glance?issue.id={issue['id']}&issue.key={issue['key']}&project.id={project_id}"):
        page_url = f"{app_url}{path}&jwt={site.page_jwt('GET', path)}"
        page = requests.get(page_url, timeout=30)
        assert page.status_code == 200, page.text[:300]
        for asset in re.findall(r'(?:src|href)="([^"]+/static/app/[^"]+)"', page.text):
            # A browser that ignored the Referrer-Policy would send the page's URL, token and all.
            assert requests.get(asset, headers={"Referer": page_url}, timeout=30).status_code == 200
    context = site.context_jwt(site.admin.account_id, jira={"project": {"id": str(project_id), "key": "LFT"}})
    admin = Admin(app_url, site, site.admin.account_id, {"id": project_id, "key": "LFT"})
    assert admin.call("GET", "/api/connections").status_code == 200
    assert requests.get(f"{app_url}/api/site", headers={"Authorization": f"JWT {context}"}, timeout=30).ok


def _knock_with_bad_tokens(app_url: str) -> None:
    forged = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJub2JvZHkifQ.c2lnbmF0dXJl"
    for headers, query in (({"Authorization": f"JWT {forged}"}, ""), ({}, f"?jwt={forged}"),
                           ({"Authorization": "JWT abc.def.ghi"}, "")):
        assert requests.get(f"{app_url}/api/site{query}", headers=headers, timeout=30).status_code == 401
        assert requests.get(f"{app_url}/pages/project-settings{query}", headers=headers, timeout=30).status_code == 401
