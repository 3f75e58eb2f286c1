"""The Forge platform as a remote sees it: installs an app whose backend is the remote, calls it, serves its API.

:class:`ForgePlatform` is one Forge (JWKS, API gateway, app tokens, delivery); :class:`ForgeInstallation` is the
app installed in one simulated site (jirasim ``SimSite``): it sends that site's changes to the remote as product
events, the lifecycle and scheduled triggers, and the UI's ``invokeRemote`` calls, each with a FIT.
"""
from __future__ import annotations

import threading
import uuid

import requests

from tests.jirasim.outbox import WebhookOutbox
from tests.jirasim.serving import BackgroundServer

from .delivery import Delivery
from .events import forge_event
from .gateway import PlatformApp, SiteGateway, current_request_marks
from .keys import SigningKeys
from .tokens import SYSTEM_TOKEN_LIFETIME_SECONDS, AppTokens, fit_claims

# The remote's routes, as docs/forge.md names them and the manifest's endpoints route to.
EVENTS_ROUTE, LIFECYCLE_ROUTE, UNINSTALL_ROUTE, SCHEDULED_ROUTE = (
    "/forge/events", "/forge/lifecycle", "/forge/uninstall", "/forge/scheduled")
SYSTEM_TOKEN_HEADER = "x-forge-oauth-system"
APP_NAME = "Tandem"


class ForgePlatform:
    def __init__(self, retry_delay: float = 0.05):
        self.keys = SigningKeys()
        self.app_tokens = AppTokens()
        self.app_id = f"ari:cloud:ecosystem::app/{uuid.uuid4()}"
        self.delivery = Delivery(retry_delay)
        self.jwks_hits = 0
        self._installations: dict[str, ForgeInstallation] = {}  # by cloudId
        self._gateways: dict[str, SiteGateway] = {}
        self._lock = threading.Lock()
        self._server = BackgroundServer(PlatformApp(self))
        self.url = self._server.url
        self.jwks_url = self.url + "/.well-known/jwks.json"

    def stop(self) -> None:
        for installation in list(self._installations.values()):
            installation.stop()
        self._server.stop()
        self.delivery.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def gateway_for(self, cloud_id: str) -> SiteGateway | None:
        with self._lock:
            return self._gateways.get(cloud_id)

    def installation_in(self, site) -> "ForgeInstallation | None":
        with self._lock:
            return self._installations.get(site.cloud_id)

    def install(self, site, remote_base_url: str) -> "ForgeInstallation":
        """Installs the app (a new installationId each time) and sends ``avi:forge:installed:app``."""
        installation = ForgeInstallation(self, site, remote_base_url.rstrip("/"))
        with self._lock:
            self._installations[site.cloud_id] = installation
            if site.cloud_id not in self._gateways:
                self._gateways[site.cloud_id] = SiteGateway(site, lambda: self.installation_in(site))
        installation.start()
        installation.last_response = installation.lifecycle("avi:forge:installed:app")
        return installation

    def uninstall(self, site) -> requests.Response | None:
        """``preUninstall`` (best effort: its answer changes nothing), then the app and its tokens are gone."""
        installation = self.installation_in(site)
        if installation is None:
            raise RuntimeError(f"the app is not installed in {site.name}")
        response = installation.trigger(UNINSTALL_ROUTE, {"eventType": "avi:forge:uninstalled:app"}, "tandem-uninstall",
                                        retried=False)
        self.app_tokens.revoke_installation(installation.installation_id)
        with self._lock:
            del self._installations[site.cloud_id]
        installation.stop()
        return response


