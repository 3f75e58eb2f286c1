"""The long-lived objects one process shares: web requests and queue jobs alike."""
from __future__ import annotations

from dataclasses import dataclass, field

from huey.api import Huey

from addon.config import Settings
from addon.connect.install_keys import InstallKeys
from addon.connect.secrets import SecretBox
from addon.connectors.jira import ConnectJwtAuth, JiraClient
from addon.connectors.jira.api import JiraApi
from addon.connectors.jsm import ServiceDeskApi
from addon.db import Database
from addon.db.tenant import Tenant
from addon.jobs.project_reach import ProjectReach
from addon.jobs.queue import build_huey


@dataclass
class Runtime:
    settings: Settings
    db: Database
    secrets: SecretBox
    install_keys: InstallKeys
    huey: Huey
    tasks: object = field(default=None)
    project_reach: ProjectReach = field(default_factory=ProjectReach)

    def client_for(self, tenant: Tenant) -> JiraClient:
        if tenant.shared_secret_encrypted is None:
            raise RuntimeError(f"site {tenant.base_url} has uninstalled Tandem")
        secret = self.secrets.open(tenant.shared_secret_encrypted)
        return JiraClient(tenant.base_url, ConnectJwtAuth(self.settings.app_key, secret, tenant.base_url))

    def jira(self, tenant: Tenant) -> JiraApi:
        return JiraApi(self.client_for(tenant))

    def service_desk(self, tenant: Tenant) -> ServiceDeskApi:
        return ServiceDeskApi(self.client_for(tenant))


def build_runtime(settings: Settings, pre_ping: bool = True) -> Runtime:
    """``pre_ping``: see ``addon.db.make_engine``."""
    from addon.jobs.tasks import register_tasks

    runtime = Runtime(
        settings=settings,
        db=Database(settings.database_url, pre_ping),
        secrets=SecretBox(settings.secret_key),
        install_keys=InstallKeys(settings.install_keys_url, settings.install_keys_timeout),
        huey=build_huey(settings),
    )
    runtime.tasks = register_tasks(runtime)
    return runtime
