"""The long-lived objects one process shares: web requests and queue jobs alike."""
from __future__ import annotations

from dataclasses import dataclass, field

from huey.api import Huey

from addon.config import Settings
from addon.connect.install_keys import InstallKeys
from addon.connect.secrets import SecretBox
from addon.connectors.jira import ConnectJwtAuth, ForgeBearerAuth, JiraClient
from addon.connectors.jira.api import JiraApi
from addon.connectors.jsm import ServiceDeskApi
from addon.db import Database
from addon.db.base import utcnow
from addon.db.tenant import Tenant
from addon.forge.app_tokens import usable
from addon.forge.jwks import ForgeKeys
from addon.jobs.project_reach import ProjectReach
from addon.jobs.queue import build_huey


@dataclass
class Runtime:
    settings: Settings
    db: Database
    secrets: SecretBox
    install_keys: InstallKeys
    huey: Huey
    forge_keys: ForgeKeys
    tasks: object = field(default=None)
    project_reach: ProjectReach = field(default_factory=ProjectReach)

    def client_for(self, tenant: Tenant) -> JiraClient:
        """Through the Forge door when the site installed the Forge app (its Connect credentials are then left
        unused), else through Connect's."""
        if tenant.forge_door_open:
            return JiraClient(tenant.forge_api_base_url, ForgeBearerAuth(self._forge_token(tenant),
                                                                         tenant.forge_api_base_url))
        if tenant.shared_secret_encrypted is None:
            raise RuntimeError(f"site {tenant.base_url} has uninstalled Tandem")
        secret = self.secrets.open(tenant.shared_secret_encrypted)
        return JiraClient(tenant.base_url, ConnectJwtAuth(self.settings.app_key, secret, tenant.base_url))

    def _forge_token(self, tenant: Tenant) -> str | None:
        if tenant.forge_app_token_encrypted is None or not usable(tenant.forge_app_token_expires_at, utcnow()):
            return None
        return self.secrets.open(tenant.forge_app_token_encrypted)

    def jira(self, tenant: Tenant, trace: str | None = None) -> JiraApi:
        """``trace``: sent as X-Atlassian-Webhook-Trace on every write (addon.sync.loop_guard)."""
        return JiraApi(self.client_for(tenant), trace)

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
        forge_keys=ForgeKeys(settings.forge_jwks_url, settings.install_keys_timeout),
    )
    runtime.tasks = register_tasks(runtime)
    return runtime