class ForgeInstallation:
    def __init__(self, platform: ForgePlatform, site, remote_base_url: str):
        self.platform = platform
        self.site = site
        self.remote_base_url = remote_base_url
        self.installation_id = f"ari:cloud:ecosystem::installation/{uuid.uuid4()}"
        self.api_base_url = f"{platform.url}/ex/jira/{site.cloud_id}"
        self.app_user = site.ensure_app_user(APP_NAME)
        self.system_token = self.new_system_token()
        self.send_system_token = True  # tests may make Forge send none
        self.last_response = None
        self._outbox = WebhookOutbox(self._deliver_event)

    def start(self) -> None:
        self.site.outbox.observers.append(self._observe)

    def stop(self) -> None:
        if self._observe in self.site.outbox.observers:
            self.site.outbox.observers.remove(self._observe)
        self._outbox.stop()

    # --- tokens -------------------------------------------------------------------------------

    def new_system_token(self, lifetime: float = SYSTEM_TOKEN_LIFETIME_SECONDS) -> str:
        """Mints the installation's newest app system token, sent with every invocation from now on."""
        self.system_token = self.platform.app_tokens.mint(self.installation_id, self.site.cloud_id,
                                                          self.app_user.account_id, lifetime)
        return self.system_token

    def fit(self, module_key: str, module_type: str = "core:endpoint", principal: str | None = None,
            extension: dict | None = None, kid: str | None = None, **overrides) -> str:
        claims = fit_claims(self.platform.app_id, self.installation_id, self.api_base_url, self.site.cloud_id,
                            self.site.base_url, {"type": module_type, "key": module_key}, principal, extension,
                            **overrides)
        return self.platform.keys.sign(claims, kid)

    def headers(self, module_key: str, module_type: str = "core:endpoint", **fit_options) -> dict:
        headers = {"Authorization": f"Bearer {self.fit(module_key, module_type, **fit_options)}",
                   "x-b3-traceid": uuid.uuid4().hex, "x-b3-spanid": uuid.uuid4().hex[:16]}
        if self.send_system_token:
            headers[SYSTEM_TOKEN_HEADER] = self.system_token
        return headers

    # --- triggers -----------------------------------------------------------------------------

    def trigger(self, route: str, body: dict, module_key: str, retried: bool = True):
        body = {**body, "context": {"cloudId": self.site.cloud_id, "moduleKey": module_key}}
        return self.platform.delivery.post(self.remote_base_url + route, body,
                                           lambda: self.headers(module_key, "core:trigger"), retried)

    def lifecycle(self, event_type: str):
        body = {"eventType": event_type, "id": str(uuid.uuid4()), "installerAccountId": self.site.admin.account_id,
                "app": {"id": self.platform.app_id, "version": "1"}}
        return self.trigger(LIFECYCLE_ROUTE, body, "tandem-lifecycle")

    def scheduled(self, token_lifetime: float = SYSTEM_TOKEN_LIFETIME_SECONDS):
        """The hourly trigger, with a fresh app system token."""
        self.new_system_token(token_lifetime)
        return self.trigger(SCHEDULED_ROUTE, {"eventType": "avi:forge:scheduled-trigger"}, "tandem-hourly")

    # --- product events -----------------------------------------------------------------------

    def _observe(self, connect_event: str, payload: dict) -> None:
        by_app, trace = current_request_marks()
        event = forge_event(connect_event, payload, self_generated=by_app, trace=trace)
        if event is not None:
            self._outbox.put(event["eventType"], event)

    def _deliver_event(self, event_type: str, event: dict):
        return self.trigger(EVENTS_ROUTE, event, "tandem-events")

    def send_event(self, event: dict):
        """Delivers an event now, as given (a test's own, or one sent again)."""
        return self._deliver_event(event["eventType"], event)

    def wait_for_events(self, timeout: float = 60.0) -> None:
        """Until the events of every change made so far have been delivered (or given up on)."""
        self.site.outbox.flush(timeout)
        self._outbox.flush(timeout)

    # --- the UI -------------------------------------------------------------------------------

    def invoke_remote(self, method: str, path: str, account_id: str, extension: dict, json=None,
                      module_type: str = "jira:projectSettingsPage", **fit_options) -> requests.Response:
        """``invokeRemote`` from a Custom UI: a FIT with the user (``principal``) and where the page is open."""
        headers = self.headers("tandem-settings", module_type, principal=account_id,
                               extension={"type": module_type, **extension}, **fit_options)
        return requests.request(method, self.remote_base_url + path, json=json, headers=headers, timeout=30)
