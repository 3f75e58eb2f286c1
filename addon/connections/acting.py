"""Who acts: a user of one site, administering one project, checked with Jira and remembered briefly."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from addon.connections.errors import Forbidden, NotFound
from addon.connections.sites import load_tenant, read_project, require_active
from addon.connectors.jira import JiraError
from addon.db.tenant import Tenant

ADMIN_CHECK_SECONDS = 60.0
# Beyond this many remembered answers, expired ones are dropped before adding another.
MAX_REMEMBERED = 10_000


@dataclass(frozen=True)
class Actor:
    """A project administrator; every settings operation is done for their (site, project) side."""

    tenant_id: int
    account_id: str
    project_id: str


class AdminChecks:
    """Asks Jira whether a user administers a project.

    Only a yes is remembered: someone just made admin need not wait, while a revoked admin keeps
    access for at most ``ttl`` seconds. One instance per process, shared by its threads.
    """

    def __init__(self, runtime, ttl: float = ADMIN_CHECK_SECONDS, clock=time.monotonic):
        self._runtime = runtime
        self._ttl = ttl
        self._clock = clock
        self._granted: dict[tuple[int, str, str], float] = {}
        self._lock = threading.Lock()

    def administers(self, tenant: Tenant, account_id: str, project_id: str) -> bool:
        key = (tenant.id, account_id, str(project_id))
        with self._lock:
            if self._granted.get(key, 0.0) > self._clock():
                return True
        if not self._runtime.jira(tenant).administers_project(account_id, project_id):
            return False
        with self._lock:
            self._forget_expired_when_full()
            self._granted[key] = self._clock() + self._ttl
        return True

    def _forget_expired_when_full(self) -> None:
        if len(self._granted) < MAX_REMEMBERED:
            return
        now = self._clock()
        self._granted = {key: until for key, until in self._granted.items() if until > now}


def authorize(runtime, checks: AdminChecks, tenant_id: int, account_id: str | None, project_id: str,
              project_key: str | None = None) -> Actor:
    """The actor, if ``account_id`` administers the project (``project_key``, when known, names it)."""
    if not account_id:
        raise Forbidden("the token names no user; open Tandem from the project's settings")
    with runtime.db.session() as session:
        tenant = require_active(load_tenant(session, tenant_id))
    try:
        granted = checks.administers(tenant, account_id, project_id)
    except JiraError as error:
        if error.verdict.status in (400, 404):
            raise NotFound(f"project {project_key or project_id} does not exist on {tenant.base_url}") from error
        raise
    if not granted:
        label = project_key or _key_of(runtime, tenant, project_id)
        raise Forbidden(f"only administrators of project {label} can manage its synchronizations")
    return Actor(tenant_id, account_id, str(project_id))


def _key_of(runtime, tenant: Tenant, project_id: str) -> str:
    """A refusal names the project as people know it, by key, when the request only gave its id
    (and a project that does not exist is told as such: 404)."""
    return read_project(runtime, tenant, project_id).key
